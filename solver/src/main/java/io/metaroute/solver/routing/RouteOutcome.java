package io.metaroute.solver.routing;

import io.metaroute.core.route.Plan;
import io.metaroute.core.route.Route;
import java.math.BigInteger;

/** The answer of a route search: a plan with its certificate, or a clear reason why there is none. */
public sealed interface RouteOutcome {

    /**
     * @param warmStart the solver state to pass to the next solve of the same request (opaque;
     *                  may be null)
     */
    record Found(Plan plan, Certificate certificate, Costs costs, Object warmStart) implements RouteOutcome {
        public Found(Route route, int pathsConsidered) {
            this(route, Certificate.unbounded(route.amountOut(), pathsConsidered, "single-path search"), Costs.NONE, null);
        }

        /** The plan as a same-rollup route; throws for a cross-rollup plan. */
        public Route route() {
            if (plan instanceof Route r) {
                return r;
            }
            throw new IllegalStateException("a cross-rollup plan is not a single-rollup route");
        }

        /** What the recipient receives, less the gas priced in the output token. */
        public BigInteger netOutput() {
            return plan.amountOut().subtract(costs.gasInTokenOut());
        }
    }

    record NoRoute(Reason reason, String detail) implements RouteOutcome {
    }

    enum Reason {
        /** No chain of pools (and transfers) connects the two tokens. */
        NO_PATH,
        /** Paths exist, but none pays out anything for this amount (or more than it costs). */
        INSUFFICIENT_LIQUIDITY,
        /** The best route pays less than the required minimum. */
        BOUND_UNREACHABLE,
        /** The market picture is older than the freshness limit: no firm answer can be given. */
        MARKET_STALE,
        /** A rollup the route needs is down, or its feed silent or stale: routes avoid it until it recovers. */
        ROLLUP_UNHEALTHY
    }
}
