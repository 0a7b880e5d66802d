package io.metaroute.bench.market;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.pool.PoolState;
import io.metaroute.quotefeeds.market.ChainPosition;
import io.metaroute.quotefeeds.market.MarketStore;
import io.metaroute.quotefeeds.market.PoolUpdate;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ingestion of pool updates into market snapshots ({@link MarketStore#applyAll}): each invocation
 * applies one block of {@code batch} {@code Sync} updates to random pools of a market of
 * {@code pools} pools, at increasing chain positions, as the collectors do per block; every block
 * makes one new immutable snapshot version, published to the store's subscribers. The score is
 * blocks per second: pool updates per second are the score times {@code batch}.
 *
 * <pre>
 * ./mvnw -B -q -pl bench -am package dependency:build-classpath -DskipTests -Dmdep.outputFile=/tmp/cp.txt
 * java -cp "bench/target/classes:$(cat /tmp/cp.txt)" org.openjdk.jmh.Main MarketBenchmarks -t 1
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class MarketBenchmarks {
    @Param({"1500", "10000"})
    int pools;

    @Param({"1", "16", "256"})
    int batch;

    private MarketStore store;
    private List<PoolState> market;
    private SplittableRandom random;
    private long block;
    private BigInteger[] reserves;

    @Setup
    public void setup() {
        store = new MarketStore();
        random = new SplittableRandom(7);
        market = new ArrayList<>(pools);
        reserves = new BigInteger[1024];
        for (int i = 0; i < reserves.length; i++) {
            reserves[i] = BigInteger.valueOf(1_000_000_000L + random.nextLong(1_000_000_000_000L)).shiftLeft(random.nextInt(40));
        }
        var updates = new ArrayList<PoolUpdate>(pools);
        for (int i = 0; i < pools; i++) {
            var p = new PoolState(ChainId.of(710001 + i % 3), Address.of(String.format("0x%040x", 0x100000 + i)),
                    Address.of(String.format("0x%040x", 1 + i % 50)), Address.of(String.format("0x%040x", 100 + i % 49)),
                    reserves[i % 1024], reserves[(i * 7 + 3) % 1024], 1);
            market.add(p);
            updates.add(new PoolUpdate(p, ChainPosition.endOfBlock(1)));
        }
        store.applyAll(updates);
        store.snapshots().subscribe(); // a subscriber, as quote streams are
        block = 2;
    }

    @Benchmark
    public int ingest() {
        var updates = new ArrayList<PoolUpdate>(batch);
        long b = block++;
        for (int i = 0; i < batch; i++) {
            PoolState p = market.get(random.nextInt(market.size()));
            var moved = new PoolState(p.chain(), p.address(), p.token0(), p.token1(), reserves[random.nextInt(1024)],
                    reserves[random.nextInt(1024)], b);
            updates.add(new PoolUpdate(moved, new ChainPosition(b, i)));
        }
        return store.applyAll(updates);
    }

    public static void main(String[] args) throws Exception {
        org.openjdk.jmh.Main.main(args.length == 0 ? new String[] {MarketBenchmarks.class.getSimpleName()} : args);
    }
}
