package io.metaroute.core.intent;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.chain.InvalidValueException;
import io.metaroute.core.token.Uint256;
import java.math.BigInteger;
import java.util.Objects;

/**
 * What the user signs (EIP-712 primary type {@code SwapIntent}): sell {@code amountIn} of
 * {@code tokenIn} on the origin chain for at least {@code minAmountOut} of {@code tokenOut} on
 * the destination chain, paid to {@code recipient}, before {@code deadline} (unix seconds). The
 * {@code nonce} makes each intent single-use. Shaped after ERC-7683's order: the settler on the
 * origin chain is the verifying contract of the signing domain.
 */
public record SwapIntent(
        Address user,
        Address recipient,
        BigInteger nonce,
        ChainId originChainId,
        ChainId destinationChainId,
        Address tokenIn,
        BigInteger amountIn,
        Address tokenOut,
        BigInteger minAmountOut,
        long deadline) {

    public SwapIntent {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(originChainId, "originChainId");
        Objects.requireNonNull(destinationChainId, "destinationChainId");
        Objects.requireNonNull(tokenIn, "tokenIn");
        Objects.requireNonNull(tokenOut, "tokenOut");
        Uint256.require("nonce", nonce);
        Uint256.requirePositive("amountIn", amountIn);
        Uint256.requirePositive("minAmountOut", minAmountOut);
        if (deadline <= 0) {
            throw new InvalidValueException("deadline", "must be a positive unix time in seconds");
        }
        if (tokenIn.equals(tokenOut) && originChainId.equals(destinationChainId)) {
            throw new InvalidValueException("tokenOut", "must differ from tokenIn on the same chain");
        }
        if (recipient.isZero()) {
            throw new InvalidValueException("recipient", "must not be the zero address");
        }
    }

    public boolean sameChain() {
        return originChainId.equals(destinationChainId);
    }
}
