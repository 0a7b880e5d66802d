package io.metaroute.solver.batch.planning;

import io.metaroute.solver.batch.BatchProblem;
import java.util.List;
import org.optaplanner.core.api.domain.solution.PlanningEntityCollectionProperty;
import org.optaplanner.core.api.domain.solution.PlanningScore;
import org.optaplanner.core.api.domain.solution.PlanningSolution;
import org.optaplanner.core.api.domain.solution.ProblemFactCollectionProperty;
import org.optaplanner.core.api.score.buildin.hardsoftlong.HardSoftLongScore;

/**
 * The planning solution of one batch: an {@link IntentAssignment} per intent, listed in execution
 * order (an assignment's position is its index), the solver's inventory per rollup and token, and
 * the pools the options trade on.
 */
@PlanningSolution
public class BatchPlan {
    private BatchProblem problem;
    private PoolTable pools;

    @ProblemFactCollectionProperty
    private List<InventoryBalance> inventory;

    @PlanningEntityCollectionProperty
    private List<IntentAssignment> assignments;

    @PlanningScore
    private HardSoftLongScore score;

    public BatchPlan() {
    }

    BatchPlan(BatchProblem problem, PoolTable pools, List<InventoryBalance> inventory, List<IntentAssignment> assignments) {
        this.problem = problem;
        this.pools = pools;
        this.inventory = List.copyOf(inventory);
        this.assignments = List.copyOf(assignments);
        for (int i = 0; i < this.assignments.size(); i++) {
            if (this.assignments.get(i).getPosition() != i) {
                throw new IllegalArgumentException("assignments must be listed in execution order");
            }
        }
    }

    public BatchProblem getProblem() {
        return problem;
    }

    PoolTable getPools() {
        return pools;
    }

    public List<InventoryBalance> getInventory() {
        return inventory;
    }

    public List<IntentAssignment> getAssignments() {
        return assignments;
    }

    public HardSoftLongScore getScore() {
        return score;
    }

    public void setScore(HardSoftLongScore score) {
        this.score = score;
    }
}
