package io.metaroute.bench.routing;

import io.metaroute.bench.routing.RandomNetworks.Intent;
import io.metaroute.bench.routing.RandomNetworks.Market;
import io.metaroute.bench.routing.reference.Bounds;
import io.metaroute.bench.routing.reference.DualReference;
import io.metaroute.bench.routing.reference.LegReplay;
import io.metaroute.core.route.Route;
import io.metaroute.solver.routing.Certificate;
import io.metaroute.solver.routing.RouteOutcome;
import io.metaroute.solver.routing.RouteRequest;
import io.metaroute.solver.routing.Router;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.function.Supplier;

/**
 * One intent on one generated market, answered three ways: the router under test, the independent
 * reference (dual bounds), and the 5%-step baseline. Every comparison is against the reference or
 * the baseline, never against the router's own claims; the router's output is replayed leg by leg.
 */
record RoutingCase(
        long seed,
        int pools,
        int index,
        Intent intent,
        int poolsOnChain,
        BigInteger routerOut,
        Certificate certificate,
        int legs,
        Bounds reference,
        BigInteger baselineOut,
        long routerNanos,
        String failure) {

    static RoutingCase run(Market market, Router router, Intent intent, int index) {
        var request = new RouteRequest(intent.chain(), intent.tokenIn(), intent.tokenOut(), intent.amountIn());
        return run(market, intent, index, () -> router.route(market.snapshot(), request));
    }

    /** As {@link #run(Market, Router, Intent, int)}, with the router's answer from {@code solve} (on {@code market}'s snapshot). */
    static RoutingCase run(Market market, Intent intent, int index, Supplier<RouteOutcome> solve) {
        var pools = market.poolsOn(intent.chain());
        Bounds reference = DualReference.solve(pools, intent.tokenIn(), intent.tokenOut(), intent.amountIn());
        BigInteger baseline = new StepSplitBaseline()
                .solve(market.snapshot(), intent.chain(), intent.tokenIn(), intent.tokenOut(), intent.amountIn()).amountOut();
        long start = System.nanoTime();
        RouteOutcome outcome;
        try {
            outcome = solve.get();
        } catch (RuntimeException e) {
            return new RoutingCase(market.seed(), market.poolCount(), index, intent, pools.size(), BigInteger.ZERO, null, 0,
                    reference, baseline, System.nanoTime() - start, "router threw " + e);
        }
        long nanos = System.nanoTime() - start;
        if (!(outcome instanceof RouteOutcome.Found found)) {
            return new RoutingCase(market.seed(), market.poolCount(), index, intent, pools.size(), BigInteger.ZERO, null, 0,
                    reference, baseline, nanos, "no route: " + outcome);
        }
        Route route = found.route();
        String failure = null;
        BigInteger replayed;
        try {
            replayed = LegReplay.delivered(market.snapshot(), route);
            if (!replayed.equals(route.amountOut())) {
                failure = "the route claims " + route.amountOut() + " but its legs deliver " + replayed;
            }
        } catch (AssertionError e) {
            failure = "replay failed: " + e.getMessage();
        }
        return new RoutingCase(market.seed(), market.poolCount(), index, intent, pools.size(), route.amountOut(),
                found.certificate(), route.legs().size(), reference, baseline, nanos, failure);
    }

    /** Router output over the reference's upper bound: at worst this fraction of the optimum. */
    double routerShare() {
        return reference.fractionOf(routerOut);
    }

    double baselineShare() {
        return reference.fractionOf(baselineOut);
    }

    /** Whether the router's claimed bound is at least what the reference proves reachable. */
    boolean certificateHolds() {
        return certificate != null && certificate.bounded()
                && new BigDecimal(certificate.upperBound()).compareTo(reference.lower()) >= 0;
    }

    /** How far the router's bound is below the reference's lower bound, relative (positive: a false bound). */
    double certificateShortfall() {
        if (certificate == null || !certificate.bounded() || reference.lower().signum() == 0) {
            return Double.NaN;
        }
        return reference.lower().subtract(new BigDecimal(certificate.upperBound()))
                .divide(reference.lower(), MathContext.DECIMAL64).doubleValue();
    }

    String describe() {
        return String.format(
                "seed %d (%d pools), intent %d: chain %s, %s -> %s, amountIn %s (%.3g of depth), %d pools on the rollup; "
                        + "router %s (%d legs, %.3f ms), certificate bound %s gap %s; reference [%s, %s] (%d pools active); "
                        + "router/reference %.8f, baseline %s (%.8f)%s",
                seed, pools, index, intent.chain(), intent.tokenIn(), intent.tokenOut(), intent.amountIn(), intent.depthFraction(),
                poolsOnChain, routerOut, legs, routerNanos / 1e6,
                certificate == null ? "-" : certificate.upperBound(), certificate == null ? "-" : certificate.gap(),
                reference.lower().toBigInteger(), reference.upper().toBigInteger(), reference.activePools(),
                routerShare(), baselineOut, baselineShare(), failure == null ? "" : "; " + failure);
    }
}
