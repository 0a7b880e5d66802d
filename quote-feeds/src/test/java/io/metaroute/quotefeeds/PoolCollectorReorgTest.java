package io.metaroute.quotefeeds;

import static io.metaroute.quotefeeds.ChainPokes.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.core.network.Network;
import io.metaroute.core.network.PoolRef;
import io.metaroute.core.network.Rollup;
import io.metaroute.core.pool.PoolKey;
import io.metaroute.core.pool.PoolState;
import io.metaroute.devnet.Devnet;
import io.metaroute.devnet.DevnetExtension;
import io.metaroute.quotefeeds.health.domain.FeedHealthBook;
import io.metaroute.quotefeeds.health.domain.FeedMode;
import io.metaroute.quotefeeds.health.domain.RollupHealth;
import io.metaroute.quotefeeds.market.MarketStore;
import io.metaroute.quotefeeds.observe.QuoteFeedEvents;
import io.metaroute.quotefeeds.pools.PoolCollector;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A reorganisation of depth 3 on a real anvil rollup ({@code anvil_reorg}) that removes a {@code Sync}
 * the market had applied: the collector rolls the pool back to the fork point and re-applies the new
 * chain, and the market ends equal, to the wei, to a fresh full read. The periodic full read is far
 * away, so only the rollback can get it there. The rollup stays usable for the tests after this one.
 */
@ExtendWith(DevnetExtension.class)
class PoolCollectorReorgTest {

    @Test
    void aDepthThreeReorgThatRemovesAnAppliedSyncEndsWithTheMarketEqualToTheChain(Devnet devnet) throws Exception {
        reorgRemovingAnAppliedSync(devnet, 64);
    }

    /** With only two block hashes kept the fork point is out of reach: every pool is taken as the new head has it. */
    @Test
    void aReorgDeeperThanTheKeptHashesAlsoEndsWithTheMarketEqualToTheChain(Devnet devnet) throws Exception {
        reorgRemovingAnAppliedSync(devnet, 2);
    }

    private void reorgRemovingAnAppliedSync(Devnet devnet, int trailDepth) throws Exception {
        Rollup rollup = devnet.rollup("ledger"); // 2 s blocks: the Sync is still among the last three when the reorg comes
        var metrics = new SimpleMeterRegistry();
        var store = new MarketStore();
        var health = FeedHealthBook.of(new Network(List.of(rollup)), 10, Clock.systemUTC());
        var settings = new PoolCollector.Settings(Duration.ofMinutes(10), true, Duration.ofSeconds(10), trailDepth,
                Duration.ofSeconds(5));
        var collector = new PoolCollector(rollup, devnet.web3j(rollup.chainId()), store, health, new QuoteFeedEvents(metrics), settings);
        String chain = rollup.chainId().toString();

        collector.loadOnce().block(Duration.ofSeconds(10));
        var following = collector.follow().subscribe();
        try {
            await(Duration.ofSeconds(10), "the collector follows the WebSocket",
                    () -> health.health(rollup.chainId()).mode() == FeedMode.WEBSOCKET);
            long firstHead = health.health(rollup.chainId()).lastHead().orElseThrow().number();
            await(Duration.ofSeconds(15), "the trail holds the block the reorg will fork from",
                    () -> health.health(rollup.chainId()).lastHead().orElseThrow().number() >= firstHead + 2);
            PoolRef pool = rollup.pools().getFirst();
            PoolKey key = new PoolKey(rollup.chainId(), pool.address());
            BigInteger before = store.current().pool(key).orElseThrow().reserve0();

            var synced = ChainPokes.donateAndSync(devnet, rollup, pool, BigInteger.valueOf(987_654_321));
            long syncBlock = synced.getBlockNumber().longValueExact();
            BigInteger donated = before.add(BigInteger.valueOf(987_654_321));
            await(Duration.ofSeconds(10), "the market applies the Sync",
                    () -> store.current().pool(key).map(p -> p.reserve0().equals(donated)).orElse(false));
            assertThat(metrics.counter("metaroute.feeds.sync.applied", "chain", chain).count()).isGreaterThanOrEqualTo(1);

            long tip = ChainPokes.blockNumber(devnet, rollup);
            assertThat(tip - syncBlock).as("the Sync's block is among the three the reorg replaces").isLessThan(3);
            ChainPokes.reorg(rollup, 3);
            Map<PoolKey, PoolState> onChain = ChainPokes.fullRead(devnet, rollup);
            assertThat(onChain.get(key).reserve0()).as("the reorg removed the donation and the Sync").isEqualTo(before);

            await(Duration.ofSeconds(10), "the market rolls back to the chain's reserves",
                    () -> ChainPokes.sameReserves(store.current(), ChainPokes.fullRead(devnet, rollup)));
            Map<PoolKey, PoolState> fresh = ChainPokes.fullRead(devnet, rollup);
            for (PoolState p : fresh.values()) {
                PoolState held = store.current().pool(p.key()).orElseThrow();
                assertThat(held.reserve0()).as("reserve0 of " + p.address()).isEqualTo(p.reserve0());
                assertThat(held.reserve1()).as("reserve1 of " + p.address()).isEqualTo(p.reserve1());
            }
            assertThat(metrics.counter("metaroute.feeds.reorgs", "chain", chain).count()).isEqualTo(1);
            assertThat(metrics.summary("metaroute.feeds.reorg.depth", "chain", chain).max()).isEqualTo(3);
            RollupHealth h = health.health(rollup.chainId());
            assertThat(h.reorgs()).isEqualTo(1);
            assertThat(h.state()).isEqualTo(RollupHealth.State.UP);
            assertThat(metrics.timer("metaroute.feeds.event.lag", "chain", chain, "event", "head").count()).isPositive();

            // the chain goes on: the next change after the reorg is followed as before
            var again = ChainPokes.donateAndSync(devnet, rollup, pool, BigInteger.valueOf(1_111));
            assertThat(again.getBlockNumber().longValueExact()).isGreaterThan(tip - 3);
            BigInteger after = before.add(BigInteger.valueOf(1_111));
            await(Duration.ofSeconds(10), "the market follows the new chain",
                    () -> store.current().pool(key).map(p -> p.reserve0().equals(after)).orElse(false));
        } finally {
            following.dispose();
        }
    }
}
