package io.metaroute.pipeline.cross;

import io.metaroute.core.cross.CrossOrder;
import io.metaroute.core.route.CrossRollupRoute;
import io.metaroute.core.route.Route;
import io.metaroute.core.route.RouteReplay;
import io.metaroute.quotefeeds.market.MarketStore;
import io.metaroute.solver.routing.RouteOutcome;
import io.metaroute.solver.routing.RouteRequest;
import io.metaroute.solver.routing.Router;
import java.math.BigInteger;
import java.util.List;

/**
 * Plans a fill on the live market: the router's cross-rollup route that carries the input itself
 * (the solver pays the carried token out of its destination inventory, less the message fee and the
 * destination's gas, and swaps it into the output there when they differ), less the protocol fee the
 * origin keeps from the solver's repayment. Declined when the router finds no route, when inventory
 * is short, or when what it would pay is below the signed minimum.
 */
public final class RouterFillPlanner implements CrossFillPlanner {
    private static final BigInteger BPS = BigInteger.valueOf(10_000);

    private final Router router;
    private final MarketStore market;

    public RouterFillPlanner(Router router, MarketStore market) {
        this.router = router;
        this.market = market;
    }

    @Override
    public Decision plan(CrossOrder o) {
        var request = new RouteRequest(o.originChainId(), o.destinationChainId(), o.tokenIn(), o.tokenOut(), o.amountIn());
        RouteOutcome outcome = router.routeCarryingInput(market.current(), request);
        if (!(outcome instanceof RouteOutcome.Found found) || !(found.plan() instanceof CrossRollupRoute cross)) {
            return new Decline(outcome instanceof RouteOutcome.NoRoute no ? no.reason() + ": " + no.detail() : "no route");
        }
        BigInteger keep = BPS.subtract(BigInteger.valueOf(o.feeBps()));
        BigInteger spent = cross.transfer().amountOut().multiply(keep).divide(BPS);
        BigInteger net = found.plan().amountOut().subtract(found.costs().gasInTokenOut()).multiply(keep).divide(BPS);
        if (spent.signum() <= 0 || net.compareTo(o.minAmountOut()) < 0) {
            return new Decline("the route pays " + net + " net of gas and fees, below the signed minimum " + o.minAmountOut());
        }
        List<RouteReplay.Step> steps = cross.destination().map(Route::legs).orElse(List.of()).stream()
                .map(RouteReplay.Step::of).toList();
        // without a destination swap the carried token is the output and every unit spent reaches the recipient
        BigInteger expected = steps.isEmpty() ? spent : found.plan().amountOut().multiply(keep).divide(BPS);
        return new Go(new CrossChains.Fill(cross.transfer().tokenTo(), spent, steps, expected));
    }
}
