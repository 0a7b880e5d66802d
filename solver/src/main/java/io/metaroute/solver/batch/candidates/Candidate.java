package io.metaroute.solver.batch.candidates;

import io.metaroute.core.route.Plan;
import io.metaroute.solver.routing.Costs;
import java.util.Objects;

/** One way to fill an intent at its full amount, as computed on the batch's snapshot, with what it costs to carry out. */
public record Candidate(Plan plan, Costs costs, String source) {
    public Candidate {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(costs, "costs");
        Objects.requireNonNull(source, "source");
    }
}
