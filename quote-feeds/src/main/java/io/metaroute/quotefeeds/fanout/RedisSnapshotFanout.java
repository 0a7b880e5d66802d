package io.metaroute.quotefeeds.fanout;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.metaroute.core.market.MarketSnapshot;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Fans the market out to other processes through Redis: each new snapshot version is stored
 * under {@link #LATEST_KEY} and published on {@link #CHANNEL}. Latest wins: while Redis is slow,
 * intermediate versions are skipped, never queued; a version is never written over a newer one
 * because publishing is sequential.
 */
public final class RedisSnapshotFanout implements AutoCloseable {
    public static final String CHANNEL = "metaroute:market:snapshots";
    public static final String LATEST_KEY = "metaroute:market:latest";
    private static final Logger log = LoggerFactory.getLogger(RedisSnapshotFanout.class);

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    public RedisSnapshotFanout(String redisUrl) {
        this.client = RedisClient.create(redisUrl);
        this.connection = client.connect();
    }

    /** Publishes every snapshot of {@code snapshots} (conflated to the latest) until disposed. */
    public Disposable start(Flux<MarketSnapshot> snapshots) {
        return publishAll(snapshots).subscribe();
    }

    Flux<Long> publishAll(Flux<MarketSnapshot> snapshots) {
        var redis = connection.reactive();
        return snapshots
                .onBackpressureLatest()
                .concatMap(s -> {
                    String json = SnapshotJson.write(s);
                    return redis.set(LATEST_KEY, json).then(redis.publish(CHANNEL, json))
                            .retryWhen(Retry.backoff(3, Duration.ofMillis(50)))
                            .onErrorResume(e -> {
                                log.warn("market snapshot v{} not fanned out to Redis: {}", s.version(), e.toString());
                                return Mono.empty();
                            });
                }, 1);
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
