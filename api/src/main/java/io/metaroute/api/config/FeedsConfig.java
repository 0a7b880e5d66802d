package io.metaroute.api.config;

import io.metaroute.api.config.NetworkConfig.NetworkContext;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.quotefeeds.health.domain.FeedHealthBook;
import io.metaroute.quotefeeds.market.MarketStore;
import io.metaroute.quotefeeds.observe.QuoteFeedEvents;
import io.metaroute.quotefeeds.pools.PoolCollector;
import io.metaroute.solver.routing.Router;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.web3j.protocol.Web3j;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * The pool feeds: one collector per rollup (WebSocket with a polling fallback, reorganisations rolled
 * back), and the health book that says which rollups routes may use.
 */
@Configuration(proxyBeanMethods = false)
public class FeedsConfig {

    /**
     * Every rollup's feed health: stale after {@code metaroute.feeds.stale-after-blocks} block times
     * without a new block, down while its node fails.
     */
    @Bean
    FeedHealthBook feedHealthBook(NetworkContext ctx, Clock clock,
                                  @Value("${metaroute.feeds.stale-after-blocks:10}") int staleAfterBlocks) {
        return FeedHealthBook.of(ctx.network(), staleAfterBlocks, clock);
    }

    @Bean
    FeedsLifecycle feeds(NetworkContext ctx, Map<ChainId, Web3j> rpc, MarketStore store, FeedHealthBook health,
                         MeterRegistry metrics, MetarouteProperties props,
                         @Value("${metaroute.feeds.websocket:true}") boolean webSocket,
                         @Value("${metaroute.feeds.silence-after-blocks:5}") int silenceAfterBlocks) {
        var events = new QuoteFeedEvents(metrics);
        List<PoolCollector> collectors = ctx.network().rollups().stream()
                .map(r -> new PoolCollector(r, rpc.get(r.chainId()), store, health, events,
                        PoolCollector.Settings.of(r, props.feeds().resyncEvery(), webSocket, silenceAfterBlocks)))
                .toList();
        // the first full read happens before the service answers, so quotes never see an empty market
        Flux.fromIterable(collectors).flatMap(PoolCollector::loadOnce).then().block(Duration.ofSeconds(30));
        return new FeedsLifecycle(collectors);
    }

    /** The router's view of the feeds: confirmed by full reads, and routable only while the rollup's feed is up. */
    static Router.MarketFreshness freshness(MarketStore store, FeedHealthBook health) {
        return new Router.MarketFreshness() {
            @Override
            public Optional<Instant> confirmedAt(ChainId chain, MarketSnapshot snapshot) {
                return store.confirmedAt(chain);
            }

            @Override
            public Optional<String> unhealthy(ChainId chain) {
                return health.unhealthy(chain);
            }
        };
    }

    /** Follows every rollup's pools while the application runs. */
    public static final class FeedsLifecycle implements SmartLifecycle {
        private final List<PoolCollector> collectors;
        private List<Disposable> running = List.of();

        FeedsLifecycle(List<PoolCollector> collectors) {
            this.collectors = collectors;
        }

        @Override
        public void start() {
            running = collectors.stream().map(c -> c.follow().subscribe()).toList();
        }

        @Override
        public void stop() {
            running.forEach(Disposable::dispose);
            running = List.of();
        }

        @Override
        public boolean isRunning() {
            return !running.isEmpty();
        }

        /** Before the web server: the first request finds every rollup followed, not stale since the first read. */
        @Override
        public int getPhase() {
            return SmartLifecycle.DEFAULT_PHASE - 2048;
        }
    }
}
