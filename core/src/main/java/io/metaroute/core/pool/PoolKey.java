package io.metaroute.core.pool;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import java.util.Objects;

/** Identifies a pool across the whole network: the same address on two rollups is two pools. */
public record PoolKey(ChainId chain, Address address) {
    public PoolKey {
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(address, "address");
    }
}
