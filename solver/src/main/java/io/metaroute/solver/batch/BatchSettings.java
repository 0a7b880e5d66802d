package io.metaroute.solver.batch;

import java.time.Duration;
import java.util.Objects;

/**
 * How intents are batched and how long each batch is planned.
 *
 * @param window              intents arriving within this time are solved together
 * @param maxBatchSize        a batch closes early once it holds this many intents
 * @param spentLimit          the most time the planner spends improving a batch's plan after its
 *                            first-fit pass (that pass always completes: it decides every intent,
 *                            as one by one would, and stopping it early would leave intents
 *                            undecided; it takes about 60 ms for 1,000 intents)
 * @param unimprovedSpentLimit improvement stops once the best plan has not improved for this long
 */
public record BatchSettings(Duration window, int maxBatchSize, Duration spentLimit, Duration unimprovedSpentLimit) {
    public BatchSettings {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(spentLimit, "spentLimit");
        Objects.requireNonNull(unimprovedSpentLimit, "unimprovedSpentLimit");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, got " + window);
        }
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be at least 1, got " + maxBatchSize);
        }
        if (spentLimit.isNegative() || spentLimit.isZero() || unimprovedSpentLimit.isNegative() || unimprovedSpentLimit.isZero()) {
            throw new IllegalArgumentException("time limits must be positive");
        }
    }

    /** 200 ms windows of at most 1,000 intents, improved for at most 200 ms (or 80 ms without improvement). */
    public static BatchSettings defaults() {
        return new BatchSettings(Duration.ofMillis(200), 1_000, Duration.ofMillis(200), Duration.ofMillis(80));
    }

    public BatchSettings withWindow(Duration newWindow, int newMaxBatchSize) {
        return new BatchSettings(newWindow, newMaxBatchSize, spentLimit, unimprovedSpentLimit);
    }

    public BatchSettings withLimits(Duration newSpentLimit, Duration newUnimprovedSpentLimit) {
        return new BatchSettings(window, maxBatchSize, newSpentLimit, newUnimprovedSpentLimit);
    }
}
