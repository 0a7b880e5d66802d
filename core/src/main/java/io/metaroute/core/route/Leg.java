package io.metaroute.core.route;

import io.metaroute.core.chain.Address;
import io.metaroute.core.token.Uint256;
import java.math.BigInteger;
import java.util.Objects;

/** One swap through one pool: exact integer amounts in and out. */
public record Leg(Address pool, Address tokenIn, Address tokenOut, BigInteger amountIn, BigInteger amountOut) {
    public Leg {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(tokenIn, "tokenIn");
        Objects.requireNonNull(tokenOut, "tokenOut");
        Uint256.require("amountIn", amountIn);
        Uint256.require("amountOut", amountOut);
    }
}
