package io.metaroute.quotefeeds.market;

import io.metaroute.core.pool.PoolState;
import java.util.Objects;

/** A pool state observed at a chain position, as a collector hands it to the {@link MarketStore}. */
public record PoolUpdate(PoolState state, ChainPosition position) {
    public PoolUpdate {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(position, "position");
    }
}
