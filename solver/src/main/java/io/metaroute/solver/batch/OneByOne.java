package io.metaroute.solver.batch;

import java.time.Duration;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The baseline a batch must beat: intents are routed one at a time in arrival order, each over the
 * pools and inventory the fills before it left, choosing among the same options by the same
 * objective as the planner (surplus less costs, in ppm of the minimum; the first option wins a
 * tie, and a fill whose costs exceed its surplus is deferred, as "not in this batch" scores zero).
 * Greedy: it never gives up an earlier intent's best option to make room for a later one.
 */
public final class OneByOne implements BatchOptimizer {
    public static final String METHOD = "one-by-one";

    public static BatchResult solve(BatchProblem problem) {
        long start = System.nanoTime();
        var settlement = new Settlement(problem);
        int[] choices = new int[problem.entries().size()];
        for (int i = 0; i < choices.length; i++) {
            var entry = problem.entries().get(i);
            int best = Settlement.DEFER;
            long bestNet = Long.MIN_VALUE;
            Settlement.Trial bestTrial = null;
            for (int j = 0; j < entry.options().size(); j++) {
                Option option = entry.options().get(j);
                var trial = settlement.attempt(entry.intent().intent(), option);
                if (trial.verdict() != Settlement.Verdict.FITS) {
                    continue;
                }
                long net = Objective.surplusPpm(trial.outcome().delivered(), entry.intent().intent().minAmountOut())
                        - option.costPpm();
                if (net > bestNet) {
                    best = j;
                    bestNet = net;
                    bestTrial = trial;
                }
            }
            if (best != Settlement.DEFER && bestNet < 0) {
                best = Settlement.DEFER;
            }
            choices[i] = best;
            if (best != Settlement.DEFER) {
                settlement.apply(entry.options().get(best), bestTrial.outcome());
            }
        }
        return Settlement.settle(problem, choices, METHOD, Duration.ofNanos(System.nanoTime() - start));
    }

    @Override
    public Mono<BatchResult> plan(long batch, Supplier<BatchProblem> problem) {
        return Mono.fromCallable(() -> solve(problem.get())).subscribeOn(Schedulers.boundedElastic());
    }
}
