package io.metaroute.core.token;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;

/** An exact amount of a token in base units: an unsigned 256-bit integer, never a double. */
public record TokenAmount(Token token, BigInteger value) implements Comparable<TokenAmount> {
    public TokenAmount {
        Objects.requireNonNull(token, "token");
        Uint256.require("amount", value);
    }

    public TokenAmount plus(TokenAmount other) {
        requireSameToken(other);
        return new TokenAmount(token, value.add(other.value));
    }

    public TokenAmount minus(TokenAmount other) {
        requireSameToken(other);
        return new TokenAmount(token, value.subtract(other.value));
    }

    /** The amount in whole tokens, for display only. */
    public BigDecimal toDecimal() {
        return new BigDecimal(value, token.decimals());
    }

    @Override
    public int compareTo(TokenAmount other) {
        requireSameToken(other);
        return value.compareTo(other.value);
    }

    private void requireSameToken(TokenAmount other) {
        if (!token.equals(other.token)) {
            throw new IllegalArgumentException("different tokens: " + token.symbol() + " and " + other.token.symbol());
        }
    }

    @Override
    public String toString() {
        return value + " " + token.symbol();
    }
}
