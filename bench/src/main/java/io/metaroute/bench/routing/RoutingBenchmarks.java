package io.metaroute.bench.routing;

import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.solver.routing.RouteOutcome;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Latency of the optimal router on seeded random markets of 100 and 1,000 pools
 * ({@link RandomNetworks}), as a distribution (sample time: p50, p99, max), in the research
 * settings (no gas, no leg limit) and as the service runs it ({@code settings=shipped}), with the
 * pools spread over several rollups or all on one ({@code layout=one-rollup}).
 *
 * <ul>
 *   <li>{@code coldSolve}: a solve without a warm start, rotating over the 64 random intents of a
 *       {@link RoutingWorkload} on one snapshot.</li>
 *   <li>{@code coldSolveAfterOnePoolChange}: the same solve on a snapshot one version later where
 *       one pool the intent's route trades through has changed: the baseline for the next one.</li>
 *   <li>{@code warmResolveAfterOnePoolChange}: that re-solve, given the warm start of the answer on
 *       the previous snapshot.</li>
 * </ul>
 *
 * <p>Goals: cold p99 ≤ 2 ms at 100 pools and ≤ 20 ms at 1,000; warm p99 ≤ 1 ms at 1,000. The
 * machine has 2 cores: run with 1 thread (latency) or 2 (no more).
 *
 * <p>Run from the repository root (the main splits {@code bench.args} into JMH options; without a
 * benchmark pattern it runs the ones of this class):
 * <pre>
 * ./mvnw -B -q -pl bench package -DskipTests
 * ./mvnw -B -q -pl bench exec:exec -Dbench.main=io.metaroute.bench.routing.RoutingBenchmarks -Dbench.args="-t 1"
 * ./mvnw -B -q -pl bench exec:exec -Dbench.main=io.metaroute.bench.routing.RoutingBenchmarks \
 *     -Dbench.args="warmResolve -p pools=1000 -t 2 -rf json -rff results/routing-jmh.json"
 * </pre>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
@Threads(1)
@State(Scope.Benchmark)
public class RoutingBenchmarks {
    static final int INTENTS = RoutingWorkload.INTENTS;
    static final int CHANGES = RoutingWorkload.CHANGES;

    @Param({"100", "1000"})
    public int pools;

    @Param("42")
    public long seed;

    /** {@code research}: no gas, no leg limit; {@code shipped}: the service's settings (gas, the settler's 32 legs). */
    @Param({"research", "shipped"})
    public String settings;

    /** {@code spread}: the pools over 3–8 rollups (about pools/5 on the intent's); {@code one-rollup}: all on one. */
    @Param({"spread", "one-rollup"})
    public String layout;

    private RoutingWorkload work;
    private MarketSnapshot snapshot;

    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    @Setup(Level.Trial)
    public void setUp() {
        work = RoutingWorkload.create(seed, pools, layout.equals("one-rollup"), settings.equals("shipped"));
        snapshot = work.market().snapshot();
    }

    /** A solve without a warm start, rotating over the workload's intents. */
    @Benchmark
    public RouteOutcome coldSolve(Cursor cursor) {
        int i = Math.floorMod(cursor.next++, INTENTS);
        return work.router().route(snapshot, work.request(i));
    }

    @Benchmark
    public RouteOutcome coldSolveAfterOnePoolChange(Cursor cursor) {
        int n = cursor.next++;
        int i = Math.floorMod(n, INTENTS);
        return work.router().route(work.changed(i, Math.floorMod(n / INTENTS, CHANGES)), work.request(i));
    }

    @Benchmark
    public RouteOutcome warmResolveAfterOnePoolChange(Cursor cursor) {
        int n = cursor.next++;
        int i = Math.floorMod(n, INTENTS);
        return work.router().route(work.changed(i, Math.floorMod(n / INTENTS, CHANGES)), work.request(i),
                BigInteger.ZERO, work.warmStart(i));
    }

    /**
     * Runs JMH. Arguments may arrive as one space-separated string (as Maven's {@code -Dbench.args}
     * passes them); double-dash arguments (the intake benchmark's defaults) are ignored; without a
     * benchmark pattern, this class's benchmarks run.
     */
    public static void main(String[] args) throws Exception {
        List<String> list = new ArrayList<>();
        for (String a : args) {
            Arrays.stream(a.trim().split("\\s+")).filter(s -> !s.isBlank() && !s.startsWith("--")).forEach(list::add);
        }
        if (list.isEmpty() || list.getFirst().startsWith("-")) {
            list.addFirst(RoutingBenchmarks.class.getName());
        }
        org.openjdk.jmh.Main.main(list.toArray(String[]::new));
    }
}
