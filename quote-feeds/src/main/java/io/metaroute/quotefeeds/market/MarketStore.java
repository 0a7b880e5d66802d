package io.metaroute.quotefeeds.market;

import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.core.pool.PoolKey;
import io.metaroute.core.pool.PoolState;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Holds the current {@link MarketSnapshot} and publishes every new version. Updates are ordered
 * per pool by chain position (block, log index): an update older than what is held is dropped,
 * so a late initial load never overwrites a newer {@code Sync} event. New subscribers get the
 * latest snapshot first; slow subscribers are conflated to the latest version (latest wins).
 */
public final class MarketStore {
    private final Clock clock;
    private final Sinks.Many<MarketSnapshot> sink = Sinks.many().replay().latest();
    private final Map<PoolKey, ChainPosition> positions = new HashMap<>();
    private volatile MarketSnapshot current = MarketSnapshot.EMPTY;
    private final Map<io.metaroute.core.chain.ChainId, java.time.Instant> confirmed = new java.util.concurrent.ConcurrentHashMap<>();

    public MarketStore() {
        this(Clock.systemUTC());
    }

    public MarketStore(Clock clock) {
        this.clock = clock;
        sink.tryEmitNext(current);
    }

    public MarketSnapshot current() {
        return current;
    }

    /** Records that every pool of {@code chain} was just read in full: the picture of that rollup is fresh. */
    public void confirm(io.metaroute.core.chain.ChainId chain) {
        confirmed.put(chain, clock.instant());
    }

    /** When the picture of {@code chain} was last confirmed by a full read; empty before the first. */
    public java.util.Optional<java.time.Instant> confirmedAt(io.metaroute.core.chain.ChainId chain) {
        return java.util.Optional.ofNullable(confirmed.get(chain));
    }

    /** Every snapshot version from the latest on; never blocks the publisher, conflates for slow readers. */
    public Flux<MarketSnapshot> snapshots() {
        return sink.asFlux().onBackpressureLatest();
    }

    /**
     * Applies a pool state observed at {@code position}. Returns false (and changes nothing) when
     * the store already holds this pool at the same or a later position.
     */
    public synchronized boolean apply(PoolState pool, ChainPosition position) {
        ChainPosition held = positions.get(pool.key());
        if (held != null && position.compareTo(held) <= 0) {
            return false;
        }
        positions.put(pool.key(), position);
        MarketSnapshot prior = current;
        PoolState old = prior.pools().get(pool.key());
        if (old != null && old.reserve0().equals(pool.reserve0()) && old.reserve1().equals(pool.reserve1())) {
            return false;
        }
        current = prior.with(pool, clock.instant());
        sink.emitNext(current, Sinks.EmitFailureHandler.busyLooping(java.time.Duration.ofMillis(100)));
        return true;
    }
}
