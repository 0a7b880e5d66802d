package io.metaroute.quotefeeds;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.contracts.generated.TestToken;
import io.metaroute.contracts.generated.UniswapV2Pair;
import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.core.network.PoolRef;
import io.metaroute.core.network.Rollup;
import io.metaroute.core.pool.PoolKey;
import io.metaroute.core.pool.PoolState;
import io.metaroute.devnet.Devnet;
import io.metaroute.devnet.DevnetExtension;
import io.metaroute.quotefeeds.market.MarketStore;
import io.metaroute.quotefeeds.observe.QuoteFeedEvents;
import io.metaroute.quotefeeds.pools.PoolCollector;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.tuples.generated.Tuple3;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import reactor.test.StepVerifier;

/** The collector against a real anvil rollup: the initial read, then a pool change seen through its Sync log. */
@ExtendWith(DevnetExtension.class)
class PoolCollectorLiveTest {

    @Test
    void readsEveryPoolThenFollowsSyncEventsOverWebSocket(Devnet devnet) throws Exception {
        Rollup rollup = devnet.rollup("veil");
        var metrics = new SimpleMeterRegistry();
        var store = new MarketStore();
        // resync far away: whatever changes during the test must arrive as a Sync log
        var collector = new PoolCollector(rollup, devnet.web3j(rollup.chainId()), store, new QuoteFeedEvents(metrics), Duration.ofMinutes(10));

        StepVerifier.create(collector.loadOnce()).verifyComplete();
        assertThat(store.current().poolsOn(rollup.chainId())).hasSize(rollup.pools().size())
                .allSatisfy(p -> assertThat(p.reserve0().signum()).isPositive());

        var following = collector.follow().subscribe();
        try {
            Thread.sleep(1_000); // the periodic read at start is done; the subscription is live
            PoolRef pool = rollup.pools().getFirst();
            var wallet = devnet.wallets().getFirst();
            var tm = new RawTransactionManager(devnet.web3j(rollup.chainId()), wallet.credentials(), rollup.chainId().value(),
                    devnet.receiptProcessor(rollup.chainId()));
            var gas = new StaticGasProvider(BigInteger.valueOf(3_000_000_000L), BigInteger.valueOf(300_000));
            // donate token0 to the pair and sync(): the reserves change and the pair emits Sync
            TestToken.load(pool.token0().hex(), devnet.web3j(rollup.chainId()), tm, gas)
                    .transfer(pool.address().hex(), BigInteger.valueOf(123_456_789)).send();
            UniswapV2Pair pair = UniswapV2Pair.load(pool.address().hex(), devnet.web3j(rollup.chainId()), tm, gas);
            pair.sync().send();
            Tuple3<BigInteger, BigInteger, BigInteger> onChain = pair.getReserves().send();

            PoolKey key = new PoolKey(rollup.chainId(), pool.address());
            StepVerifier.create(store.snapshots()
                            .map(MarketSnapshot::pools)
                            .filter(pools -> pools.containsKey(key) && pools.get(key).reserve0().equals(onChain.component1()))
                            .take(1))
                    .assertNext(pools -> {
                        PoolState seen = pools.get(key);
                        assertThat(seen.reserve1()).isEqualTo(onChain.component2());
                        assertThat(seen.token0()).isEqualTo(pool.token0());
                    })
                    .expectComplete()
                    .verify(Duration.ofSeconds(10));
            assertThat(metrics.counter("metaroute.feeds.sync.applied", "chain", rollup.chainId().toString()).count())
                    .as("the change arrived as a Sync log, not a periodic read").isGreaterThanOrEqualTo(1);
        } finally {
            following.dispose();
        }
    }

    @Test
    void withoutAWebSocketItPollsTheLatestBlockAndItsLogs(Devnet devnet) throws Exception {
        Rollup veil = devnet.rollup("veil");
        Rollup polled = new Rollup(veil.name(), veil.profile(), veil.chainId(), veil.domain(), veil.rpcUrl(), null,
                veil.blockTime(), veil.gasPriceWei(), veil.settler(), veil.poolFactory(), veil.tokens(), veil.pools());
        var metrics = new SimpleMeterRegistry();
        var store = new MarketStore();
        var health = io.metaroute.quotefeeds.health.domain.FeedHealthBook.of(new io.metaroute.core.network.Network(List.of(polled)),
                10, java.time.Clock.systemUTC());
        var collector = new PoolCollector(polled, devnet.web3j(polled.chainId()), store, health, new QuoteFeedEvents(metrics),
                new PoolCollector.Settings(Duration.ofMinutes(10), true, Duration.ofSeconds(5), 64, Duration.ofSeconds(5)));
        collector.loadOnce().block(Duration.ofSeconds(10));
        var following = collector.follow().subscribe();
        try {
            // the full read at the start of the loop is done: what changes from here on must come from the polled logs
            ChainPokes.await(Duration.ofSeconds(10), "the loop's first full read",
                    () -> metrics.counter("metaroute.feeds.loads", "chain", polled.chainId().toString()).count() >= 2);
            PoolRef pool = polled.pools().get(1);
            PoolKey key = new PoolKey(polled.chainId(), pool.address());
            BigInteger before = store.current().pool(key).orElseThrow().reserve0();
            ChainPokes.donateAndSync(devnet, polled, pool, BigInteger.valueOf(4_242));
            ChainPokes.await(Duration.ofSeconds(10), "the polled Sync reaches the market",
                    () -> store.current().pool(key).map(p -> p.reserve0().equals(before.add(BigInteger.valueOf(4_242)))).orElse(false));
            assertThat(health.health(polled.chainId()).mode()).isEqualTo(io.metaroute.quotefeeds.health.domain.FeedMode.POLLING);
            assertThat(health.health(polled.chainId()).routable()).isTrue();
            assertThat(metrics.counter("metaroute.feeds.sync.applied", "chain", polled.chainId().toString()).count())
                    .as("applied from the polled logs, not a full read").isGreaterThanOrEqualTo(1);
        } finally {
            following.dispose();
        }
    }
}
