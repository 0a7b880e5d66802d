package io.metaroute.bench.batch;

import io.metaroute.pipeline.wiring.SolverWiring;
import io.metaroute.solver.batch.BatchDecision;
import io.metaroute.solver.batch.BatchIntent;
import io.metaroute.solver.batch.BatchProblem;
import io.metaroute.solver.batch.BatchResult;
import io.metaroute.solver.batch.BatchSettings;
import io.metaroute.solver.batch.OneByOne;
import io.metaroute.solver.batch.candidates.CandidateSource;
import io.metaroute.solver.routing.Router;
import io.metaroute.solver.routing.RouterSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How long one batch of intents takes to decide, end to end (routing every intent into candidates,
 * planning with OptaPlanner, exact settlement), and how its total surplus compares with deciding
 * the same intents one by one on the same candidates. The target: 1,000 intents in at most 500 ms
 * on 2 cores, with a total surplus at least the one-by-one total.
 *
 * <p>Run: {@code java -cp <solver classpath + this> io.metaroute.bench.batch.BatchBenchmark
 * --intents=1000 --runs=20 --warmup=10 --spent-ms=200 --unimproved-ms=80 --seed=1 [--no-gas] [--router] [--matching]}
 * ({@code --router} adds the optimal router's split plan to each intent's candidates, as the service has them;
 * {@code --matching} settles opposite intents on one rollup against each other before planning, as the service
 * does). Router, candidates, gas and match stage come from the service's own wiring ({@link SolverWiring}):
 * every candidate is charged gas as the router values it, and matches route their imbalance with the
 * wiring's router
 * (limits default to {@link BatchSettings#defaults()}). Warm-up runs are not measured: a service
 * decides batches all day, so the measured runs are the warm ones.
 */
public final class BatchBenchmark {

    record Options(int intents, int runs, int warmup, long spentMs, long unimprovedMs, long seed, boolean gas, boolean router,
                   boolean matching) {
        static Options parse(String[] args) {
            var o = new HashMap<String, String>();
            for (String raw : args) {
                for (String a : raw.trim().split("\\s+")) {
                    if (a.startsWith("--")) {
                        int eq = a.indexOf('=');
                        o.put(eq < 0 ? a.substring(2) : a.substring(2, eq), eq < 0 ? "true" : a.substring(eq + 1));
                    }
                }
            }
            var defaults = BatchSettings.defaults();
            return new Options(Integer.parseInt(o.getOrDefault("intents", "1000")), Integer.parseInt(o.getOrDefault("runs", "20")),
                    Integer.parseInt(o.getOrDefault("warmup", "10")),
                    Long.parseLong(o.getOrDefault("spent-ms", Long.toString(defaults.spentLimit().toMillis()))),
                    Long.parseLong(o.getOrDefault("unimproved-ms", Long.toString(defaults.unimprovedSpentLimit().toMillis()))),
                    Long.parseLong(o.getOrDefault("seed", "1")), !o.containsKey("no-gas"), o.containsKey("router"),
                    o.containsKey("matching"));
        }
    }

    public static void main(String[] args) {
        var options = Options.parse(args);
        var market = SyntheticMarket.generate(options.seed());
        var clock = Clock.fixed(SyntheticMarket.NOW, ZoneOffset.UTC);
        var settings = BatchSettings.defaults().withLimits(Duration.ofMillis(options.spentMs()), Duration.ofMillis(options.unimprovedMs()));
        // The service's wiring (SolverWiring), with the benchmark's market, carries and flags.
        var wiring = new SolverWiring(market.network, new SolverWiring.Settings(
                options.gas() ? RouterSettings.defaults() : RouterSettings.withoutGas(), options.router(), 3, 3, market.carries,
                settings, Duration.ofSeconds(2), settings.spentLimit(), options.matching()),
                () -> market.inventory, clock, Router.MarketFreshness.SNAPSHOT_TIME);
        List<CandidateSource> sources = wiring.candidates();
        List<BatchIntent> intents = market.intents(options.intents(), options.seed() + 1, sources);
        var problems = wiring.problems();

        System.out.printf("batch benchmark: %d intents, %d cores, pools per rollup %s, gas %s, candidates %s, planner limits %d ms / %d ms unimproved%n",
                options.intents(), Runtime.getRuntime().availableProcessors(), market.poolsPerChain(), options.gas() ? "priced" : "off",
                options.router() ? "router + single paths + carries" : "single paths + carries", options.spentMs(), options.unimprovedMs());

        long t0 = System.nanoTime();
        BatchProblem problem = problems.build(0, intents, market.snapshot, market.inventory, SyntheticMarket.NOW);
        long candidatesNanos = System.nanoTime() - t0;
        int options_ = problem.entries().stream().mapToInt(e -> e.options().size()).sum();
        BatchResult greedy = OneByOne.solve(problem);

        var walls = new ArrayList<Long>();
        var results = new ArrayList<BatchResult>();
        try (var solver = wiring.batchSolver(() -> market.snapshot)) {
            for (int run = 0; run < options.warmup() + options.runs(); run++) {
                long start = System.nanoTime();
                BatchResult result = solver.solve(intents).block();
                long wall = System.nanoTime() - start;
                if (run >= options.warmup()) {
                    walls.add(wall);
                    results.add(result);
                }
            }
        }
        for (int run = 0; run < 3; run++) {
            long start = System.nanoTime();
            OneByOne.solve(problems.build(0, intents, market.snapshot, market.inventory, SyntheticMarket.NOW));
            walls.add(-(System.nanoTime() - start)); // negative: one-by-one timings, reported apart
        }
        long[] batch = walls.stream().filter(w -> w > 0).mapToLong(Long::longValue).sorted().toArray();
        long[] oneByOne = walls.stream().filter(w -> w < 0).mapToLong(w -> -w).sorted().toArray();

        System.out.printf("candidates: %d options for %d intents, routed in %.1f ms (first, cold)%n", options_, problem.entries().size(),
                candidatesNanos / 1e6);
        System.out.printf("batch wall time over %d runs (routing + planning + settlement): p50 %.1f ms, p99 %.1f ms, min %.1f ms, max %.1f ms%n",
                batch.length, pct(batch, 50), pct(batch, 99), batch[0] / 1e6, batch[batch.length - 1] / 1e6);
        System.out.printf("  every run, in order (ms): %s%n", walls.stream().filter(w -> w > 0).map(w -> String.format("%.0f", w / 1e6)).toList());
        System.out.printf("one-by-one wall time (routing + greedy + settlement): p50 %.1f ms%n", pct(oneByOne, 50));
        System.out.println();
        // With matching, the planner's objective leaves out the matched members: count every filled intent alike.
        java.util.function.ToLongFunction<BatchResult> surplus = options.matching() ? BatchBenchmark::allSurplusPpm : BatchResult::surplusPpm;
        results.sort(java.util.Comparator.comparingLong(surplus));
        System.out.printf("%-20s %8s %8s %16s %14s  %s%n", "method", "filled", "matched", "surplus (ppm)", "costs (ppm)", "deferred");
        report("one-by-one", greedy, surplus);
        report("batch, worst run", results.getFirst(), surplus);
        report("batch, median run", results.get(results.size() / 2), surplus);
        report("batch, best run", results.getLast(), surplus);
        BatchResult worst = results.getFirst();
        BatchResult middle = results.get(results.size() / 2);
        if (options.matching()) {
            System.out.printf("%nwith matching: %d intents matched in the median run; surplus counted over every filled intent%n",
                    middle.matched());
        }
        long base = surplus.applyAsLong(greedy);
        long below = results.stream().filter(r -> surplus.applyAsLong(r) < base).count();
        System.out.printf("%nbatch total surplus vs one-by-one: worst %+d ppm (%+.3f%%), median %+d ppm (%+.3f%%); runs below one-by-one: %d of %d%n",
                surplus.applyAsLong(worst) - base, 100.0 * (surplus.applyAsLong(worst) - base) / Math.max(1, base),
                surplus.applyAsLong(middle) - base, 100.0 * (surplus.applyAsLong(middle) - base) / Math.max(1, base), below, results.size());
    }

    /** Surplus above each filled intent's minimum, in ppm of that minimum, summed: planned fills and matched members alike. */
    static long allSurplusPpm(BatchResult r) {
        long total = 0;
        for (var d : r.decisions()) {
            java.math.BigInteger out = switch (d) {
                case BatchDecision.Filled f -> f.amountOut();
                case BatchDecision.Matched m -> m.amountOut();
                case BatchDecision.Deferred x -> null;
            };
            if (out != null) {
                java.math.BigInteger min = d.intent().intent().minAmountOut().max(java.math.BigInteger.ONE);
                total += out.subtract(min).multiply(java.math.BigInteger.valueOf(1_000_000)).divide(min).longValueExact();
            }
        }
        return total;
    }

    private static void report(String label, BatchResult r, java.util.function.ToLongFunction<BatchResult> surplus) {
        Map<BatchDecision.Reason, Integer> reasons = new EnumMap<>(BatchDecision.Reason.class);
        for (var d : r.decisions()) {
            if (d instanceof BatchDecision.Deferred deferred) {
                reasons.merge(deferred.reason(), 1, Integer::sum);
            }
        }
        System.out.printf("%-20s %8d %8d %,16d %,14d  %s%n", label, r.filled(), r.matched(), surplus.applyAsLong(r), r.costPpm(), reasons);
    }

    private static double pct(long[] sorted, double p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    private BatchBenchmark() {
    }
}
