package io.metaroute.solver.routing;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.token.Uint256;
import java.math.BigInteger;
import java.util.Objects;

/** Sell exactly {@code amountIn} of {@code tokenIn} for as much {@code tokenOut} as possible on one rollup. */
public record RouteRequest(ChainId chain, Address tokenIn, Address tokenOut, BigInteger amountIn) {
    public RouteRequest {
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(tokenIn, "tokenIn");
        Objects.requireNonNull(tokenOut, "tokenOut");
        Uint256.requirePositive("amountIn", amountIn);
        if (tokenIn.equals(tokenOut)) {
            throw new IllegalArgumentException("tokenIn and tokenOut are the same token");
        }
    }
}
