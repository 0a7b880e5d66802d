package io.metaroute.solver.batch.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.metaroute.solver.batch.BatchDecision;
import io.metaroute.solver.batch.Settlement;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ImpactLedgerTest {

    @Test
    void incrementalUpdatesAgreeWithRecomputingEverything() {
        BatchPlan plan = PlanBuilder.build(RandomBatch.problem(11, 60, 0.5));
        var rnd = new Random(5);
        int n = plan.getAssignments().size();
        var current = new Program[n];
        var ledger = new ImpactLedger(plan.getPools(), n);
        for (int step = 0; step < 2_000; step++) {
            int position = rnd.nextInt(n);
            var options = plan.getAssignments().get(position).getOptions();
            Program next = rnd.nextInt(10) == 0 ? null : options.get(rnd.nextInt(options.size())).program();
            current[position] = next;
            ledger.assign(position, next, p -> { });
            if (step % 50 == 0 || step > 1_950) {
                var fresh = new ImpactLedger(plan.getPools(), n);
                for (int i = 0; i < n; i++) {
                    fresh.load(i, current[i]);
                }
                fresh.recomputeAll(p -> { });
                for (int i = 0; i < n; i++) {
                    assertThat(ledger.delivered(i)).as("delivered at %d after step %d", i, step).isEqualTo(fresh.delivered(i));
                    assertThat(ledger.drawn(i)).as("drawn at %d after step %d", i, step).isEqualTo(fresh.drawn(i));
                }
            }
        }
    }

    @Test
    void onlyPositionsThatCanBeAffectedAreRecomputed() {
        BatchPlan plan = PlanBuilder.build(RandomBatch.problem(12, 60, 0.5));
        int n = plan.getAssignments().size();
        var ledger = new ImpactLedger(plan.getPools(), n);
        for (int i = 0; i < n; i++) {
            ledger.load(i, plan.getAssignments().get(i).getOptions().getFirst().program());
        }
        ledger.recomputeAll(p -> { });
        int last = n - 1;
        var seen = new java.util.ArrayList<Integer>();
        ledger.assign(last, RouteOption.defer().program(), seen::add);
        assertThat(seen).containsExactly(last);
    }

    @Test
    void floatingEstimatesMatchTheExactSettlement() {
        var problem = RandomBatch.problem(13, 80, 1e-9, 1_000_000);
        BatchPlan plan = PlanBuilder.build(problem);
        var rnd = new Random(3);
        int n = plan.getAssignments().size();
        int[] choices = new int[n];
        var ledger = new ImpactLedger(plan.getPools(), n);
        for (int i = 0; i < n; i++) {
            var options = plan.getAssignments().get(i).getOptions();
            RouteOption o = options.get(rnd.nextInt(options.size()));
            choices[i] = o.index();
            ledger.load(i, o.program());
        }
        ledger.recomputeAll(p -> { });
        var exact = Settlement.settle(problem, choices, "test", Duration.ZERO);
        int compared = 0;
        for (int i = 0; i < n; i++) {
            if (exact.decisions().get(i) instanceof BatchDecision.Filled f) {
                double out = f.amountOut().doubleValue();
                assertThat(ledger.delivered(i)).as("position %d", i).isCloseTo(out, within(out * 1e-9 + 2));
                compared++;
            } else {
                assertThat(choices[i]).as("position %d was deferred by the settlement", i).isEqualTo(Settlement.DEFER);
            }
        }
        assertThat(compared).isGreaterThan(n / 2);
    }
}
