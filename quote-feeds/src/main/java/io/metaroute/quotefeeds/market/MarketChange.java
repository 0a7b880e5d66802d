package io.metaroute.quotefeeds.market;

import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.core.pool.PoolState;
import java.util.List;

/**
 * One version step of a {@link MarketStore}: the snapshot it made and the pools whose state that
 * version set (empty for a version that changed no pool, such as a rollup going down). Listeners
 * get every change once, in version order, so replaying the changes after a snapshot of version
 * {@code v} on that snapshot gives exactly the store's later versions.
 */
public record MarketChange(MarketSnapshot snapshot, List<PoolState> pools) {
    public MarketChange {
        pools = List.copyOf(pools);
    }

    public long version() {
        return snapshot.version();
    }
}
