package io.metaroute.bench.routing;

import io.metaroute.bench.routing.RandomNetworks.Market;
import io.metaroute.solver.routing.Router;
import io.metaroute.solver.routing.RouterSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * The routing quality run: many seeded markets and intents, each answered by the router, the
 * independent reference and the 5%-step baseline ({@link RoutingCase}); prints (and writes) a
 * Markdown report of the distribution of router/reference, the baseline comparison, the
 * certificates' validity and tightness, and the worst cases in full.
 *
 * <pre>
 * ./mvnw -B -q -pl bench test-compile
 * ./mvnw -B -q -pl bench exec:exec -Dbench.classpathScope=test \
 *     -Dbench.main=io.metaroute.bench.routing.RoutingQualityReport \
 *     -Dbench.args="seeds100=50 intents100=10 seeds1000=20 intents1000=5 out=target/routing-quality.md"
 *     (add {@code one-rollup} to put every pool of a market on one rollup)
 * </pre>
 */
public final class RoutingQualityReport {

    private RoutingQualityReport() {
    }

    public static void main(String[] args) throws IOException {
        List<String> list = new ArrayList<>();
        for (String a : args) {
            Arrays.stream(a.trim().split("\\s+")).filter(s -> !s.isBlank() && !s.startsWith("--")).forEach(list::add);
        }
        int seeds100 = option(list, "seeds100", 50);
        int intents100 = option(list, "intents100", 10);
        int seeds1000 = option(list, "seeds1000", 20);
        int intents1000 = option(list, "intents1000", 5);
        // "one-rollup": every pool on one rollup (the shipped benchmarks' layout), not spread over 3-8
        boolean oneRollup = list.contains("one-rollup");
        String out = list.stream().filter(s -> s.startsWith("out=")).map(s -> s.substring(4)).findFirst()
                .orElse("target/routing-quality.md");

        var report = new StringBuilder();
        report.append("## Routing quality\n\n");
        report.append(String.format(Locale.ROOT,
                "Markets: seeds 1..%d with 100 pools (%d intents each), seeds 1001..%d with 1,000 pools (%d intents each). "
                        + "Intents: random same-rollup pairs, amount log-uniform from 1e-6 to 0.3 of the input token's depth (at least $100). "
                        + "Router: `RouterSettings.withoutGas()`, cold (no warm start). Layout: %s.%n%n",
                seeds100, intents100, 1000 + seeds1000, intents1000,
                oneRollup ? "every pool on one rollup" : "pools spread over 3-8 rollups"));
        for (int pools : new int[] {100, 1000}) {
            int seeds = pools == 100 ? seeds100 : seeds1000;
            int intents = pools == 100 ? intents100 : intents1000;
            long firstSeed = pools == 100 ? 1 : 1001;
            List<RoutingCase> cases = new ArrayList<>();
            for (long seed = firstSeed; seed < firstSeed + seeds; seed++) {
                Market market = oneRollup ? RandomNetworks.generate(seed, pools, 1, 0) : RandomNetworks.generate(seed, pools);
                var router = new Router(market.network(), RouterSettings.withoutGas());
                var random = new SplittableRandom(seed ^ 0x5EEDL);
                for (int k = 0; k < intents; k++) {
                    cases.add(RoutingCase.run(market, router, RandomNetworks.intent(market, random), k));
                }
                System.err.printf("%d pools: seed %d done (%d cases)%n", pools, seed, cases.size());
            }
            section(report, pools, cases);
        }
        System.out.println(report);
        Path path = Path.of(out);
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        Files.writeString(path, report);
    }

    private static void section(StringBuilder r, int pools, List<RoutingCase> cases) {
        int n = cases.size();
        long failures = cases.stream().filter(c -> c.failure() != null).count();
        long below = cases.stream().filter(c -> c.routerShare() < RouterQualityTest.REQUIRED_SHARE).count();
        long belowBaseline = cases.stream().filter(c -> c.routerOut().compareTo(c.baselineOut()) < 0).count();
        long falseBounds = cases.stream().filter(c -> c.certificate() != null && !c.certificateHolds()).count();
        long unbounded = cases.stream().filter(c -> c.certificate() == null || !c.certificate().bounded()).count();
        r.append(String.format(Locale.ROOT, "### %,d pools: %d cases%n%n", pools, n));
        r.append("| quantity | min | p1 | p50 | max |\n|---|---|---|---|---|\n");
        row(r, "router / reference upper bound", cases, RoutingCase::routerShare, "%.8f");
        row(r, "baseline / reference upper bound", cases, RoutingCase::baselineShare, "%.8f");
        row(r, "router / baseline", cases, c -> c.baselineOut().signum() == 0 ? Double.NaN
                : new java.math.BigDecimal(c.routerOut()).divide(new java.math.BigDecimal(c.baselineOut()), java.math.MathContext.DECIMAL64).doubleValue(), "%.8f");
        row(r, "router certificate gap (claimed)", cases, c -> c.certificate() == null ? Double.NaN : c.certificate().gap(), "%.3e");
        row(r, "certificate bound below reference lower (relative; > 0 is a false bound)", cases, RoutingCase::certificateShortfall, "%.3e");
        row(r, "reference gap (upper − lower) / upper", cases, c -> c.reference().gap(), "%.1e");
        row(r, "pools active in the reference optimum", cases, c -> c.reference().activePools(), "%.0f");
        row(r, "router legs", cases, RoutingCase::legs, "%.0f");
        row(r, "router cold solve, ms (single run, not JMH)", cases, c -> c.routerNanos() / 1e6, "%.3f");
        r.append('\n');
        r.append(String.format(Locale.ROOT, "- router below 99.99%% of the reference: **%d / %d**%n", below, n));
        r.append(String.format(Locale.ROOT, "- router below the 5%%-step baseline: **%d / %d**%n", belowBaseline, n));
        r.append(String.format(Locale.ROOT, "- certificate bound below the reference's feasible output (false bound): **%d / %d**; without a bound: %d%n",
                falseBounds, n, unbounded));
        r.append(String.format(Locale.ROOT, "- router failures (no route, exception, legs that do not replay): **%d / %d**%n%n", failures, n));
        var worst = cases.stream().sorted(Comparator.comparingDouble(RoutingCase::routerShare)).limit(8).toList();
        r.append("Worst cases by router / reference:\n\n");
        worst.forEach(c -> r.append("- ").append(c.describe()).append('\n'));
        list(r, "Failures and false bounds", cases.stream()
                .filter(c -> c.failure() != null || (c.certificate() != null && !c.certificateHolds())).toList());
        list(r, "Router below the baseline", cases.stream().filter(c -> c.routerOut().compareTo(c.baselineOut()) < 0).toList());
        list(r, "Reference less precise than " + RouterQualityTest.REFERENCE_PRECISION + " (its bounds still hold)",
                cases.stream().filter(c -> c.reference().gap() >= RouterQualityTest.REFERENCE_PRECISION).toList());
        r.append('\n');
    }

    private static void list(StringBuilder r, String title, List<RoutingCase> cases) {
        if (cases.isEmpty()) {
            return;
        }
        r.append('\n').append(title).append(String.format(Locale.ROOT, " (%d):%n%n", cases.size()));
        cases.stream().limit(10).forEach(c -> r.append("- ").append(c.describe()).append('\n'));
    }

    private static void row(StringBuilder r, String name, List<RoutingCase> cases, ToDoubleFunction<RoutingCase> f, String format) {
        double[] v = cases.stream().mapToDouble(f).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (v.length == 0) {
            r.append("| ").append(name).append(" | - | - | - | - |\n");
            return;
        }
        r.append("| ").append(name);
        for (double q : new double[] {0, 0.01, 0.5, 1}) {
            r.append(" | ").append(String.format(Locale.ROOT, format, quantile(v, q)));
        }
        r.append(" |\n");
    }

    /** Nearest-rank quantile of sorted values. */
    private static double quantile(double[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static int option(List<String> args, String name, int fallback) {
        return args.stream().filter(s -> s.startsWith(name + "=")).map(s -> Integer.parseInt(s.substring(name.length() + 1)))
                .findFirst().orElse(fallback);
    }
}
