package io.metaroute.solver.batch;

import io.metaroute.core.route.CrossRollupRoute;
import io.metaroute.core.route.Plan;
import io.metaroute.solver.routing.Costs;
import io.metaroute.solver.routing.Inventory;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One candidate of one intent, as the batch sees it: the plan at the full amount on the batch's
 * snapshot, what it costs ({@code costPpm}, see {@link Objective}) and when it would complete.
 */
public record Option(Plan plan, Costs costs, String source, Instant completesAt, long costPpm) {
    public Option {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(costs, "costs");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(completesAt, "completesAt");
        if (costPpm < 0) {
            throw new IllegalArgumentException("costPpm must not be negative");
        }
    }

    /** The solver inventory a cross-rollup plan pays out of on the destination. */
    public Optional<Inventory.Key> draws() {
        if (plan instanceof CrossRollupRoute cross) {
            return Optional.of(new Inventory.Key(cross.transfer().toChain(), cross.transfer().tokenTo()));
        }
        return Optional.empty();
    }

    /** Whether it completes no later than the intent's deadline (unix seconds). */
    public boolean meets(long deadline) {
        return !completesAt.isAfter(Instant.ofEpochSecond(deadline));
    }
}
