package io.metaroute.solver.batch;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The exact outcome of one batch: a decision per intent in arrival order, and the totals the
 * planner optimises (surplus less costs), in parts per million of each filled intent's signed
 * minimum (see {@link Objective}).
 */
public record BatchResult(long batch, List<BatchDecision> decisions, long surplusPpm, long costPpm, Duration elapsed,
                          String method) {
    public BatchResult {
        decisions = List.copyOf(decisions);
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(method, "method");
    }

    public long filled() {
        return decisions.stream().filter(d -> d instanceof BatchDecision.Filled || d instanceof BatchDecision.Matched).count();
    }

    /** Surplus less costs: the soft score of the batch. */
    public long netPpm() {
        return surplusPpm - costPpm;
    }

    /** Intents settled against each other rather than through pools alone. */
    public long matched() {
        return decisions.stream().filter(d -> d instanceof BatchDecision.Matched).count();
    }

    public BatchResult withElapsed(Duration newElapsed) {
        return new BatchResult(batch, decisions, surplusPpm, costPpm, newElapsed, method);
    }
}
