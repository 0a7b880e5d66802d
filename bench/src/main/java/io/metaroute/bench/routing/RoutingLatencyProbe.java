package io.metaroute.bench.routing;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * A companion to {@link RoutingBenchmarks} for a shared machine: times each solve of the same
 * workload both by the wall clock and by the thread's CPU time. When other processes compete for
 * the cores, wall-clock tails grow with preemption while CPU-time tails show what the router itself
 * costs. One thread; warm-up rounds first (not recorded).
 *
 * <pre>
 * ./mvnw -B -q -pl bench exec:exec -Dbench.main=io.metaroute.bench.routing.RoutingLatencyProbe \
 *     -Dbench.args="seed=42 rounds=20 warmup=20"
 * </pre>
 * Options: {@code pools=1000} for one market size, {@code only=cold} or {@code only=warm} for one
 * kind of solve, {@code layout=one-rollup} for every pool on one rollup and {@code settings=shipped}
 * for the service's router (gas priced, the settler's leg limit), as in {@link RoutingBenchmarks}.
 * <pre>
 * ./mvnw -B -q -pl bench exec:exec -Dbench.main=io.metaroute.bench.routing.RoutingLatencyProbe \
 *     -Dbench.args="pools=1000 only=warm"
 * </pre>
 */
public final class RoutingLatencyProbe {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private RoutingLatencyProbe() {
    }

    public static void main(String[] args) {
        String all = String.join(" ", args);
        long seed = option(all, "seed", 42);
        int rounds = (int) option(all, "rounds", 20);
        int warmup = (int) option(all, "warmup", 20);
        String only = all.contains("only=") ? all.replaceAll(".*only=(\\S+).*", "$1") : "";
        long size = option(all, "pools", 0);
        boolean oneRollup = all.contains("layout=one-rollup");
        boolean shipped = all.contains("settings=shipped");
        for (int pools : size > 0 ? new int[] {(int) size} : new int[] {100, 1000}) {
            var work = RoutingWorkload.create(seed, pools, oneRollup, shipped);
            int n = RoutingWorkload.INTENTS * RoutingWorkload.CHANGES;
            IntConsumer cold = k -> work.router().route(work.market().snapshot(), work.request(k % RoutingWorkload.INTENTS));
            IntConsumer coldChanged = k -> {
                int i = k % RoutingWorkload.INTENTS;
                work.router().route(work.changed(i, k / RoutingWorkload.INTENTS), work.request(i));
            };
            IntConsumer warm = k -> {
                int i = k % RoutingWorkload.INTENTS;
                work.router().route(work.changed(i, k / RoutingWorkload.INTENTS), work.request(i), BigInteger.ZERO, work.warmStart(i));
            };
            if (only.isEmpty() || only.equals("cold")) {
                measure(work, pools, "coldSolve", cold, n, rounds, warmup);
                measure(work, pools, "coldSolveAfterOnePoolChange", coldChanged, n, rounds, warmup);
            }
            if (only.isEmpty() || only.equals("warm")) {
                measure(work, pools, "warmResolveAfterOnePoolChange", warm, n, rounds, warmup);
            }
        }
    }

    private static void measure(RoutingWorkload work, int pools, String name, IntConsumer op, int n, int rounds, int warmup) {
        for (int r = 0; r < warmup; r++) {
            for (int k = 0; k < n; k++) {
                op.accept(k);
            }
        }
        long[] wall = new long[n * rounds];
        long[] cpu = new long[n * rounds];
        int at = 0;
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < n; k++) {
                long c0 = THREADS.getCurrentThreadCpuTime();
                long w0 = System.nanoTime();
                op.accept(k);
                wall[at] = System.nanoTime() - w0;
                cpu[at] = THREADS.getCurrentThreadCpuTime() - c0;
                at++;
            }
        }
        // The slowest intents by their worst CPU time: where the tail comes from.
        long[] worstByIntent = new long[RoutingWorkload.INTENTS];
        for (int j = 0; j < cpu.length; j++) {
            int i = (j % n) % RoutingWorkload.INTENTS;
            worstByIntent[i] = Math.max(worstByIntent[i], cpu[j]);
        }
        Integer[] order = new Integer[RoutingWorkload.INTENTS];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (x, y) -> Long.compare(worstByIntent[y], worstByIntent[x]));
        var slowest = new StringBuilder();
        for (int k = 0; k < 3; k++) {
            var intent = work.intent(order[k]);
            slowest.append(String.format(Locale.ROOT, "  intent %d (%.3g of depth, chain %s): %.1f µs;",
                    order[k], intent.depthFraction(), intent.chain(), worstByIntent[order[k]] / 1e3));
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        System.out.printf(Locale.ROOT, "%-30s %5d pools  n=%d  wall p50 %8.1f p99 %8.1f p99.9 %8.1f max %8.1f µs | cpu p50 %8.1f p99 %8.1f p99.9 %8.1f max %8.1f µs%n",
                name, pools, wall.length, q(wall, 0.5), q(wall, 0.99), q(wall, 0.999), q(wall, 1),
                q(cpu, 0.5), q(cpu, 0.99), q(cpu, 0.999), q(cpu, 1));
        System.out.println("    slowest (worst CPU time):" + slowest);
    }

    private static double q(long[] sorted, double quantile) {
        int rank = (int) Math.ceil(quantile * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e3;
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
