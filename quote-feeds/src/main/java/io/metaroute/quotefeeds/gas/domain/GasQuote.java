package io.metaroute.quotefeeds.gas.domain;

import io.metaroute.core.chain.ChainId;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

/**
 * The gas price of one rollup as read from its chain: the EIP-1559 base fee of block {@code block}
 * and the priority fee the node suggests on top of it, both in wei of the rollup's native coin.
 */
public record GasQuote(ChainId chain, BigInteger baseFeeWei, BigInteger priorityFeeWei, long block, Instant observedAt) {

    public GasQuote {
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(baseFeeWei, "baseFeeWei");
        Objects.requireNonNull(priorityFeeWei, "priorityFeeWei");
        Objects.requireNonNull(observedAt, "observedAt");
        if (baseFeeWei.signum() < 0 || priorityFeeWei.signum() < 0) {
            throw new IllegalArgumentException("fees must not be negative: base " + baseFeeWei + ", priority " + priorityFeeWei);
        }
        if (block < 0) {
            throw new IllegalArgumentException("block must not be negative, got " + block);
        }
    }

    /** What a unit of gas costs a transaction that pays the suggested tip: base fee plus priority fee. */
    public BigInteger gasPriceWei() {
        return baseFeeWei.add(priorityFeeWei);
    }

    /** Whether the price differs from {@code other}'s, or it was read at another block. */
    public boolean differsFrom(GasQuote other) {
        return other == null || block != other.block || !baseFeeWei.equals(other.baseFeeWei)
                || !priorityFeeWei.equals(other.priorityFeeWei);
    }
}
