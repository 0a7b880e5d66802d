package io.metaroute.quotefeeds.chain.domain;

import java.time.Instant;
import java.util.Objects;

/** A block header as a collector needs it: where it is, what it follows, and when it was made. */
public record BlockHead(long number, String hash, String parentHash, Instant timestamp) {
    public BlockHead {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(parentHash, "parentHash");
        Objects.requireNonNull(timestamp, "timestamp");
        if (number < 0) {
            throw new IllegalArgumentException("block number must not be negative, got " + number);
        }
        hash = hash.toLowerCase(java.util.Locale.ROOT);
        parentHash = parentHash.toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether this block's parent is {@code parent}. */
    public boolean follows(BlockHead parent) {
        return parent.number == number - 1 && parent.hash.equals(parentHash);
    }
}
