package io.metaroute.api.config;

import io.metaroute.api.config.NetworkConfig.NetworkContext;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.quotefeeds.fanout.MarketStreamFollower;
import io.metaroute.quotefeeds.fanout.MarketStreamPublisher;
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
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(FeedsConfig.class);

    /**
     * Every rollup's feed health: stale after {@code metaroute.feeds.stale-after-blocks} block times
     * without a new block, down while its node fails.
     */
    @Bean
    FeedHealthBook feedHealthBook(NetworkContext ctx, Clock clock,
                                  @Value("${metaroute.feeds.stale-after-blocks:10}") int staleAfterBlocks) {
        return FeedHealthBook.of(ctx.network(), staleAfterBlocks, clock);
    }

    /**
     * The market's source. {@code metaroute.feeds.source=chain}: a collector per rollup, and with
     * {@code metaroute.redis.url} set, every market version published to the Redis stream for other
     * replicas. {@code redis}: no collectors; the market (and the rollups' freshness) follows the
     * collecting replica's stream. Either way the first picture is in before the service answers.
     */
    @Bean
    FeedsLifecycle feeds(NetworkContext ctx, Map<ChainId, Web3j> rpc, MarketStore store, FeedHealthBook health,
                         MeterRegistry metrics, MetarouteProperties props, Clock clock,
                         @Value("${metaroute.feeds.websocket:true}") boolean webSocket,
                         @Value("${metaroute.feeds.silence-after-blocks:5}") int silenceAfterBlocks) {
        if (props.feeds().followsRedis()) {
            if (!props.redis().configured()) {
                throw new IllegalStateException("metaroute.feeds.source=redis follows another replica's market through Redis: "
                        + "set metaroute.redis.url");
            }
            var follower = new MarketStreamFollower(props.redis().url(), store, health,
                    MarketStreamFollower.Settings.defaults(props.redis().prefix()), clock, metrics).start();
            if (!follower.awaitFirst(Duration.ofSeconds(30))) {
                log.warn("no market snapshot under {}:snapshot within 30 s; serving while the follower keeps trying "
                        + "(routes decline every rollup until it arrives)", props.redis().prefix());
            }
            return new FeedsLifecycle(List.of(), follower);
        }
        var events = new QuoteFeedEvents(metrics);
        List<PoolCollector> collectors = ctx.network().rollups().stream()
                .map(r -> new PoolCollector(r, rpc.get(r.chainId()), store, health, events,
                        PoolCollector.Settings.of(r, props.feeds().resyncEvery(), webSocket, silenceAfterBlocks)))
                .toList();
        // the first full read happens before the service answers, so quotes never see an empty market
        Flux.fromIterable(collectors).flatMap(PoolCollector::loadOnce).then().block(Duration.ofSeconds(30));
        if (!props.redis().configured()) {
            return new FeedsLifecycle(collectors, null);
        }
        var publisher = new MarketStreamPublisher(props.redis().url(), store, health,
                MarketStreamPublisher.Settings.defaults(props.redis().prefix()), clock, metrics).start();
        return new FeedsLifecycle(collectors, publisher);
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

    /** Follows every rollup's pools (or the collecting replica's stream) while the application runs. */
    public static final class FeedsLifecycle implements SmartLifecycle {
        private final List<PoolCollector> collectors;
        /** The Redis publisher or follower, running from construction until stop; null without Redis. */
        private final AutoCloseable fanout;
        private List<Disposable> running = List.of();
        private volatile boolean started;

        FeedsLifecycle(List<PoolCollector> collectors, AutoCloseable fanout) {
            this.collectors = collectors;
            this.fanout = fanout;
        }

        @Override
        public void start() {
            running = collectors.stream().map(c -> c.follow().subscribe()).toList();
            started = true;
        }

        @Override
        public void stop() {
            running.forEach(Disposable::dispose);
            running = List.of();
            if (fanout != null) {
                try {
                    fanout.close();
                } catch (Exception e) {
                    log.warn("closing the market stream: {}", e.toString());
                }
            }
            started = false;
        }

        @Override
        public boolean isRunning() {
            return started;
        }

        /** Before the web server: the first request finds every rollup followed, not stale since the first read. */
        @Override
        public int getPhase() {
            return SmartLifecycle.DEFAULT_PHASE - 2048;
        }
    }
}
