package io.metaroute.bench.routing;

import io.metaroute.solver.routing.RouteOutcome;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Two builds of the router compared on one workload in one JVM, by the solving thread's CPU time:
 * on a shared machine the wall clock moves with the other processes, CPU time much less, and
 * pairing the two builds solve by solve keeps what drift there is out of their ratio. Each build's
 * solver classes (and this module's, which call them) load in a class loader of their own over the
 * same core classes; each of the {@link RoutingWorkload}'s intents is solved cold (no warm start)
 * by both in turn, which one first alternating, after warm-up rounds that are not recorded. It also
 * prints every intent whose route, net output or bound differs between the two builds.
 *
 * <pre>
 * java -cp TEST_CLASSPATH io.metaroute.bench.routing.PairedSolveTiming BEFORE_SOLVER_CLASSES AFTER_SOLVER_CLASSES \
 *     [seed=42] [pools=1000] [warmup=3] [rounds=4] [layout=one-rollup|spread] [settings=shipped|research]
 * </pre>
 * {@code TEST_CLASSPATH} is the bench module's test class path without the solver's classes.
 */
public final class PairedSolveTiming {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private PairedSolveTiming() {
    }

    public static void main(String[] args) throws Exception {
        String all = String.join(" ", args);
        long seed = option(all, "seed", 42);
        int pools = (int) option(all, "pools", 1000);
        int warmup = (int) option(all, "warmup", 3);
        int rounds = (int) option(all, "rounds", 4);
        boolean oneRollup = !all.contains("layout=spread");
        boolean shipped = !all.contains("settings=research");
        List<IntFunction<String>> builds = new ArrayList<>();
        for (int b = 0; b < 2; b++) {
            builds.add(side(Path.of(args[b]), seed, pools, oneRollup, shipped));
        }
        int n = RoutingWorkload.INTENTS; // a constant: no class of a build is loaded here
        for (int r = 0; r < warmup; r++) {
            for (int i = 0; i < n; i++) {
                builds.get(0).apply(i);
                builds.get(1).apply(i);
            }
        }
        long[][] cpu = new long[2][n * rounds];
        long[][] least = new long[2][n];
        for (long[] l : least) {
            Arrays.fill(l, Long.MAX_VALUE);
        }
        String[][] answers = new String[2][n];
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < 2; k++) {
                    int b = (i + r + k) % 2;
                    long c0 = THREADS.getCurrentThreadCpuTime();
                    String answer = builds.get(b).apply(i);
                    long c = THREADS.getCurrentThreadCpuTime() - c0;
                    cpu[b][r * n + i] = c;
                    least[b][i] = Math.min(least[b][i], c);
                    answers[b][i] = answer;
                }
            }
        }
        int differ = 0;
        for (int i = 0; i < n; i++) {
            if (!answers[0][i].equals(answers[1][i])) {
                differ++;
                System.out.println("intent " + i + " before: " + answers[0][i]);
                System.out.println("intent " + i + " after:  " + answers[1][i]);
            }
        }
        System.out.printf(Locale.ROOT, "seed %d, %d pools, %s, %s: %d of %d answers differ%n", seed, pools,
                oneRollup ? "one rollup" : "spread", shipped ? "shipped" : "research", differ, n);
        compare(answers);
        String[] names = {"before", "after"};
        for (int b = 0; b < 2; b++) {
            long[] all2 = cpu[b].clone();
            Arrays.sort(all2);
            long[] l = least[b].clone();
            Arrays.sort(l);
            System.out.printf(Locale.ROOT, "%-6s cpu per solve (%d): mean %.2f p50 %.2f p90 %.2f p99 %.2f max %.2f ms"
                            + " | least of %d per intent: p50 %.2f p90 %.2f max %.2f ms%n", names[b], all2.length,
                    Arrays.stream(all2).average().orElse(0) / 1e6, q(all2, 0.5), q(all2, 0.9), q(all2, 0.99), q(all2, 1),
                    rounds, q(l, 0.5), q(l, 0.9), q(l, 1));
        }
        double[] ratio = new double[n];
        for (int i = 0; i < n; i++) {
            ratio[i] = (double) least[0][i] / least[1][i];
        }
        Arrays.sort(ratio);
        System.out.printf(Locale.ROOT, "before/after per intent (least of %d): p10 %.2f median %.2f p90 %.2f%n", rounds,
                ratio[n / 10], ratio[n / 2], ratio[n * 9 / 10]);
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (x, y) -> Long.compare(least[1][y], least[1][x]));
        var slowest = new StringBuilder("slowest after (least of " + rounds + "):");
        for (int k = 0; k < 8; k++) {
            slowest.append(String.format(Locale.ROOT, " %d: %.1f/%.1f ms;", order[k], least[0][order[k]] / 1e6,
                    least[1][order[k]] / 1e6));
        }
        System.out.println(slowest);
    }

    /**
     * Net after over net before per intent (the distribution, and how many moved either way), and
     * each build's bound against both builds' nets: a bound covers every feasible route, so one
     * below the other build's exact net is false.
     */
    private static void compare(String[][] answers) {
        int n = answers[0].length;
        double[] ratio = new double[n];
        int better = 0;
        int worse = 0;
        int falseBounds = 0;
        for (int i = 0; i < n; i++) {
            BigInteger[] before = netAndBound(answers[0][i]);
            BigInteger[] after = netAndBound(answers[1][i]);
            if (before == null || after == null) {
                ratio[i] = before == after ? 1 : Double.NaN;
                continue;
            }
            ratio[i] = new BigDecimal(after[0]).divide(new BigDecimal(before[0]), MathContext.DECIMAL64).doubleValue();
            better += after[0].compareTo(before[0]) > 0 ? 1 : 0;
            worse += after[0].compareTo(before[0]) < 0 ? 1 : 0;
            for (BigInteger net : new BigInteger[] {before[0], after[0]}) {
                for (BigInteger bound : new BigInteger[] {before[1], after[1]}) {
                    if (bound.compareTo(net) < 0) {
                        falseBounds++;
                        System.out.println("FALSE BOUND at intent " + i + ": bound " + bound + " below net " + net);
                    }
                }
            }
        }
        Arrays.sort(ratio);
        System.out.printf(Locale.ROOT, "net after/before: min %.6f p10 %.6f median %.6f p90 %.6f max %.6f;"
                        + " %d higher, %d lower; bounds below a net: %d%n", ratio[0], ratio[n / 10], ratio[n / 2],
                ratio[n * 9 / 10], ratio[n - 1], better, worse, falseBounds);
    }

    private static BigInteger[] netAndBound(String answer) {
        String[] w = answer.split(" ");
        if (!w[0].equals("legs")) {
            return null;
        }
        return new BigInteger[] {new BigInteger(w[5]), new BigInteger(w[7])};
    }

    /** Loads one build's solver classes, with this module's own, apart from the other build's. */
    @SuppressWarnings("unchecked")
    private static IntFunction<String> side(Path solverClasses, long seed, int pools, boolean oneRollup, boolean shipped)
            throws Exception {
        URL here = PairedSolveTiming.class.getProtectionDomain().getCodeSource().getLocation();
        // The module's main classes by name: resolving RoutingWorkload here would need a build's solver classes.
        String workload = "io/metaroute/bench/routing/RoutingWorkload.class";
        String found = PairedSolveTiming.class.getClassLoader().getResource(workload).toString();
        URL main = java.net.URI.create(found.substring(0, found.length() - workload.length())).toURL();
        var loader = new ChildFirst(new URL[] {solverClasses.toUri().toURL(), main, here},
                PairedSolveTiming.class.getClassLoader());
        Class<?> c = loader.loadClass(PairedSolveTiming.class.getName() + "$Side");
        return (IntFunction<String>) c.getMethod("create", long.class, int.class, boolean.class, boolean.class)
                .invoke(null, seed, pools, oneRollup, shipped);
    }

    /** What one build runs: a cold solve of intent {@code i}, summarised. */
    public static final class Side {
        private Side() {
        }

        public static IntFunction<String> create(long seed, int pools, boolean oneRollup, boolean shipped) {
            RoutingWorkload work = RoutingWorkload.create(seed, pools, oneRollup, shipped);
            return i -> describe(work.router().route(work.market().snapshot(), work.request(i)));
        }

        private static String describe(RouteOutcome outcome) {
            if (!(outcome instanceof RouteOutcome.Found f)) {
                return outcome.toString();
            }
            var legs = new StringBuilder();
            f.route().legs().forEach(l -> legs.append(l.pool().toString(), 0, 8).append(l.amountIn()).append(' '));
            return "legs " + f.route().legs().size() + " out " + f.plan().amountOut() + " net " + f.certificate().value()
                    + " bound " + f.certificate().upperBound() + " [" + legs.toString().hashCode() + "]";
        }
    }

    /** Loads the router's classes and this module's itself, everything else from the parent. */
    private static final class ChildFirst extends URLClassLoader {
        ChildFirst(URL[] urls, ClassLoader parent) {
            super(urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("io.metaroute.solver.") && !name.startsWith("io.metaroute.bench.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    c = findClass(name);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }

    private static double q(long[] sorted, double quantile) {
        int rank = (int) Math.ceil(quantile * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }

    private static long option(String args, String name, long fallback) {
        for (String a : args.trim().split("\\s+")) {
            if (a.startsWith(name + "=")) {
                return Long.parseLong(a.substring(name.length() + 1));
            }
        }
        return fallback;
    }
}
