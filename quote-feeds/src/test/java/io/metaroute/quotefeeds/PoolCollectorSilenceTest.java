package io.metaroute.quotefeeds;

import static io.metaroute.quotefeeds.ChainPokes.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.core.network.Network;
import io.metaroute.core.network.PoolRef;
import io.metaroute.core.network.Rollup;
import io.metaroute.core.pool.PoolKey;
import io.metaroute.devnet.Devnet;
import io.metaroute.devnet.DevnetExtension;
import io.metaroute.quotefeeds.health.domain.FeedHealthBook;
import io.metaroute.quotefeeds.health.domain.FeedMode;
import io.metaroute.quotefeeds.market.MarketStore;
import io.metaroute.quotefeeds.observe.QuoteFeedEvents;
import io.metaroute.quotefeeds.pools.PoolCollector;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A WebSocket that stops delivering without closing: the real node behind a relay whose open
 * connection goes silent. The collector notices the silence within its limit (a few block times),
 * closes that connection itself, follows by polling meanwhile and reconnects; a change made after the
 * freeze reaches the market.
 */
@ExtendWith(DevnetExtension.class)
class PoolCollectorSilenceTest {

    @Test
    void aWebSocketThatGoesSilentWithoutClosingIsDroppedAndTheMarketKeepsFollowing(Devnet devnet) throws Exception {
        Rollup veil = devnet.rollup("veil"); // 1 s blocks
        try (var relay = new FreezingRelay(veil.wsUrl())) {
            Rollup relayed = new Rollup(veil.name(), veil.profile(), veil.chainId(), veil.domain(), veil.rpcUrl(), relay.wsUrl(),
                    veil.blockTime(), veil.gasPriceWei(), veil.settler(), veil.poolFactory(), veil.tokens(), veil.pools());
            var metrics = new SimpleMeterRegistry();
            var store = new MarketStore();
            var health = FeedHealthBook.of(new Network(List.of(relayed)), 10, Clock.systemUTC());
            Duration silence = Duration.ofSeconds(3);
            var collector = new PoolCollector(relayed, devnet.web3j(veil.chainId()), store, health, new QuoteFeedEvents(metrics),
                    new PoolCollector.Settings(Duration.ofMinutes(10), true, silence, 64, Duration.ofSeconds(5)));
            String chain = veil.chainId().toString();
            collector.loadOnce().block(Duration.ofSeconds(10));
            var following = collector.follow().subscribe();
            try {
                await(Duration.ofSeconds(10), "the collector follows the relayed WebSocket",
                        () -> health.health(veil.chainId()).mode() == FeedMode.WEBSOCKET);
                assertThat(relay.links()).hasSize(1);

                long frozenAt = System.nanoTime();
                relay.freezeOpen();
                await(Duration.ofSeconds(10), "the silence is noticed",
                        () -> metrics.counter("metaroute.feeds.subscription.lost", "chain", chain).count() >= 1);
                Duration noticed = Duration.ofNanos(System.nanoTime() - frozenAt);
                System.out.println("silent WebSocket noticed after " + noticed.toMillis() + " ms (limit " + silence.toMillis() + " ms)");
                assertThat(noticed).isLessThan(silence.plus(Duration.ofSeconds(2)));
                FreezingRelay.Link frozen = relay.links().getFirst();
                await(Duration.ofSeconds(5), "the collector closes the silent connection itself", () -> frozen.closedByClient);
                assertThat(frozen.closedByNode).as("the node never closed it: it only went silent").isFalse();

                await(Duration.ofSeconds(10), "a new connection follows the chain",
                        () -> relay.links().size() >= 2 && health.health(veil.chainId()).mode() == FeedMode.WEBSOCKET);
                PoolRef pool = veil.pools().get(2);
                PoolKey key = new PoolKey(veil.chainId(), pool.address());
                BigInteger before = store.current().pool(key).orElseThrow().reserve0();
                ChainPokes.donateAndSync(devnet, veil, pool, BigInteger.valueOf(31_337));
                await(Duration.ofSeconds(10), "the change after the freeze reaches the market",
                        () -> store.current().pool(key).map(p -> p.reserve0().equals(before.add(BigInteger.valueOf(31_337))))
                                .orElse(false));
                assertThat(health.health(veil.chainId()).routable()).isTrue();
            } finally {
                following.dispose();
            }
        }
    }
}
