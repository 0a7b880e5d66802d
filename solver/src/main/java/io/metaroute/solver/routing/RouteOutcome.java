package io.metaroute.solver.routing;

import io.metaroute.core.route.Route;

/** The answer of a route search: a route, or a clear reason why there is none. */
public sealed interface RouteOutcome {

    record Found(Route route, int pathsConsidered) implements RouteOutcome {
    }

    record NoRoute(Reason reason, String detail) implements RouteOutcome {
    }

    enum Reason {
        /** No chain of pools connects the two tokens on this rollup within the hop limit. */
        NO_PATH,
        /** Paths exist, but none pays out anything for this amount. */
        INSUFFICIENT_LIQUIDITY,
        /** The best route pays less than the required minimum. */
        BOUND_UNREACHABLE
    }
}
