package io.metaroute.quotefeeds.market;

import io.metaroute.core.chain.ChainId;
import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.core.pool.PoolKey;
import io.metaroute.core.pool.PoolState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Holds the current {@link MarketSnapshot} and publishes every new version. Updates are ordered
 * per pool by chain position (block, log index): an update older than what is held is dropped,
 * so a late initial load never overwrites a newer {@code Sync} event. New subscribers get the
 * latest snapshot first; slow subscribers are conflated to the latest version (latest wins).
 *
 * <p>Every version is one {@link MarketChange}: listeners ({@link #onChange}) get each once, in
 * version order, which is what a fan-out to other replicas needs (no conflation there).
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
    private final Queue<MarketChange> unpublished = new ConcurrentLinkedQueue<>();
    private final List<Consumer<MarketChange>> listeners = new CopyOnWriteArrayList<>();
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

    /** Records a full read of {@code chain} made at {@code at} (by the replica whose collectors read it). */
    public void confirm(ChainId chain, Instant at) {
        confirmed.merge(chain, at, (a, b) -> a.isAfter(b) ? a : b);
    }

    /**
     * Calls {@code listener} with every change from the next version on, once each, in version
     * order, on whichever thread publishes it; it must not block. Returns what removes it.
     */
    public Runnable onChange(Consumer<MarketChange> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
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
        return applyAll(List.of(new PoolUpdate(pool, position))) > 0;
    }

    /**
     * Applies {@code updates} in order as one version (the pools of one block, or one full read):
     * each is taken only if it is newer than what is held of its pool and changes its reserves.
     * Returns how many were taken; no version is made when none was.
     */
    public int applyAll(List<PoolUpdate> updates) {
        int taken = changeAll(updates);
        if (taken > 0) {
            publish();
        }
        return taken;
    }

    /**
     * Sets {@code states} as they are, whatever positions are held, as one version: a replica that
     * follows another's changes takes them in the other's order, without positions of its own.
     */
    public void set(List<PoolState> states) {
        if (forced(states)) {
            publish();
        }
    }

    /** Replaces the whole picture by {@code pools} (a replica's bootstrap from another's snapshot), one version. */
    public void replace(Map<PoolKey, PoolState> pools) {
        synchronized (this) {
            positions.clear();
            List<PoolState> changed = new ArrayList<>();
            pools.forEach((k, s) -> {
                PoolState old = current.pools().get(k);
                if (old == null || !old.equals(s)) {
                    changed.add(s);
                }
            });
            boolean removed = current.pools().keySet().stream().anyMatch(k -> !pools.containsKey(k));
            if (changed.isEmpty() && !removed) {
                return;
            }
            current = new MarketSnapshot(current.version() + 1, clock.instant(), pools);
            unpublished.add(new MarketChange(current, changed));
        }
        publish();
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
            unpublished.add(new MarketChange(current, List.of()));
        }
        publish();
    }

    /** Where on its chain the pool's held state was last confirmed (a log or a full read); empty if never. */
    public synchronized Optional<ChainPosition> position(PoolKey pool) {
        return Optional.ofNullable(positions.get(pool));
    }

    private synchronized boolean rewound(java.util.List<PoolState> states, ChainPosition forkPoint) {
        for (PoolState s : states) {
            positions.put(s.key(), forkPoint);
        }
        return forced(states);
    }

    /** Takes every state as it is; a new version if any changed reserves. */
    private synchronized boolean forced(List<PoolState> states) {
        Map<PoolKey, PoolState> next = null;
        List<PoolState> changed = new ArrayList<>();
        for (PoolState s : states) {
            PoolState old = (next == null ? current.pools() : next).get(s.key());
            if (old == null || !sameReserves(old, s)) {
                if (next == null) {
                    next = new HashMap<>(current.pools());
                }
                next.put(s.key(), s);
                changed.add(s);
            }
        }
        if (next == null) {
            return false;
        }
        current = new MarketSnapshot(current.version() + 1, clock.instant(), next);
        unpublished.add(new MarketChange(current, changed));
        return true;
    }

    private synchronized int changeAll(List<PoolUpdate> updates) {
        Map<PoolKey, PoolState> next = null;
        List<PoolState> changed = new ArrayList<>();
        for (PoolUpdate u : updates) {
            PoolState pool = u.state();
            ChainPosition held = positions.get(pool.key());
            if (held != null && u.position().compareTo(held) <= 0) {
                continue;
            }
            positions.put(pool.key(), u.position());
            PoolState old = (next == null ? current.pools() : next).get(pool.key());
            if (old != null && sameReserves(old, pool)) {
                continue;
            }
            if (next == null) {
                next = new HashMap<>(current.pools());
            }
            next.put(pool.key(), pool);
            changed.add(pool);
        }
        if (next == null) {
            return 0;
        }
        current = new MarketSnapshot(current.version() + 1, clock.instant(), next);
        // enqueued under the lock, so the queue holds versions in the order they were made
        unpublished.add(new MarketChange(current, changed));
        return changed.size();
    }

    private static boolean sameReserves(PoolState a, PoolState b) {
        return a.reserve0().equals(b.reserve0()) && a.reserve1().equals(b.reserve1());
    }

    /** Emits queued versions, outside the state lock; one drainer at a time keeps the sink serialised and in order. */
    private void publish() {
        if (emitting.getAndIncrement() != 0) {
            return; // the thread draining now also emits what this update queued
        }
        int missed = 1;
        do {
            MarketChange next;
            while ((next = unpublished.poll()) != null) {
                for (Consumer<MarketChange> l : listeners) {
                    try {
                        l.accept(next);
                    } catch (RuntimeException e) {
                        org.slf4j.LoggerFactory.getLogger(MarketStore.class).warn("a market change listener failed at v{}: {}",
                                next.version(), e.toString());
                    }
                }
                sink.tryEmitNext(next.snapshot()); // a replay-latest sink with one emitter at a time: fails only once terminated
            }
            missed = emitting.addAndGet(-missed);
        } while (missed != 0);
    }
}
