package io.metaroute.solver.batch;

import io.metaroute.core.intent.SwapIntent;
import java.time.Instant;
import java.util.Objects;

/**
 * An intent waiting for the next batch. {@code sequence} is its place in arrival order, which is
 * also the order fills execute in within a batch: an earlier intent's trades move the pools
 * before a later one's do.
 */
public record BatchIntent(long sequence, SwapIntent intent, Instant receivedAt) {
    public BatchIntent {
        Objects.requireNonNull(intent, "intent");
        Objects.requireNonNull(receivedAt, "receivedAt");
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must not be negative, got " + sequence);
        }
    }
}
