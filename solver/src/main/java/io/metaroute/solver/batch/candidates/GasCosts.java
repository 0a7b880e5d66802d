package io.metaroute.solver.batch.candidates;

import io.metaroute.core.chain.ChainId;
import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.core.network.Rollup;
import io.metaroute.core.route.CrossRollupRoute;
import io.metaroute.core.route.Plan;
import io.metaroute.core.route.Route;
import io.metaroute.solver.routing.Costs;
import io.metaroute.solver.routing.Router;
import io.metaroute.solver.routing.RouterSettings;
import java.math.BigInteger;
import java.util.Objects;

/**
 * Gas of a plan exactly as {@code router} charges it: {@code gasPerFill} per settler fill and
 * {@code gasPerLeg} per pool leg at each rollup's gas price, valued in the output token by
 * {@link Router#gasCost} (the router's mid price, rounded up). The router's value of gas is the one
 * value of gas: a candidate from any source is priced as the router's own plans are, so no source
 * can win the batch by being charged less. With the router's gas pricing off, gas is counted in
 * units and wei but costs nothing in the output token.
 *
 * <p>A cross-rollup plan is counted as the router counts a carry: an origin fill only when there is
 * an origin swap, and a destination fill whose gas is charged only when it swaps. Origin gas is paid
 * in the origin's native coin, the same asset as the destination's: it is valued at the
 * destination's price of that coin, as the router values it, by scaling the destination's value of
 * the same legs by the two rollups' gas prices.
 */
public final class GasCosts implements CostModel {
    private final Router router;

    public GasCosts(Router router) {
        this.router = Objects.requireNonNull(router, "router");
    }

    @Override
    public Costs of(Plan plan, MarketSnapshot snapshot) {
        return switch (plan) {
            case Route route -> {
                int legs = route.legs().size();
                yield new Costs(units(legs), wei(route.chain(), legs),
                        router.gasCost(snapshot, route.chain(), route.tokenOut(), legs), BigInteger.ZERO);
            }
            case CrossRollupRoute cross -> {
                int originLegs = cross.origin().map(r -> r.legs().size()).orElse(0);
                int destinationLegs = cross.destination().map(r -> r.legs().size()).orElse(0);
                // As the router counts a carry: an origin fill only when there is an origin swap, always a destination fill.
                long originUnits = originLegs == 0 ? 0 : units(originLegs);
                long destinationUnits = units(destinationLegs);
                BigInteger wei = (originLegs == 0 ? BigInteger.ZERO : wei(cross.originChain(), originLegs))
                        .add(wei(cross.destinationChain(), destinationLegs));
                BigInteger inTokenOut = (destinationLegs == 0 ? BigInteger.ZERO
                        : router.gasCost(snapshot, cross.destinationChain(), cross.tokenOut(), destinationLegs))
                        .add(originLegs == 0 ? BigInteger.ZERO : originInTokenOut(cross, originLegs, snapshot));
                yield new Costs(originUnits + destinationUnits, wei, inTokenOut, cross.transfer().fee());
            }
        };
    }

    /** The origin's gas for {@code legs} at the destination's price of the native coin, rounded up. */
    private BigInteger originInTokenOut(CrossRollupRoute cross, int legs, MarketSnapshot snapshot) {
        BigInteger destinationPrice = gasPrice(cross.destinationChain());
        if (destinationPrice.signum() == 0) {
            return BigInteger.ZERO;
        }
        BigInteger atDestination = router.gasCost(snapshot, cross.destinationChain(), cross.tokenOut(), legs);
        BigInteger[] q = atDestination.multiply(gasPrice(cross.originChain())).divideAndRemainder(destinationPrice);
        return q[1].signum() == 0 ? q[0] : q[0].add(BigInteger.ONE);
    }

    private long units(int legs) {
        RouterSettings s = router.settings();
        return s.gasPerFill() + s.gasPerLeg() * legs;
    }

    private BigInteger wei(ChainId chain, int legs) {
        return gasPrice(chain).multiply(BigInteger.valueOf(units(legs)));
    }

    private BigInteger gasPrice(ChainId chain) {
        return router.network().rollup(chain).map(Rollup::gasPriceWei).orElse(BigInteger.ZERO);
    }
}
