package io.metaroute.quotefeeds.fanout;

import io.lettuce.core.RedisClient;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.quotefeeds.health.domain.FeedHealthBook;
import io.metaroute.quotefeeds.health.domain.RollupHealth;
import io.metaroute.quotefeeds.market.MarketChange;
import io.metaroute.quotefeeds.market.MarketStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes the collecting replica's market to Redis, so that other replicas follow one set of
 * collectors ({@link MarketStreamFollower}). Every version of the {@link MarketStore} goes, in
 * order, into the Redis stream {@code <prefix>:stream} (entries of up to {@code maxBatch} versions,
 * the stream trimmed to about {@code maxLen} entries); the rollups' heads and full-read times follow
 * every {@code headsEvery}; and the whole picture is stored under {@code <prefix>:snapshot} every
 * {@code snapshotEvery}, with the id of the last entry it already covers, for a replica that joins late.
 *
 * <p>An epoch names one unbroken sequence of versions. A new one begins — with a {@code begin}
 * entry and a fresh snapshot — when this publisher starts, when a write to Redis failed (Redis may
 * have restarted and lost the stream), and when more versions were made than its queue of
 * {@code queueCapacity} could hold while Redis was slow. Followers start again from the snapshot
 * whenever the epoch changes or a version is missing, so no follower ever applies a gap.
 *
 * <p>One collecting replica per prefix: a second publisher on the same keys would interleave epochs.
 */
public final class MarketStreamPublisher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MarketStreamPublisher.class);

    public record Settings(String prefix, int queueCapacity, int maxBatch, Duration headsEvery, Duration snapshotEvery,
                           long maxLen) {
        public static Settings defaults(String prefix) {
            return new Settings(prefix, 65_536, 512, Duration.ofMillis(200), Duration.ofSeconds(1), 100_000);
        }
    }

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisReactiveCommands<String, String> redis;
    private final MarketStore store;
    private final FeedHealthBook health;
    private final Settings settings;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final ArrayBlockingQueue<MarketChange> queue;
    private final AtomicBoolean overflowed = new AtomicBoolean();
    private final Sinks.Many<Boolean> wake = Sinks.many().multicast().directBestEffort();
    private final Scheduler scheduler = Schedulers.newSingle("market-stream-publisher", true);

    // the publishing loop's state: touched only inside cycle(), which runs one at a time (on Lettuce's
    // threads as well as the scheduler's, hence volatile)
    private volatile String epoch;
    private volatile long lastVersion = -1;
    private volatile String lastId;
    private volatile Instant lastHeads = Instant.EPOCH;
    private volatile Instant lastSnapshot = Instant.EPOCH;

    private Runnable unlisten = () -> { };
    private Disposable loop;

    public MarketStreamPublisher(String redisUrl, MarketStore store, FeedHealthBook health, Settings settings, Clock clock,
                                 MeterRegistry metrics) {
        this.client = RedisClient.create(redisUrl);
        this.connection = client.connect();
        this.redis = connection.reactive();
        this.store = store;
        this.health = health;
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
    }

    public String streamKey() {
        return settings.prefix() + ":stream";
    }

    public String snapshotKey() {
        return settings.prefix() + ":snapshot";
    }

    /** Starts following the store and publishing; {@link #close} stops. */
    public MarketStreamPublisher start() {
        unlisten = store.onChange(c -> {
            if (!queue.offer(c)) {
                overflowed.set(true);
            }
            wake.tryEmitNext(Boolean.TRUE); // a failed emission means a cycle is being signalled anyway
        });
        Duration tick = settings.headsEvery().compareTo(settings.snapshotEvery()) < 0 ? settings.headsEvery() : settings.snapshotEvery();
        loop = Flux.merge(wake.asFlux(), Flux.interval(Duration.ZERO, tick, scheduler).map(t -> Boolean.TRUE))
                .onBackpressureLatest()
                .publishOn(scheduler, 1)
                .concatMap(t -> cycle().onErrorResume(e -> {
                    log.warn("market stream to Redis interrupted, a new epoch begins once Redis answers: {}", e.toString());
                    metrics.counter("metaroute.fanout.publish.failures").increment();
                    epoch = null;
                    return Mono.delay(Duration.ofMillis(200), scheduler).then();
                }), 1)
                .subscribe();
        return this;
    }

    /** One round: begin an epoch if needed, write what is queued, then heads and the snapshot when due. */
    private Mono<Void> cycle() {
        Mono<Void> begin = epoch == null || overflowed.getAndSet(false) ? begin() : Mono.empty();
        return begin.then(Mono.defer(() -> drain(MAX_ENTRIES_PER_CYCLE))).then(Mono.defer(this::periodic))
                .doFinally(signal -> {
                    if (!queue.isEmpty()) {
                        wake.tryEmitNext(Boolean.TRUE); // more than one round's worth was queued
                    }
                });
    }

    private Mono<Void> begin() {
        queue.clear(); // every change up to the snapshot taken next is in it; later ones queue anew
        String next = UUID.randomUUID().toString();
        MarketSnapshot snapshot = store.current();
        return redis.xadd(streamKey(), trim(), Map.of("epoch", next, "kind", "begin", "version", Long.toString(snapshot.version())))
                .flatMap(id -> redis.set(snapshotKey(), MarketStreamCodec.snapshot(next, snapshot, id, confirmed()))
                        .doOnSuccess(ok -> {
                            epoch = next;
                            lastVersion = snapshot.version();
                            lastId = id;
                            lastSnapshot = clock.instant();
                            metrics.counter("metaroute.fanout.epochs").increment();
                            log.info("market stream epoch {} begins at v{} ({} pools)", next, snapshot.version(), snapshot.pools().size());
                        }))
                .then();
    }

    /** Entries written per round at most, so that heads and snapshots are not put off under a steady load. */
    private static final int MAX_ENTRIES_PER_CYCLE = 16;

    /** Writes the queued versions after the last written, in at most {@code entries} entries of at most {@code maxBatch}. */
    private Mono<Void> drain(int entries) {
        if (epoch == null) {
            return Mono.empty();
        }
        List<MarketChange> batch = new ArrayList<>(Math.min(settings.maxBatch(), queue.size() + 1));
        MarketChange c;
        while (batch.size() < settings.maxBatch() && (c = queue.poll()) != null) {
            if (c.version() <= lastVersion) {
                continue; // already in the epoch's snapshot
            }
            if (c.version() != (batch.isEmpty() ? lastVersion : batch.get(batch.size() - 1).version()) + 1) {
                epoch = null; // a version went missing (only when the queue overflowed): begin again
                return Mono.empty();
            }
            batch.add(c);
        }
        if (batch.isEmpty()) {
            return Mono.empty();
        }
        long from = batch.get(0).version();
        long to = batch.get(batch.size() - 1).version();
        var fields = new LinkedHashMap<String, String>();
        fields.put("epoch", epoch);
        fields.put("kind", "changes");
        fields.put("from", Long.toString(from));
        fields.put("to", Long.toString(to));
        fields.put("data", MarketStreamCodec.changes(batch));
        return redis.xadd(streamKey(), trim(), fields).doOnNext(id -> {
            lastId = id;
            lastVersion = to;
            metrics.counter("metaroute.fanout.published").increment(batch.size());
            metrics.counter("metaroute.fanout.entries").increment();
        }).then(Mono.defer(() -> queue.isEmpty() || entries <= 1 ? Mono.<Void>empty() : drain(entries - 1)));
    }

    private Mono<Void> periodic() {
        if (epoch == null) {
            return Mono.empty();
        }
        Instant now = clock.instant();
        Mono<Void> heads = Mono.empty();
        if (!now.isBefore(lastHeads.plus(settings.headsEvery()))) {
            lastHeads = now;
            heads = redis.xadd(streamKey(), trim(), Map.of("epoch", epoch, "kind", "heads", "data", MarketStreamCodec.heads(heads())))
                    .doOnNext(id -> lastId = id).then();
        }
        return heads.then(Mono.defer(() -> {
            if (now.isBefore(lastSnapshot.plus(settings.snapshotEvery()))) {
                return Mono.empty();
            }
            lastSnapshot = now;
            MarketSnapshot s = store.current();
            return redis.set(snapshotKey(), MarketStreamCodec.snapshot(epoch, s, lastId, confirmed()))
                    .doOnSuccess(ok -> metrics.counter("metaroute.fanout.snapshots").increment()).then();
        }));
    }

    private List<MarketStreamCodec.Head> heads() {
        var out = new ArrayList<MarketStreamCodec.Head>();
        for (ChainId chain : health.chains()) {
            RollupHealth h = health.health(chain);
            out.add(new MarketStreamCodec.Head(chain, h.lastHead(), store.confirmedAt(chain), h.failure()));
        }
        return out;
    }

    private Map<ChainId, Instant> confirmed() {
        var out = new LinkedHashMap<ChainId, Instant>();
        for (ChainId chain : health.chains()) {
            store.confirmedAt(chain).ifPresent(at -> out.put(chain, at));
        }
        return out;
    }

    private XAddArgs trim() {
        return XAddArgs.Builder.maxlen(settings.maxLen()).approximateTrimming();
    }

    @Override
    public void close() {
        unlisten.run();
        if (loop != null) {
            loop.dispose();
        }
        connection.close();
        client.shutdown();
        scheduler.dispose();
    }
}
