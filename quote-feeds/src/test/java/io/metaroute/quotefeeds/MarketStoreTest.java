package io.metaroute.quotefeeds;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.core.pool.PoolState;
import io.metaroute.quotefeeds.market.ChainPosition;
import io.metaroute.quotefeeds.market.MarketStore;
import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class MarketStoreTest {
    static final ChainId CHAIN = ChainId.of(710001);
    static final Address POOL = Address.of("0x00000000000000000000000000000000000000aa");

    static PoolState pool(long r0, long r1, long block) {
        return new PoolState(CHAIN, POOL, Address.of("0x0000000000000000000000000000000000000001"),
                Address.of("0x0000000000000000000000000000000000000002"), BigInteger.valueOf(r0), BigInteger.valueOf(r1), block);
    }

    @Test
    void eachChangeIsANewVersionAndLateSubscribersStartFromTheLatest() {
        var store = new MarketStore();
        StepVerifier.create(store.snapshots().map(MarketSnapshot::version).take(3))
                .expectNext(0L)
                .then(() -> store.apply(pool(10, 20, 5), new ChainPosition(5, 0)))
                .expectNext(1L)
                .then(() -> store.apply(pool(11, 19, 6), new ChainPosition(6, 2)))
                .expectNext(2L)
                .verifyComplete();
        StepVerifier.create(store.snapshots().take(1))
                .assertNext(s -> assertThat(s.pools().get(pool(0, 0, 0).key()).reserve0()).isEqualTo(BigInteger.valueOf(11)))
                .verifyComplete();
    }

    @Test
    void aRewindTakesTheForkPointsStateWhateverWasHeldAndLaterLogsApplyAfterIt() {
        var store = new MarketStore();
        store.apply(pool(10, 20, 5), ChainPosition.endOfBlock(5));
        store.apply(pool(15, 14, 8), new ChainPosition(8, 0)); // a Sync of a block a reorganisation removes
        long before = store.current().version();
        store.rewind(List.of(pool(10, 20, 7)), ChainPosition.endOfBlock(7));
        assertThat(store.current().version()).isEqualTo(before + 1);
        assertThat(store.current().pools().get(POOL_KEY).reserve0()).isEqualTo(BigInteger.TEN);
        assertThat(store.position(POOL_KEY)).contains(ChainPosition.endOfBlock(7));
        // the new chain's block 8 has another Sync: it applies, though the removed one sat at the same position
        assertThat(store.apply(pool(13, 16, 8), new ChainPosition(8, 0))).isTrue();
        assertThat(store.current().pools().get(POOL_KEY).reserve0()).isEqualTo(BigInteger.valueOf(13));
        // a rewind to what is held already is no new version
        long now = store.current().version();
        store.rewind(List.of(pool(13, 16, 8)), ChainPosition.endOfBlock(8));
        assertThat(store.current().version()).isEqualTo(now);
    }

    @Test
    void aTouchPublishesTheSamePoolsAsANewVersion() {
        var store = new MarketStore();
        store.apply(pool(10, 20, 5), ChainPosition.endOfBlock(5));
        MarketSnapshot before = store.current();
        StepVerifier.create(store.snapshots().take(2))
                .expectNext(before)
                .then(store::touch)
                .assertNext(s -> {
                    assertThat(s.version()).isEqualTo(before.version() + 1);
                    assertThat(s.pools()).isEqualTo(before.pools());
                })
                .verifyComplete();
    }

    static final io.metaroute.core.pool.PoolKey POOL_KEY = pool(0, 0, 0).key();

    @Test
    void anOlderObservationNeverOverwritesANewerOne() {
        var store = new MarketStore();
        assertThat(store.apply(pool(11, 19, 6), new ChainPosition(6, 3))).isTrue();
        // a full read at block 6 sorts after every log of block 6, a log at (6,1) before the one held
        assertThat(store.apply(pool(10, 20, 6), new ChainPosition(6, 1))).isFalse();
        assertThat(store.apply(pool(10, 20, 5), ChainPosition.endOfBlock(5))).isFalse();
        assertThat(store.current().version()).isEqualTo(1);
        assertThat(store.apply(pool(12, 18, 6), ChainPosition.endOfBlock(6))).isTrue();
        assertThat(store.current().version()).isEqualTo(2);
        // the same reserves again are not a new version
        assertThat(store.apply(pool(12, 18, 7), ChainPosition.endOfBlock(7))).isFalse();
        assertThat(store.current().version()).isEqualTo(2);
    }

    @Test
    void aSlowSubscriberIsConflatedToTheLatestVersion() {
        var store = new MarketStore();
        StepVerifier.create(store.snapshots().map(MarketSnapshot::version), 0)
                .then(() -> {
                    for (int i = 1; i <= 50; i++) {
                        store.apply(pool(10 + i, 20, i), ChainPosition.endOfBlock(i));
                    }
                })
                .thenRequest(1)
                .expectNext(50L)
                .thenCancel()
                .verify();
    }

    @Test
    void aSubscriberBusyInsideOnNextDoesNotHoldUpAnotherThreadsUpdate() throws Exception {
        var store = new MarketStore();
        var inside = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        List<Long> seen = new CopyOnWriteArrayList<>();
        var subscription = store.snapshots().subscribe(s -> {
            seen.add(s.version());
            if (s.version() == 1) {
                inside.countDown();
                await(release);
            }
        });
        var threads = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(
                    () -> store.apply(pool(10, 20, 5), ChainPosition.endOfBlock(5)), threads);
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
            // the first update's thread is stuck delivering version 1; with emission under the lock this would block
            CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(
                    () -> store.apply(pool(11, 19, 6), ChainPosition.endOfBlock(6)), threads);
            assertThat(second.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(store.current().version()).isEqualTo(2);
            assertThat(seen).containsExactly(0L, 1L);
            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
            // the thread that was draining also delivered the version made meanwhile, in order
            assertThat(seen).containsExactly(0L, 1L, 2L);
        } finally {
            release.countDown();
            subscription.dispose();
            threads.shutdownNow();
        }
    }

    @Test
    void concurrentUpdatesArePublishedOnceEachInVersionOrder() throws Exception {
        var store = new MarketStore();
        List<Long> seen = new CopyOnWriteArrayList<>();
        var subscription = store.snapshots().subscribe(s -> seen.add(s.version()));
        var threads = Executors.newFixedThreadPool(4);
        try {
            var updates = new java.util.ArrayList<CompletableFuture<Boolean>>();
            for (int t = 0; t < 4; t++) {
                long poolId = 0xa0 + t;
                updates.add(CompletableFuture.supplyAsync(() -> {
                    for (int i = 1; i <= 250; i++) {
                        store.apply(pool(poolId, 10 + i, 20, i), ChainPosition.endOfBlock(i));
                    }
                    return true;
                }, threads));
            }
            for (var u : updates) {
                assertThat(u.get(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(store.current().version()).isEqualTo(1000);
            assertThat(seen).hasSize(1001).isSorted().doesNotHaveDuplicates().endsWith(1000L);
        } finally {
            subscription.dispose();
            threads.shutdownNow();
        }
    }

    static PoolState pool(long poolId, long r0, long r1, long block) {
        return new PoolState(CHAIN, Address.of(String.format("0x%040x", poolId)), Address.of("0x0000000000000000000000000000000000000001"),
                Address.of("0x0000000000000000000000000000000000000002"), BigInteger.valueOf(r0), BigInteger.valueOf(r1), block);
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
