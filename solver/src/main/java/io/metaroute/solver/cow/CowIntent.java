package io.metaroute.solver.cow;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.intent.SwapIntent;
import io.metaroute.core.token.Uint256;
import io.metaroute.solver.routing.Inventory;
import io.metaroute.solver.routing.RouteRequest;
import java.math.BigInteger;
import java.util.Objects;

/**
 * What the matcher needs of an intent: sell {@code amountIn} of {@code tokenIn} on {@code origin}
 * for at least {@code minAmountOut} of {@code tokenOut} on {@code destination}. The same shape
 * describes a residual, the part still to be routed after matching; its minimum may then be zero.
 * {@code id} names the intent within a batch and orders it wherever order matters.
 */
public record CowIntent(String id, ChainId origin, Address tokenIn, BigInteger amountIn,
                        ChainId destination, Address tokenOut, BigInteger minAmountOut) {

    public CowIntent {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("an intent needs an id");
        }
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(tokenIn, "tokenIn");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(tokenOut, "tokenOut");
        Uint256.requirePositive("amountIn", amountIn);
        Uint256.require("minAmountOut", minAmountOut);
        if (origin.equals(destination) && tokenIn.equals(tokenOut)) {
            throw new IllegalArgumentException("intent " + id + " sells a token for itself");
        }
    }

    /** The signed intent under the given id. */
    public static CowIntent of(String id, SwapIntent intent) {
        return new CowIntent(id, intent.originChainId(), intent.tokenIn(), intent.amountIn(),
                intent.destinationChainId(), intent.tokenOut(), intent.minAmountOut());
    }

    /** The signed intent, named by its user and nonce (unique, since a nonce is single-use). */
    public static CowIntent of(SwapIntent intent) {
        return of(intent.user() + ":" + intent.nonce(), intent);
    }

    /** The same intent with less to sell and less still owed. */
    public CowIntent remaining(BigInteger newAmountIn, BigInteger newMinAmountOut) {
        return new CowIntent(id, origin, tokenIn, newAmountIn, destination, tokenOut, newMinAmountOut);
    }

    /** The route search for this (residual) intent. */
    public RouteRequest toRouteRequest() {
        return new RouteRequest(origin, destination, tokenIn, tokenOut, amountIn);
    }

    public Inventory.Key inputKey() {
        return new Inventory.Key(origin, tokenIn);
    }

    public Inventory.Key outputKey() {
        return new Inventory.Key(destination, tokenOut);
    }
}
