package io.metaroute.solver.cow;

import io.metaroute.core.chain.ChainId;
import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.core.pool.PoolState;
import java.math.BigInteger;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The default clearing price: the mid price {@code reserveQuote / reserveBase} of the deepest pool
 * (largest reserve product) that trades the pair directly on one of the rollups the intents touch.
 * The mid price lies between the pool's marginal buy and sell rates (it leaves out the 0.3% fee),
 * so it is fair to both directions. Ties in depth go to the lower chain id, then pool address.
 * A pair without a direct pool on those rollups has no price and is left to routing.
 */
public final class PoolPrices implements ClearingPrices {
    private static final Comparator<PoolState> TIE_BREAK = Comparator.comparing((PoolState p) -> p.chain())
            .thenComparing(p -> p.address().hex());

    private final MarketSnapshot snapshot;
    private final Assets assets;

    public PoolPrices(MarketSnapshot snapshot, Assets assets) {
        this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
        this.assets = Objects.requireNonNull(assets, "assets");
    }

    @Override
    public Optional<Price> price(AssetPair pair, Set<ChainId> chains) {
        PoolState best = null;
        BigInteger bestDepth = BigInteger.ZERO;
        for (PoolState pool : snapshot.pools().values()) {
            if (!chains.contains(pool.chain()) || pool.reserve0().signum() == 0 || pool.reserve1().signum() == 0) {
                continue;
            }
            Optional<AssetId> a0 = assets.assetOf(pool.chain(), pool.token0());
            Optional<AssetId> a1 = assets.assetOf(pool.chain(), pool.token1());
            if (a0.isEmpty() || a1.isEmpty() || a0.get().equals(a1.get())
                    || !pair.contains(a0.get()) || !pair.contains(a1.get())) {
                continue;
            }
            BigInteger depth = pool.reserve0().multiply(pool.reserve1());
            int cmp = depth.compareTo(bestDepth);
            if (best == null || cmp > 0 || (cmp == 0 && TIE_BREAK.compare(pool, best) < 0)) {
                best = pool;
                bestDepth = depth;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        boolean baseIsToken0 = assets.assetOf(best.chain(), best.token0()).orElseThrow().equals(pair.base());
        BigInteger baseReserve = baseIsToken0 ? best.reserve0() : best.reserve1();
        BigInteger quoteReserve = baseIsToken0 ? best.reserve1() : best.reserve0();
        return Optional.of(Price.of(quoteReserve, baseReserve));
    }
}
