package io.metaroute.core.token;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.chain.InvalidValueException;
import java.util.Objects;

/** An ERC-20 token on one chain. Two tokens are the same only if chain and address match. */
public record Token(ChainId chain, Address address, String symbol, int decimals) {
    public Token {
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(address, "address");
        if (symbol == null || symbol.isBlank()) {
            throw new InvalidValueException("symbol", "must not be blank");
        }
        if (decimals < 0 || decimals > 77) {
            throw new InvalidValueException("decimals", "must be between 0 and 77, got " + decimals);
        }
    }

    public TokenAmount amount(java.math.BigInteger baseUnits) {
        return new TokenAmount(this, baseUnits);
    }
}
