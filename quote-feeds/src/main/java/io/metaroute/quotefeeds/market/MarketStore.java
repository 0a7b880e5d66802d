package io.metaroute.quotefeeds.market;

import io.metaroute.core.chain.ChainId;
import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.core.pool.PoolKey;
import io.metaroute.core.pool.PoolState;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Holds the current {@link MarketSnapshot} and publishes every new version. Updates are ordered
 * per pool by chain position (block, log index): an update older than what is held is dropped,
 * so a late initial load never overwrites a newer {@code Sync} event. New subscribers get the
 * latest snapshot first; slow subscribers are conflated to the latest version (latest wins).
 *
 * <p>Threads: the state lock only guards the state change and the hand-off of the new version to
 * an emission queue; versions are emitted after the lock is released, by one thread at a time
 * (whichever updater finds the queue idle drains it), in version order. A subscriber that works
 * inside {@code onNext} therefore delays only the thread that happens to be draining, never an
 * update of the market by another thread.
 */
public final class MarketStore {
    private final Clock clock;
    private final Sinks.Many<MarketSnapshot> sink = Sinks.many().replay().latest();
    private final Map<PoolKey, ChainPosition> positions = new HashMap<>();
    private final Map<ChainId, Instant> confirmed = new ConcurrentHashMap<>();
    /** Versions made under the lock, in version order, waiting to be emitted outside it. */
    private final Queue<MarketSnapshot> unpublished = new ConcurrentLinkedQueue<>();
    private final AtomicInteger emitting = new AtomicInteger();
    private volatile MarketSnapshot current = MarketSnapshot.EMPTY;

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
    public void confirm(ChainId chain) {
        confirmed.put(chain, clock.instant());
    }

    /** When the picture of {@code chain} was last confirmed by a full read; empty before the first. */
    public Optional<Instant> confirmedAt(ChainId chain) {
        return Optional.ofNullable(confirmed.get(chain));
    }

    /** Every snapshot version from the latest on; never blocks the publisher, conflates for slow readers. */
    public Flux<MarketSnapshot> snapshots() {
        return sink.asFlux().onBackpressureLatest();
    }

    /**
     * Applies a pool state observed at {@code position}. Returns false (and changes nothing) when
     * the store already holds this pool at the same or a later position, or the same reserves.
     */
    public boolean apply(PoolState pool, ChainPosition position) {
        if (!change(pool, position)) {
            return false;
        }
        publish();
        return true;
    }

    /**
     * Rolls the pools of {@code states} back to what they were at {@code forkPoint} after a
     * reorganisation replaced the blocks above it: each state is taken as it is, whatever position
     * the store held, and every later update must come after {@code forkPoint}. One new version.
     */
    public void rewind(java.util.List<PoolState> states, ChainPosition forkPoint) {
        if (rewound(states, forkPoint)) {
            publish();
        }
    }

    /**
     * A new version of the same pools: what may be routed changed without a pool changing (a rollup
     * went down or came back), so whoever re-solves per version, such as a quote stream, answers again.
     */
    public void touch() {
        synchronized (this) {
            current = new MarketSnapshot(current.version() + 1, clock.instant(), current.pools());
            unpublished.add(current);
        }
        publish();
    }

    /** Where on its chain the pool's held state was last confirmed (a log or a full read); empty if never. */
    public synchronized Optional<ChainPosition> position(PoolKey pool) {
        return Optional.ofNullable(positions.get(pool));
    }

    private synchronized boolean rewound(java.util.List<PoolState> states, ChainPosition forkPoint) {
        var next = new HashMap<>(current.pools());
        boolean changed = false;
        for (PoolState s : states) {
            positions.put(s.key(), forkPoint);
            PoolState old = next.put(s.key(), s);
            changed |= old == null || !old.reserve0().equals(s.reserve0()) || !old.reserve1().equals(s.reserve1());
        }
        if (!changed) {
            return false;
        }
        current = new MarketSnapshot(current.version() + 1, clock.instant(), next);
        unpublished.add(current);
        return true;
    }

    private synchronized boolean change(PoolState pool, ChainPosition position) {
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
        // enqueued under the lock, so the queue holds versions in the order they were made
        unpublished.add(current);
        return true;
    }

    /** Emits queued versions, outside the state lock; one drainer at a time keeps the sink serialised and in order. */
    private void publish() {
        if (emitting.getAndIncrement() != 0) {
            return; // the thread draining now also emits what this update queued
        }
        int missed = 1;
        do {
            MarketSnapshot next;
            while ((next = unpublished.poll()) != null) {
                sink.tryEmitNext(next); // a replay-latest sink with one emitter at a time: fails only once terminated
            }
            missed = emitting.addAndGet(-missed);
        } while (missed != 0);
    }
}
