package io.metaroute.core.market;

import io.metaroute.core.chain.ChainId;
import io.metaroute.core.pool.PoolKey;
import io.metaroute.core.pool.PoolState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable, versioned picture of every known pool. Each change anywhere gives a new snapshot
 * with a higher version; readers never see a half-applied update.
 */
public record MarketSnapshot(long version, Instant takenAt, Map<PoolKey, PoolState> pools) {
    public static final MarketSnapshot EMPTY = new MarketSnapshot(0, Instant.EPOCH, Map.of());

    public MarketSnapshot {
        pools = Map.copyOf(pools);
    }

    public Optional<PoolState> pool(PoolKey key) {
        return Optional.ofNullable(pools.get(key));
    }

    public List<PoolState> poolsOn(ChainId chain) {
        return pools.values().stream().filter(p -> p.chain().equals(chain)).toList();
    }

    /** A new snapshot with one pool replaced (or added), one version later. */
    public MarketSnapshot with(PoolState pool, Instant at) {
        var next = new java.util.HashMap<>(pools);
        next.put(pool.key(), pool);
        return new MarketSnapshot(version + 1, at, next);
    }
}
