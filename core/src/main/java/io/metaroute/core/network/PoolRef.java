package io.metaroute.core.network;

import io.metaroute.core.chain.Address;
import java.util.Objects;

/** A pool the network knows of: its address and its two tokens, ordered as the pair orders them. */
public record PoolRef(Address address, Address token0, Address token1) {
    public PoolRef {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(token0, "token0");
        Objects.requireNonNull(token1, "token1");
    }
}
