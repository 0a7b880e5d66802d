package io.metaroute.quotefeeds.rfq;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

/**
 * A request for firm quotes sent to the connected makers: someone asks to sell {@code amountIn} of
 * {@code tokenIn} for {@code tokenOut} on {@code chain}; a quote answering it should arrive before
 * {@code answerBy} to be considered for that trade.
 */
public record RfqRequest(String id, ChainId chain, Address tokenIn, Address tokenOut, BigInteger amountIn, Instant answerBy) {
    public RfqRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(tokenIn, "tokenIn");
        Objects.requireNonNull(tokenOut, "tokenOut");
        Objects.requireNonNull(amountIn, "amountIn");
        Objects.requireNonNull(answerBy, "answerBy");
    }
}
