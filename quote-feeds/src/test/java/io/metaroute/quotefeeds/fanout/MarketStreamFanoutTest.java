package io.metaroute.quotefeeds.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.pool.PoolState;
import io.metaroute.quotefeeds.chain.domain.BlockHead;
import io.metaroute.quotefeeds.health.domain.FeedHealthBook;
import io.metaroute.quotefeeds.health.domain.RollupHealth;
import io.metaroute.quotefeeds.market.ChainPosition;
import io.metaroute.quotefeeds.market.MarketStore;
import io.metaroute.quotefeeds.market.PoolUpdate;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The market stream through a real Redis of the test's own: a follower's market equals the
 * collector's version for version, a late joiner starts from the snapshot, a trimmed stream sends
 * followers back to the snapshot instead of applying a gap, a Redis restart under load loses nothing
 * (the follower converges, a late joiner finds a snapshot again), and the
 * rollups' heads carry freshness across (a silent stream makes the follower's rollups stale).
 */
@Timeout(120)
class MarketStreamFanoutTest {
    private static final ChainId CHAIN = ChainId.of(7001);
    private final Random random = new Random(11);
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final String prefix = "metaroute:test:" + UUID.randomUUID();
    private final List<AutoCloseable> open = new ArrayList<>();
    private RedisServerProcess redis;
    private long block = 1;

    @BeforeEach
    void redis() throws Exception {
        redis = new RedisServerProcess();
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
        redis.close();
    }

    @Test
    void aFollowerHoldsTheCollectorsMarketVersionForVersionAndALateJoinerStartsFromTheSnapshot() {
        var collector = new MarketStore();
        var book = book();
        publisher(collector, book, MarketStreamPublisher.Settings.defaults(prefix));
        var follower = new MarketStore();
        var following = follower(follower, book());
        assertThat(following.awaitFirst(Duration.ofSeconds(10))).isTrue();

        List<PoolState> pools = pools(300);
        churn(collector, pools, 5_000);
        await(() -> follower.current().pools().equals(collector.current().pools()) && following.version() == collector.current().version());

        var late = new MarketStore();
        var joining = follower(late, book());
        churn(collector, pools, 1_000);
        await(() -> late.current().pools().equals(collector.current().pools())
                && follower.current().pools().equals(collector.current().pools()));
        assertThat(joining.version()).isEqualTo(collector.current().version());
        assertThat(metrics.counter("metaroute.fanout.restarts", "reason", "gap").count()).isZero();
    }

    @Test
    void aFollowerThatFallsBehindATrimmedStreamStartsAgainFromTheSnapshotInsteadOfApplyingAGap() {
        var collector = new MarketStore();
        var book = book();
        // entries of one version each, and a stream of about 10 entries: a follower reading one entry per round trip falls behind
        publisher(collector, book, new MarketStreamPublisher.Settings(prefix, 65_536, 1, Duration.ofMillis(200), Duration.ofMillis(100), 10));
        var follower = new MarketStore();
        var following = new MarketStreamFollower(redis.url(), follower, book(), new MarketStreamFollower.Settings(prefix, Duration.ofMillis(200), 1),
                Clock.systemUTC(), metrics).start();
        open.add(following);
        assertThat(following.awaitFirst(Duration.ofSeconds(10))).isTrue();
        List<PoolState> pools = pools(50);
        churn(collector, pools, 3_000);
        await(() -> follower.current().pools().equals(collector.current().pools()));
        assertThat(metrics.counter("metaroute.fanout.restarts", "reason", "gap").count()).isPositive();
        assertThat(metrics.counter("metaroute.fanout.bootstraps").count()).isGreaterThan(1);
    }

    @Test
    void aRedisRestartUnderLoadLosesNothingTheFollowerConvergesAndALateJoinerStartsFromTheNewSnapshot() throws Exception {
        var collector = new MarketStore();
        var book = book();
        var publisher = publisher(collector, book, MarketStreamPublisher.Settings.defaults(prefix));
        var follower = new MarketStore();
        var following = follower(follower, book());
        assertThat(following.awaitFirst(Duration.ofSeconds(10))).isTrue();
        List<PoolState> pools = pools(200);

        var load = Thread.ofPlatform().start(() -> churnFor(collector, pools, Duration.ofSeconds(4)));
        Thread.sleep(1_000);
        redis.kill(); // the stream and the snapshot are gone with it
        Thread.sleep(500);
        redis.start();
        load.join();

        // Writes that failed begin a new epoch; writes Lettuce buffered while disconnected are replayed in order after it
        // reconnects (the same epoch, no gap). Either way the follower ends on the collector's market, never past a gap.
        await(() -> follower.current().pools().equals(collector.current().pools()));

        var late = new MarketStore();
        var joining = follower(late, book());
        assertThat(joining.awaitFirst(Duration.ofSeconds(10))).as("a snapshot is in the restarted Redis again").isTrue();
        churn(collector, pools, 200);
        await(() -> late.current().pools().equals(collector.current().pools())
                && follower.current().pools().equals(collector.current().pools()));
        assertThat(publisher.streamKey()).startsWith(prefix);
    }

    @Test
    void headsCarryFreshnessAcrossAndASilentStreamLetsTheFollowersRollupsGoStale() throws Exception {
        var collector = new MarketStore();
        var book = book();
        var publisher = publisher(collector, book, MarketStreamPublisher.Settings.defaults(prefix));
        var followerBook = book();
        var follower = new MarketStore();
        assertThat(follower(follower, followerBook).awaitFirst(Duration.ofSeconds(10))).isTrue();
        assertThat(followerBook.health(CHAIN).state()).isEqualTo(RollupHealth.State.UNKNOWN);

        var head = new BlockHead(42, "0x" + "ab".repeat(32), "0x" + "cd".repeat(32), Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        book.headSeen(CHAIN, head);
        collector.confirm(CHAIN);
        await(() -> followerBook.health(CHAIN).state() == RollupHealth.State.UP);
        assertThat(followerBook.health(CHAIN).lastHead()).contains(head);
        assertThat(follower.confirmedAt(CHAIN)).isPresent();

        book.failed(CHAIN, new RuntimeException("connection refused"));
        await(() -> followerBook.health(CHAIN).state() == RollupHealth.State.DOWN);
        assertThat(followerBook.health(CHAIN).failure()).get().asString().contains("connection refused");

        book.headSeen(CHAIN, new BlockHead(43, "0x" + "ef".repeat(32), head.hash(), Instant.now()));
        await(() -> followerBook.health(CHAIN).state() == RollupHealth.State.UP);
        publisher.close(); // the collecting replica stops: no more heads
        open.remove(publisher);
        await(() -> followerBook.health(CHAIN).state() == RollupHealth.State.STALE);
    }

    private MarketStreamPublisher publisher(MarketStore store, FeedHealthBook book, MarketStreamPublisher.Settings settings) {
        var p = new MarketStreamPublisher(redis.url(), store, book, settings, Clock.systemUTC(), metrics).start();
        open.add(p);
        return p;
    }

    private MarketStreamFollower follower(MarketStore store, FeedHealthBook book) {
        var f = new MarketStreamFollower(redis.url(), store, book, MarketStreamFollower.Settings.defaults(prefix), Clock.systemUTC(),
                metrics).start();
        open.add(f);
        return f;
    }

    private static FeedHealthBook book() {
        return new FeedHealthBook(Map.of(CHAIN, Duration.ofSeconds(2)), Clock.systemUTC());
    }

    private static List<PoolState> pools(int n) {
        var out = new ArrayList<PoolState>();
        for (int i = 0; i < n; i++) {
            out.add(new PoolState(CHAIN, Address.of(String.format("0x%040x", 0x1000 + i)), Address.of(String.format("0x%040x", 1 + i % 7)),
                    Address.of(String.format("0x%040x", 100 + i % 11)), BigInteger.TEN, BigInteger.TEN, 0));
        }
        return out;
    }

    /** {@code n} changes of every kind a collector makes: blocks of logs, single logs, reorganisations, touches. */
    private void churn(MarketStore store, List<PoolState> pools, int n) {
        for (int i = 0; i < n; i++) {
            step(store, pools);
        }
    }

    private void churnFor(MarketStore store, List<PoolState> pools, Duration d) {
        long until = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < until) {
            step(store, pools);
            if (random.nextInt(50) == 0) {
                sleep(1);
            }
        }
    }

    private synchronized void step(MarketStore store, List<PoolState> pools) {
        block++;
        int kind = random.nextInt(20);
        if (kind == 0) {
            store.touch();
        } else if (kind == 1) {
            store.rewind(List.of(moved(pools.get(random.nextInt(pools.size())))), ChainPosition.endOfBlock(block));
        } else if (kind < 6) {
            var updates = new ArrayList<PoolUpdate>();
            for (int j = 0; j < 1 + random.nextInt(8); j++) {
                updates.add(new PoolUpdate(moved(pools.get(random.nextInt(pools.size()))), new ChainPosition(block, j)));
            }
            store.applyAll(updates);
        } else {
            store.apply(moved(pools.get(random.nextInt(pools.size()))), new ChainPosition(block, 0));
        }
    }

    private PoolState moved(PoolState p) {
        return new PoolState(p.chain(), p.address(), p.token0(), p.token1(), BigInteger.valueOf(1 + random.nextInt(1_000_000_000)),
                BigInteger.valueOf(1 + random.nextInt(1_000_000_000)).shiftLeft(random.nextInt(80)), block);
    }

    private static void await(BooleanSupplier condition) {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 30 s").isLessThan(until);
            sleep(20);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
