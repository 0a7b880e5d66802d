package io.metaroute.bench.routing.reference;

import io.metaroute.core.chain.Address;
import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.core.pool.PoolKey;
import io.metaroute.core.pool.PoolState;
import io.metaroute.core.route.Leg;
import io.metaroute.core.route.Route;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs a route's legs against a snapshot the way the settler would, with the reference's own integer
 * Uniswap V2 formula: each leg sells {@code held * share / 1e18} of its input (rounded down), pools
 * move as legs run. Throws when a leg's recorded amounts are not what the pools pay.
 */
public final class LegReplay {
    private static final BigInteger ONE_E18 = BigInteger.TEN.pow(18);
    private static final BigInteger FEE_NUM = BigInteger.valueOf(997);
    private static final BigInteger FEE_DEN = BigInteger.valueOf(1000);

    private LegReplay() {
    }

    /** What the route delivers of its output token. */
    public static BigInteger delivered(MarketSnapshot snapshot, Route route) {
        Map<Address, BigInteger> held = new HashMap<>();
        held.put(route.tokenIn(), route.amountIn());
        Map<Address, BigInteger[]> reserves = new HashMap<>();
        int index = 0;
        for (Leg leg : route.legs()) {
            PoolState p = snapshot.pool(new PoolKey(route.chain(), leg.pool()))
                    .orElseThrow(() -> new AssertionError("leg uses pool " + leg.pool() + ", which the snapshot does not have"));
            if (!(p.token0().equals(leg.tokenIn()) && p.token1().equals(leg.tokenOut()))
                    && !(p.token1().equals(leg.tokenIn()) && p.token0().equals(leg.tokenOut()))) {
                throw new AssertionError("leg " + index + " trades a pair pool " + leg.pool() + " does not hold");
            }
            BigInteger[] r = reserves.computeIfAbsent(leg.pool(), k -> new BigInteger[] {p.reserve0(), p.reserve1()});
            BigInteger have = held.getOrDefault(leg.tokenIn(), BigInteger.ZERO);
            BigInteger sell = leg.share() == ONE_E18.longValue() ? have : have.multiply(BigInteger.valueOf(leg.share())).divide(ONE_E18);
            if (!sell.equals(leg.amountIn())) {
                throw new AssertionError("leg " + index + " records selling " + leg.amountIn() + " but its share of " + have + " is " + sell);
            }
            boolean zeroForOne = p.token0().equals(leg.tokenIn());
            BigInteger rIn = zeroForOne ? r[0] : r[1];
            BigInteger rOut = zeroForOne ? r[1] : r[0];
            BigInteger out = BigInteger.ZERO;
            if (sell.signum() > 0) {
                BigInteger x = sell.multiply(FEE_NUM);
                out = x.multiply(rOut).divide(rIn.multiply(FEE_DEN).add(x));
            }
            if (!out.equals(leg.amountOut())) {
                throw new AssertionError("leg " + index + " records " + leg.amountOut() + " out, the pool pays " + out);
            }
            if (zeroForOne) {
                r[0] = rIn.add(sell);
                r[1] = rOut.subtract(out);
            } else {
                r[1] = rIn.add(sell);
                r[0] = rOut.subtract(out);
            }
            held.put(leg.tokenIn(), have.subtract(sell));
            held.merge(leg.tokenOut(), out, BigInteger::add);
            index++;
        }
        return held.getOrDefault(route.tokenOut(), BigInteger.ZERO);
    }
}
