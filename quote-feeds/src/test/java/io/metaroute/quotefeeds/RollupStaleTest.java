package io.metaroute.quotefeeds;

import static io.metaroute.quotefeeds.ChainPokes.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.core.network.Network;
import io.metaroute.core.network.Rollup;
import io.metaroute.devnet.Devnet;
import io.metaroute.devnet.DevnetExtension;
import io.metaroute.quotefeeds.health.domain.FeedHealthBook;
import io.metaroute.quotefeeds.health.domain.RollupHealth;
import io.metaroute.quotefeeds.market.MarketStore;
import io.metaroute.quotefeeds.observe.QuoteFeedEvents;
import io.metaroute.quotefeeds.pools.PoolCollector;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.methods.response.VoidResponse;
import org.web3j.protocol.http.HttpService;

/**
 * A rollup that stops producing blocks while its node still answers (interval mining switched off on
 * a real anvil): no failure anywhere, only silence. It turns STALE after its limit, its pools leave
 * the routable market, and with the next block it is UP again. Mining is restored for the other tests.
 */
@ExtendWith(DevnetExtension.class)
class RollupStaleTest {

    @Test
    void aRollupWithoutNewBlocksTurnsStaleLeavesTheRoutableMarketAndRecoversWithTheNextBlock(Devnet devnet) throws Exception {
        Rollup veil = devnet.rollup("veil"); // 1 s blocks by evm_setIntervalMining, which can be switched off and on
        var store = new MarketStore();
        var health = FeedHealthBook.of(new Network(List.of(veil)), 3, Clock.systemUTC()); // stale after 3 s
        var collector = new PoolCollector(veil, devnet.web3j(veil.chainId()), store, health, new QuoteFeedEvents(new SimpleMeterRegistry()),
                new PoolCollector.Settings(Duration.ofMinutes(10), true, Duration.ofSeconds(60), 64, Duration.ofSeconds(5)));
        collector.loadOnce().block(Duration.ofSeconds(10));
        var following = collector.follow().subscribe();
        var rpc = new HttpService(veil.rpcUrl().toString());
        try {
            await(Duration.ofSeconds(10), "veil up and followed over its WebSocket", () -> health.health(veil.chainId()).routable()
                    && health.health(veil.chainId()).mode() == io.metaroute.quotefeeds.health.domain.FeedMode.WEBSOCKET);
            assertThat(health.routable(store.current()).poolsOn(veil.chainId())).hasSize(veil.pools().size());

            mining(rpc, 0);
            long t0 = System.nanoTime();
            await(Duration.ofSeconds(10), "veil stale", () -> health.health(veil.chainId()).state() == RollupHealth.State.STALE);
            System.out.println("veil stale " + Duration.ofNanos(System.nanoTime() - t0).toMillis() + " ms after its last block");
            assertThat(health.unhealthy(veil.chainId())).hasValueSatisfying(r -> assertThat(r).contains("is stale", "no new block"));
            assertThat(health.routable(store.current()).poolsOn(veil.chainId())).isEmpty();
            assertThat(store.current().poolsOn(veil.chainId())).as("the market keeps them; only routes leave them out")
                    .hasSize(veil.pools().size());

            mining(rpc, 1);
            await(Duration.ofSeconds(5), "veil up again", () -> health.health(veil.chainId()).routable());
            assertThat(health.routable(store.current()).poolsOn(veil.chainId())).hasSize(veil.pools().size());
        } finally {
            mining(rpc, 1);
            following.dispose();
        }
    }

    private static void mining(HttpService rpc, int seconds) throws Exception {
        var answer = new Request<>("evm_setIntervalMining", List.of(seconds), rpc, VoidResponse.class).send();
        assertThat(answer.hasError()).as("evm_setIntervalMining %s", seconds).isFalse();
    }
}
