package io.metaroute.solver.batch;

import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.solver.routing.Inventory;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One batch to decide: its intents in execution (arrival) order, each with its candidate options,
 * the snapshot the options were computed on, and the solver's inventory. Deferring an intent is
 * always possible and is not listed among the options.
 */
public record BatchProblem(long batch, Instant now, MarketSnapshot snapshot, Inventory inventory, List<Entry> entries) {
    public BatchProblem {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(inventory, "inventory");
        entries = List.copyOf(entries);
    }

    public record Entry(BatchIntent intent, List<Option> options) {
        public Entry {
            Objects.requireNonNull(intent, "intent");
            options = List.copyOf(options);
        }
    }
}
