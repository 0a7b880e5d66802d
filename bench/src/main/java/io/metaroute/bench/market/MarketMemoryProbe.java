package io.metaroute.bench.market;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.core.pool.PoolState;
import io.metaroute.quotefeeds.fanout.MarketStreamCodec;
import io.metaroute.quotefeeds.market.ChainPosition;
import io.metaroute.quotefeeds.market.MarketStore;
import io.metaroute.quotefeeds.market.PoolUpdate;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Memory per 10,000 pools: the heap a {@link MarketStore} holding {@code n} pools retains (the
 * current snapshot, positions and freshness), measured as the used heap after full collections
 * with and without it, and the size of its market-stream snapshot text in Redis.
 *
 * <pre>java -cp "bench/target/classes:$(cat /tmp/cp.txt)" io.metaroute.bench.market.MarketMemoryProbe 10000</pre>
 * (the class path as in {@link MarketBenchmarks})
 */
public final class MarketMemoryProbe {
    private MarketMemoryProbe() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 && !args[0].isBlank() ? Integer.parseInt(args[0].trim().split("\\s+")[0]) : 10_000;
        MarketStore warm = build(10); // classes loaded and initialised before the baseline
        long before = settledHeap();
        MarketStore store = build(n);
        long after = settledHeap();
        MarketSnapshot s = store.current();
        String text = MarketStreamCodec.snapshot("epoch", s, "0-0", Map.of());
        System.out.printf("pools %d: store retains %.1f MiB (%d bytes per pool); stream snapshot %.1f MiB (%d bytes per pool)%n",
                n, (after - before) / 1048576.0, (after - before) / n, text.length() / 1048576.0, text.length() / n);
        if (store.current().pools().size() != n || warm.current().pools().size() != 10) {
            throw new IllegalStateException("the store holds " + store.current().pools().size() + " pools, not " + n);
        }
    }

    private static MarketStore build(int n) {
        var random = new SplittableRandom(3);
        var store = new MarketStore();
        List<PoolUpdate> updates = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            var p = new PoolState(ChainId.of(710001 + i % 3), Address.of(String.format("0x%040x", random.nextLong(Long.MAX_VALUE)).substring(0, 42)),
                    Address.of(String.format("0x%040x", 1 + i % 50)), Address.of(String.format("0x%040x", 100 + i % 49)),
                    BigInteger.valueOf(random.nextLong(Long.MAX_VALUE)).shiftLeft(random.nextInt(40)),
                    BigInteger.valueOf(random.nextLong(Long.MAX_VALUE)).shiftLeft(random.nextInt(40)), 1_000_000 + i);
            updates.add(new PoolUpdate(p, new ChainPosition(1_000_000 + i, 0)));
        }
        store.applyAll(updates);
        updates.clear();
        return store;
    }

    private static long settledHeap() throws InterruptedException {
        var memory = ManagementFactory.getMemoryMXBean();
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 6; i++) {
            System.gc();
            Thread.sleep(100);
            last = Math.min(last, memory.getHeapMemoryUsage().getUsed());
        }
        return last;
    }
}
