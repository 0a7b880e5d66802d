package io.metaroute.quotefeeds.fanout;

import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.metaroute.core.chain.ChainId;
import io.metaroute.quotefeeds.chain.domain.BlockHead;
import io.metaroute.quotefeeds.health.domain.FeedHealthBook;
import io.metaroute.quotefeeds.health.domain.FeedMode;
import io.metaroute.quotefeeds.market.MarketStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Follows another replica's collectors through the market stream in Redis (see
 * {@link MarketStreamPublisher}): starts from the stored snapshot, then applies every later version
 * in order, and feeds the rollups' heads into this replica's {@link FeedHealthBook}, so that its
 * routes avoid what the collecting replica cannot see — and, when the stream itself stops, every
 * rollup goes stale here by itself.
 *
 * <p>It never applies a gap: a version missing from the stream (trimmed before it was read, or lost
 * with a restarted Redis) or a new epoch sends it back to the snapshot. While Redis cannot be
 * reached it retries with backoff and keeps the last picture, which goes stale.
 */
public final class MarketStreamFollower implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MarketStreamFollower.class);

    public record Settings(String prefix, Duration block, int count) {
        public static Settings defaults(String prefix) {
            return new Settings(prefix, Duration.ofSeconds(1), 256);
        }
    }

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisReactiveCommands<String, String> redis;
    private final MarketStore store;
    private final FeedHealthBook health;
    private final Settings settings;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final MarketStreamCodec codec = new MarketStreamCodec();
    private final Map<ChainId, BlockHead> heads = new ConcurrentHashMap<>();

    // the loop's state, one round at a time
    private volatile String epoch;
    private volatile long version = -1;
    private volatile String cursor;
    private Disposable loop;

    public MarketStreamFollower(String redisUrl, MarketStore store, FeedHealthBook health, Settings settings, Clock clock,
                                MeterRegistry metrics) {
        this.client = RedisClient.create(redisUrl);
        this.connection = client.connect(); // its own connection: XREAD BLOCK holds it
        this.redis = connection.reactive();
        this.store = store;
        this.health = health;
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
        health.chains().forEach(c -> health.mode(c, FeedMode.REPLICA));
    }

    /** The epoch followed now; empty before the first snapshot. */
    public Optional<String> epoch() {
        return Optional.ofNullable(epoch);
    }

    /** The collecting replica's version this replica's market is at; −1 before the first snapshot. */
    public long version() {
        return version;
    }

    /** The first snapshot, within {@code timeout}; false when none arrived (the loop goes on trying). */
    public boolean awaitFirst(Duration timeout) {
        long until = System.nanoTime() + timeout.toNanos();
        while (epoch == null && System.nanoTime() < until) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return epoch != null;
    }

    public MarketStreamFollower start() {
        loop = Mono.defer(this::round)
                .repeat()
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100)).maxBackoff(Duration.ofSeconds(2))
                        .doBeforeRetry(s -> {
                            metrics.counter("metaroute.fanout.follow.failures").increment();
                            log.warn("market stream from Redis interrupted (try {}): {}", s.totalRetries() + 1, s.failure().toString());
                        }))
                .subscribe();
        return this;
    }

    private Mono<Void> round() {
        return epoch == null ? bootstrap() : read();
    }

    private Mono<Void> bootstrap() {
        return redis.get(settings.prefix() + ":snapshot")
                .switchIfEmpty(Mono.delay(Duration.ofMillis(100)).then(Mono.empty()))
                .doOnNext(text -> {
                    MarketStreamCodec.Snapshot s = codec.parseSnapshot(text);
                    store.replace(s.pools());
                    s.confirmed().forEach(store::confirm);
                    version = s.version();
                    cursor = s.streamId();
                    epoch = s.epoch();
                    metrics.counter("metaroute.fanout.bootstraps").increment();
                    log.info("market followed from Redis: epoch {} at v{} ({} pools)", s.epoch(), s.version(), s.pools().size());
                })
                .then();
    }

    private Mono<Void> read() {
        return redis.xread(XReadArgs.Builder.block(settings.block()).count(settings.count()),
                        XReadArgs.StreamOffset.from(settings.prefix() + ":stream", cursor))
                .collectList()
                .doOnNext(this::handleAll)
                .then();
    }

    private void handleAll(List<StreamMessage<String, String>> messages) {
        for (StreamMessage<String, String> m : messages) {
            if (!handle(m)) {
                epoch = null; // back to the snapshot on the next round
                return;
            }
            cursor = m.getId();
        }
    }

    /** Applies one entry; false when this replica must start again from the snapshot. */
    private boolean handle(StreamMessage<String, String> m) {
        Map<String, String> f = m.getBody();
        if (!epoch.equals(f.get("epoch"))) {
            metrics.counter("metaroute.fanout.restarts", "reason", "epoch").increment();
            return false;
        }
        switch (f.getOrDefault("kind", "")) {
            case "changes" -> {
                for (MarketStreamCodec.Change c : codec.parseChanges(f.get("data"))) {
                    if (c.version() <= version) {
                        continue;
                    }
                    if (c.version() != version + 1) {
                        metrics.counter("metaroute.fanout.restarts", "reason", "gap").increment();
                        log.info("market stream gap: v{} follows v{}; starting again from the snapshot", c.version(), version);
                        return false;
                    }
                    if (c.pools().isEmpty()) {
                        store.touch();
                    } else {
                        store.set(c.pools());
                    }
                    version = c.version();
                    metrics.counter("metaroute.fanout.applied").increment();
                    metrics.timer("metaroute.fanout.lag").record(Duration.between(c.takenAt(), clock.instant()).abs());
                }
            }
            case "heads" -> MarketStreamCodec.parseHeads(f.get("data")).forEach(this::head);
            case "begin" -> {
                if (Long.parseLong(f.get("version")) > version) {
                    metrics.counter("metaroute.fanout.restarts", "reason", "gap").increment();
                    return false;
                }
            }
            default -> log.debug("market stream entry {} of unknown kind {} skipped", m.getId(), f.get("kind"));
        }
        return true;
    }

    private void head(MarketStreamCodec.Head h) {
        if (!health.chains().contains(h.chain())) {
            return;
        }
        h.confirmedAt().ifPresent(at -> store.confirm(h.chain(), at));
        if (h.failure().isPresent()) {
            health.failed(h.chain(), new IllegalStateException("the collecting replica reports: " + h.failure().get()));
            return;
        }
        h.head().ifPresent(b -> {
            BlockHead held = heads.get(h.chain());
            if (held == null || held.number() != b.number() || !held.hash().equals(b.hash())) {
                heads.put(h.chain(), b);
                health.headSeen(h.chain(), b); // only a new block refreshes the rollup: a stalled collector goes stale here too
            }
        });
    }

    @Override
    public void close() {
        if (loop != null) {
            loop.dispose();
        }
        connection.close();
        client.shutdown();
    }
}
