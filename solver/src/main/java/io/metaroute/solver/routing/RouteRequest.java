package io.metaroute.solver.routing;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.token.Uint256;
import java.math.BigInteger;
import java.util.Objects;

/**
 * Sell exactly {@code amountIn} of {@code tokenIn} on {@code origin} for as much {@code tokenOut}
 * on {@code destination} as possible. Token addresses are each on their own chain.
 */
public record RouteRequest(ChainId origin, ChainId destination, Address tokenIn, Address tokenOut, BigInteger amountIn) {
    public RouteRequest {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(tokenIn, "tokenIn");
        Objects.requireNonNull(tokenOut, "tokenOut");
        Uint256.requirePositive("amountIn", amountIn);
        if (origin.equals(destination) && tokenIn.equals(tokenOut)) {
            throw new IllegalArgumentException("tokenIn and tokenOut are the same token");
        }
    }

    /** A swap on one rollup. */
    public RouteRequest(ChainId chain, Address tokenIn, Address tokenOut, BigInteger amountIn) {
        this(chain, chain, tokenIn, tokenOut, amountIn);
    }

    /** The rollup of a same-rollup request. */
    public ChainId chain() {
        if (!isSameRollup()) {
            throw new IllegalStateException("a cross-rollup request has two chains");
        }
        return origin;
    }

    public boolean isSameRollup() {
        return origin.equals(destination);
    }

    public RouteRequest withAmountIn(BigInteger amount) {
        return new RouteRequest(origin, destination, tokenIn, tokenOut, amount);
    }
}
