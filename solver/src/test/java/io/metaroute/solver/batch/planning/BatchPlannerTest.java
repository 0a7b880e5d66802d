package io.metaroute.solver.batch.planning;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.solver.batch.BatchDecision;
import io.metaroute.solver.batch.BatchResult;
import io.metaroute.solver.batch.BatchSettings;
import io.metaroute.solver.batch.OneByOne;
import io.metaroute.solver.batch.Settlement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.optaplanner.core.api.solver.SolverFactory;
import org.optaplanner.core.config.solver.EnvironmentMode;

class BatchPlannerTest {

    @Test
    void incrementalScoresAndShadowExecutionsHoldUnderFullAssert() {
        var problem = RandomBatch.problem(21, 40, 0.97);
        var config = BatchPlanner.solverConfig(BatchSettings.defaults().withLimits(Duration.ofSeconds(2), Duration.ofSeconds(2)))
                .withEnvironmentMode(EnvironmentMode.FULL_ASSERT);
        BatchPlan best = SolverFactory.<BatchPlan>create(config).buildSolver().solve(PlanBuilder.build(problem));

        assertThat(best.getScore().isFeasible()).isTrue();
        var settled = Settlement.settle(problem, PlanBuilder.choices(best), "batch", Duration.ZERO);
        // The planner's feasible choice survives the exact replay: nothing it chose is deferred.
        int[] choices = PlanBuilder.choices(best);
        for (int i = 0; i < choices.length; i++) {
            assertThat(settled.decisions().get(i) instanceof BatchDecision.Filled).isEqualTo(choices[i] != Settlement.DEFER);
        }
        assertThat(settled.netPpm()).isGreaterThanOrEqualTo(OneByOne.solve(problem).netPpm());
    }

    @Test
    void theBatchNeverDoesWorseThanOneByOneAndKeepsInventory() {
        var problem = RandomBatch.problem(22, 150, 0.97);
        BatchResult greedy = OneByOne.solve(problem);
        BatchResult batch;
        try (var planner = new BatchPlanner(BatchSettings.defaults().withLimits(Duration.ofMillis(500), Duration.ofMillis(200)))) {
            batch = planner.plan(1, () -> problem).block(Duration.ofSeconds(10));
        }
        assertThat(batch.netPpm()).isGreaterThanOrEqualTo(greedy.netPpm());
        assertThat(batch.decisions()).hasSameSizeAs(problem.entries());
        assertThat(batch.decisions()).filteredOn(d -> d instanceof BatchDecision.Deferred dd
                && dd.reason() == BatchDecision.Reason.INVENTORY_SHORT).isNotEmpty();
    }
}
