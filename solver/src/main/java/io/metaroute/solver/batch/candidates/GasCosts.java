package io.metaroute.solver.batch.candidates;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.core.network.Network;
import io.metaroute.core.network.Rollup;
import io.metaroute.core.pool.PoolState;
import io.metaroute.core.route.CrossRollupRoute;
import io.metaroute.core.route.Plan;
import io.metaroute.core.route.Route;
import io.metaroute.core.token.Token;
import io.metaroute.solver.routing.Costs;
import io.metaroute.solver.routing.RouterSettings;
import java.math.BigInteger;
import java.util.Objects;
import java.util.Optional;

/**
 * Gas as the router charges it ({@code gasPerFill} per settler fill, {@code gasPerLeg} per pool
 * leg, at each rollup's gas price), valued in the output token at the mid price of the deepest
 * WETH pool paired directly with it on the destination (every rollup's gas token is ETH). Without
 * such a pool, or with gas pricing off, gas is counted in units and wei but not in the output token.
 */
public final class GasCosts implements CostModel {
    private final Network network;
    private final RouterSettings settings;

    public GasCosts(Network network, RouterSettings settings) {
        this.network = Objects.requireNonNull(network, "network");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public Costs of(Plan plan, MarketSnapshot snapshot) {
        long units = 0;
        BigInteger wei = BigInteger.ZERO;
        BigInteger fee = BigInteger.ZERO;
        switch (plan) {
            case Route route -> {
                long u = fill(route.legs().size());
                units += u;
                wei = wei.add(price(route.chain(), u));
            }
            case CrossRollupRoute cross -> {
                long originUnits = fill(cross.origin().map(r -> r.legs().size()).orElse(0));
                long destinationUnits = fill(cross.destination().map(r -> r.legs().size()).orElse(0));
                units += originUnits + destinationUnits;
                wei = wei.add(price(cross.originChain(), originUnits)).add(price(cross.destinationChain(), destinationUnits));
                fee = cross.transfer().fee();
            }
        }
        BigInteger inTokenOut = settings.priceGas() ? valueInTokenOut(wei, plan, snapshot) : BigInteger.ZERO;
        return new Costs(units, wei, inTokenOut, fee);
    }

    private long fill(int legs) {
        return settings.gasPerFill() + settings.gasPerLeg() * legs;
    }

    private BigInteger price(ChainId chain, long units) {
        return network.rollup(chain).map(Rollup::gasPriceWei).orElse(BigInteger.ZERO).multiply(BigInteger.valueOf(units));
    }

    private BigInteger valueInTokenOut(BigInteger wei, Plan plan, MarketSnapshot snapshot) {
        ChainId chain = plan.destinationChain();
        Optional<Address> weth = network.rollup(chain).flatMap(r -> r.tokenBySymbol("WETH")).map(Token::address);
        if (weth.isEmpty() || wei.signum() == 0) {
            return BigInteger.ZERO;
        }
        if (weth.get().equals(plan.tokenOut())) {
            return wei;
        }
        PoolState deepest = null;
        for (PoolState p : snapshot.poolsOn(chain)) {
            if (p.has(weth.get()) && p.has(plan.tokenOut())
                    && (deepest == null || p.reserveOf(weth.get()).compareTo(deepest.reserveOf(weth.get())) > 0)) {
                deepest = p;
            }
        }
        if (deepest == null || deepest.reserveOf(weth.get()).signum() == 0) {
            return BigInteger.ZERO;
        }
        return wei.multiply(deepest.reserveOf(plan.tokenOut())).divide(deepest.reserveOf(weth.get()));
    }
}
