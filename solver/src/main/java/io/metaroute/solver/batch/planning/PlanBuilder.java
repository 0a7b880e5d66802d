package io.metaroute.solver.batch.planning;

import io.metaroute.core.pool.PoolKey;
import io.metaroute.core.pool.PoolState;
import io.metaroute.core.route.CrossRollupRoute;
import io.metaroute.core.route.Leg;
import io.metaroute.core.route.Plan;
import io.metaroute.core.route.Route;
import io.metaroute.solver.batch.BatchProblem;
import io.metaroute.solver.batch.Option;
import io.metaroute.solver.batch.Settlement;
import io.metaroute.solver.routing.Inventory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Between the OptaPlanner-free {@link BatchProblem} and the planning model: builds the {@link BatchPlan}, reads the choices back. */
final class PlanBuilder {
    private PlanBuilder() {
    }

    static BatchPlan build(BatchProblem problem) {
        var pools = new LinkedHashMap<PoolKey, PoolState>();
        for (var entry : problem.entries()) {
            for (Option o : entry.options()) {
                collect(o.plan(), problem, pools);
            }
        }
        PoolTable table = PoolTable.of(pools.values());
        var balances = new LinkedHashMap<Inventory.Key, InventoryBalance>();
        var assignments = new ArrayList<IntentAssignment>(problem.entries().size());
        long id = 1;
        for (int i = 0; i < problem.entries().size(); i++) {
            var entry = problem.entries().get(i);
            var options = new ArrayList<RouteOption>(entry.options().size() + 1);
            for (int j = 0; j < entry.options().size(); j++) {
                Option o = entry.options().get(j);
                Program program = Program.compile(o.plan(), table);
                if (program == null) {
                    continue;
                }
                Inventory.Key key = o.draws().orElse(null);
                if (key != null) {
                    balances.computeIfAbsent(key, k -> new InventoryBalance(k,
                            problem.inventory().of(k.chain(), k.token()).doubleValue()));
                }
                options.add(new RouteOption(id++, j, o, program, o.costPpm(), ceilSeconds(o.completesAt()), key));
            }
            options.add(RouteOption.defer());
            assignments.add(new IntentAssignment(i, entry.intent(), options));
        }
        return new BatchPlan(problem, table, List.copyOf(balances.values()), assignments);
    }

    /** Per intent, the index of the chosen option, or {@link Settlement#DEFER}. */
    static int[] choices(BatchPlan plan) {
        var assignments = plan.getAssignments();
        int[] choices = new int[assignments.size()];
        for (int i = 0; i < choices.length; i++) {
            RouteOption o = assignments.get(i).getOption();
            choices[i] = o == null ? Settlement.DEFER : o.index();
        }
        return choices;
    }

    private static void collect(Plan plan, BatchProblem problem, Map<PoolKey, PoolState> into) {
        switch (plan) {
            case Route r -> collect(r, problem, into);
            case CrossRollupRoute c -> {
                c.origin().ifPresent(r -> collect(r, problem, into));
                c.destination().ifPresent(r -> collect(r, problem, into));
            }
        }
    }

    private static void collect(Route route, BatchProblem problem, Map<PoolKey, PoolState> into) {
        for (Leg leg : route.legs()) {
            var key = new PoolKey(route.chain(), leg.pool());
            if (!into.containsKey(key)) {
                problem.snapshot().pool(key).ifPresent(p -> into.put(key, p));
            }
        }
    }

    private static long ceilSeconds(Instant at) {
        return at.getNano() == 0 ? at.getEpochSecond() : at.getEpochSecond() + 1;
    }
}
