package io.metaroute.core.rfq;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.chain.InvalidValueException;
import io.metaroute.core.token.Uint256;
import java.math.BigInteger;
import java.util.Objects;

/**
 * A market maker's firm quote on one rollup: {@code maker} sells up to {@code amountIn} of
 * {@code tokenIn} (what the taker sells; the maker receives it) for {@code tokenOut} at the fixed
 * price {@code amountOut / amountIn}, until {@code expiry} (unix seconds), once ({@code nonce}).
 * A partial fill of {@code x} pays {@code x * amountOut / amountIn}, rounded down: in the maker's
 * favour, as the settler's {@code MakerQuotes} computes it. The chain is not a field of the signed
 * struct: the signing domain (the rollup's settler) binds it.
 */
public record MakerQuote(ChainId chain, Address maker, Address tokenIn, Address tokenOut, BigInteger amountIn,
                         BigInteger amountOut, long expiry, BigInteger nonce) {

    public MakerQuote {
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(maker, "maker");
        Objects.requireNonNull(tokenIn, "tokenIn");
        Objects.requireNonNull(tokenOut, "tokenOut");
        Uint256.requirePositive("amountIn", amountIn);
        Uint256.requirePositive("amountOut", amountOut);
        Uint256.require("nonce", nonce);
        if (tokenIn.equals(tokenOut)) {
            throw new InvalidValueException("tokenOut", "a quote needs two different tokens");
        }
        if (expiry < 0) {
            throw new InvalidValueException("expiry", "must not be negative, got " + expiry);
        }
    }

    /** What the maker pays for {@code in} ({@code ≤ amountIn}) of {@code tokenIn}, rounded down. */
    public BigInteger amountOutFor(BigInteger in) {
        if (in.signum() < 0 || in.compareTo(amountIn) > 0) {
            throw new IllegalArgumentException("the quote takes 0.." + amountIn + ", not " + in);
        }
        return in.multiply(amountOut).divide(amountIn);
    }

    /** The quote's price in base units of {@code tokenOut} per base unit of {@code tokenIn}, as a double. */
    public double price() {
        return new java.math.BigDecimal(amountOut).divide(new java.math.BigDecimal(amountIn), java.math.MathContext.DECIMAL64)
                .doubleValue();
    }

    /** Whether the quote can still be taken at {@code nowSeconds}: the settler refuses it after {@code expiry}. */
    public boolean liveAt(long nowSeconds) {
        return nowSeconds <= expiry;
    }
}
