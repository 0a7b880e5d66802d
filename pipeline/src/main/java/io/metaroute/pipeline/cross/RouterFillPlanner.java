package io.metaroute.pipeline.cross;

import io.metaroute.core.chain.Address;
import io.metaroute.core.cross.CrossOrder;
import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.core.pool.PoolState;
import io.metaroute.core.route.CrossRollupRoute;
import io.metaroute.core.route.Route;
import io.metaroute.core.route.RouteReplay;
import io.metaroute.quotefeeds.market.MarketStore;
import io.metaroute.solver.routing.Inventory;
import io.metaroute.solver.routing.RouteOutcome;
import io.metaroute.solver.routing.RouteRequest;
import io.metaroute.solver.routing.Router;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plans a fill on the live market: the router's cross-rollup route that carries the input itself
 * (the solver pays the carried token out of its destination inventory, less the message fee and the
 * destination's gas, and swaps it into the output there when they differ), less the protocol fee the
 * origin keeps from the solver's repayment.
 * <p>
 * When the destination's pools have moved since the quote so that this pays less than the signed
 * minimum, the solver may take the price move on itself: it spends more of its carried-token
 * inventory than it will be repaid, at most {@code priceRiskBps} of what it is repaid, the least
 * that makes the exact output reach the minimum plus the route's gas (the margin the plain fill keeps
 * too). A user then gets at least the minimum they signed instead of a refund after the deadline;
 * what the solver spent beyond its repayment is counted per (destination, token) in {@link #toppedUp}.
 * Declined when the router finds no route, when inventory is short, or when even that budget does not
 * reach the minimum.
 */
public final class RouterFillPlanner implements CrossFillPlanner {
    private static final BigInteger BPS = BigInteger.valueOf(10_000);

    private final Router router;
    private final MarketStore market;
    private final long priceRiskBps;
    private final Map<Inventory.Key, BigInteger> toppedUp = new ConcurrentHashMap<>();
    private final AtomicLong topUps = new AtomicLong();

    public RouterFillPlanner(Router router, MarketStore market) {
        this(router, market, 0);
    }

    /** @param priceRiskBps the most the solver spends beyond its repayment to fill an order, in bps of the repayment (0: never) */
    public RouterFillPlanner(Router router, MarketStore market, long priceRiskBps) {
        if (priceRiskBps < 0 || priceRiskBps > 10_000) {
            throw new IllegalArgumentException("priceRiskBps must be between 0 and 10000, not " + priceRiskBps);
        }
        this.router = router;
        this.market = market;
        this.priceRiskBps = priceRiskBps;
    }

    /** Carried tokens spent beyond repayments to reach signed minimums, per (destination chain, token), in base units. */
    public Map<Inventory.Key, BigInteger> toppedUp() {
        return Map.copyOf(toppedUp);
    }

    /** How many fills were planned with the solver taking a price move on itself. */
    public long topUps() {
        return topUps.get();
    }

    public long priceRiskBps() {
        return priceRiskBps;
    }

    @Override
    public Decision plan(CrossOrder o) {
        MarketSnapshot snapshot = market.current();
        var request = new RouteRequest(o.originChainId(), o.destinationChainId(), o.tokenIn(), o.tokenOut(), o.amountIn());
        RouteOutcome outcome = router.routeCarryingInput(snapshot, request);
        if (!(outcome instanceof RouteOutcome.Found found) || !(found.plan() instanceof CrossRollupRoute cross)) {
            return new Decline(outcome instanceof RouteOutcome.NoRoute no ? no.reason() + ": " + no.detail() : "no route");
        }
        BigInteger keep = BPS.subtract(BigInteger.valueOf(o.feeBps()));
        BigInteger spent = cross.transfer().amountOut().multiply(keep).divide(BPS);
        BigInteger gas = found.costs().gasInTokenOut();
        BigInteger net = found.plan().amountOut().subtract(gas).multiply(keep).divide(BPS);
        List<RouteReplay.Step> steps = cross.destination().map(Route::legs).orElse(List.of()).stream()
                .map(RouteReplay.Step::of).toList();
        if (spent.signum() <= 0) {
            return new Decline("the route carries nothing once fees are paid");
        }
        if (net.compareTo(o.minAmountOut()) >= 0) {
            // without a destination swap the carried token is the output and every unit spent reaches the recipient
            BigInteger expected = steps.isEmpty() ? spent : found.plan().amountOut().multiply(keep).divide(BPS);
            return new Go(new CrossChains.Fill(cross.transfer().tokenTo(), spent, steps, expected));
        }
        Optional<CrossChains.Fill> topped = topUp(o, snapshot, cross, spent, steps, o.minAmountOut().add(gas));
        if (topped.isEmpty()) {
            return new Decline("the route pays " + net + " net of gas and fees, below the signed minimum " + o.minAmountOut()
                    + (priceRiskBps == 0 ? "" : ", and more than " + priceRiskBps + " bps of the solver's own inventory would not reach it"));
        }
        CrossChains.Fill fill = topped.get();
        topUps.incrementAndGet();
        toppedUp.merge(new Inventory.Key(o.destinationChainId(), fill.tokenSpent()), fill.amountSpent().subtract(spent),
                BigInteger::add);
        return new Go(fill);
    }

    /**
     * The least amount of the carried token, between {@code spent} and {@code spent} plus the price-risk budget, whose
     * exact output through {@code steps} on the destination's pools as they are reaches {@code target}; empty when the
     * budget does not reach it (or the route takes a maker's quote, which a larger input cannot scale).
     */
    private Optional<CrossChains.Fill> topUp(CrossOrder o, MarketSnapshot snapshot, CrossRollupRoute cross, BigInteger spent,
                                             List<RouteReplay.Step> steps, BigInteger target) {
        if (priceRiskBps == 0 || cross.destination().map(Route::takesQuotes).orElse(false)) {
            return Optional.empty();
        }
        BigInteger most = spent.add(spent.multiply(BigInteger.valueOf(priceRiskBps)).divide(BPS));
        Address carried = cross.transfer().tokenTo();
        Map<Address, PoolState> pools = new HashMap<>();
        snapshot.poolsOn(o.destinationChainId()).forEach(p -> pools.put(p.address(), p));
        java.util.function.Function<BigInteger, BigInteger> out = steps.isEmpty() ? a -> a
                : a -> RouteReplay.run(o.destinationChainId(), carried, o.tokenOut(), a, steps, pools, snapshot.version())
                        .route().amountOut();
        if (out.apply(most).compareTo(target) < 0) {
            return Optional.empty();
        }
        // the output never falls as the input grows (each step sells a share of what is held, rounded down)
        BigInteger lo = spent;
        BigInteger hi = most;
        while (hi.subtract(lo).compareTo(BigInteger.ONE) > 0) {
            BigInteger mid = lo.add(hi).shiftRight(1);
            if (out.apply(mid).compareTo(target) >= 0) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return Optional.of(new CrossChains.Fill(carried, hi, steps, out.apply(hi)));
    }
}
