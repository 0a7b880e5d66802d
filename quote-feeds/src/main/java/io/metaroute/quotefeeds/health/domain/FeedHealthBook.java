package io.metaroute.quotefeeds.health.domain;

import io.metaroute.core.chain.ChainId;
import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.core.pool.PoolKey;
import io.metaroute.core.pool.PoolState;
import io.metaroute.quotefeeds.chain.domain.BlockHead;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The freshness of every rollup's pool feed: each collector reports the blocks it follows, its
 * failures and its reorganisations here; routing asks whether a rollup may be used and the health
 * endpoint shows why not. A rollup is {@code UP} while a new block arrived within its stale limit
 * and nothing failed since; it recovers by itself with the next block, without a restart.
 *
 * <p>One writer per rollup (its collector), any number of readers; each rollup's record is replaced
 * whole, so a reader never sees half an update.
 */
public final class FeedHealthBook {
    private record Entry(FeedMode mode, BlockHead head, Instant seenAt, String failure, long reorgs, long deepest) {
        static final Entry EMPTY = new Entry(FeedMode.NONE, null, null, null, 0, 0);
    }

    private final Map<ChainId, Duration> staleAfter;
    private final Clock clock;
    private final Map<ChainId, Entry> entries = new ConcurrentHashMap<>();

    public FeedHealthBook(Map<ChainId, Duration> staleAfter, Clock clock) {
        this.staleAfter = Map.copyOf(staleAfter);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.staleAfter.forEach((chain, limit) -> {
            if (limit.isNegative() || limit.isZero()) {
                throw new IllegalArgumentException("stale limit of chain " + chain + " must be positive, got " + limit);
            }
            entries.put(chain, Entry.EMPTY);
        });
    }

    /** Every rollup of {@code network}, stale after {@code staleAfterBlocks} of its block times (one second where none is given). */
    public static FeedHealthBook of(io.metaroute.core.network.Network network, int staleAfterBlocks, Clock clock) {
        if (staleAfterBlocks < 1) {
            throw new IllegalArgumentException("staleAfterBlocks must be at least 1, got " + staleAfterBlocks);
        }
        return new FeedHealthBook(network.rollups().stream().collect(Collectors.toMap(io.metaroute.core.network.Rollup::chainId,
                r -> (r.blockTime() == null || r.blockTime().isZero() || r.blockTime().isNegative() ? Duration.ofSeconds(1)
                        : r.blockTime()).multipliedBy(staleAfterBlocks))), clock);
    }

    public Set<ChainId> chains() {
        return staleAfter.keySet();
    }

    public Clock clock() {
        return clock;
    }

    /** A block the feed followed: the rollup is up again if it was not. */
    public void headSeen(ChainId chain, BlockHead head) {
        entries.compute(known(chain), (c, e) -> new Entry(e.mode(), head, clock.instant(), null, e.reorgs(), e.deepest()));
    }

    /** The feed failed to reach or read the node: down until the next block. */
    public void failed(ChainId chain, Throwable cause) {
        String text = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        entries.compute(known(chain), (c, e) -> new Entry(e.mode(), e.head(), e.seenAt(), text, e.reorgs(), e.deepest()));
    }

    public void mode(ChainId chain, FeedMode mode) {
        entries.compute(known(chain), (c, e) -> new Entry(mode, e.head(), e.seenAt(), e.failure(), e.reorgs(), e.deepest()));
    }

    /** A reorganisation that replaced {@code depth} blocks. */
    public void reorged(ChainId chain, long depth) {
        entries.compute(known(chain), (c, e) -> new Entry(e.mode(), e.head(), e.seenAt(), e.failure(), e.reorgs() + 1,
                Math.max(e.deepest(), depth)));
    }

    /** The rollup's health now, by the book's clock. */
    public RollupHealth health(ChainId chain) {
        Entry e = entries.get(known(chain));
        Duration limit = staleAfter.get(chain);
        RollupHealth.State state;
        if (e.failure() != null) {
            state = RollupHealth.State.DOWN;
        } else if (e.head() == null) {
            state = RollupHealth.State.UNKNOWN;
        } else if (Duration.between(e.seenAt(), clock.instant()).compareTo(limit) > 0) {
            state = RollupHealth.State.STALE;
        } else {
            state = RollupHealth.State.UP;
        }
        return new RollupHealth(chain, state, e.mode(), Optional.ofNullable(e.head()), e.seenAt(),
                Optional.ofNullable(e.failure()), limit, e.reorgs(), e.deepest());
    }

    public boolean routable(ChainId chain) {
        return !staleAfter.containsKey(chain) || health(chain).routable();
    }

    /** Why routes avoid {@code chain} now; empty while it is up (or not followed by this book). */
    public Optional<String> unhealthy(ChainId chain) {
        if (!staleAfter.containsKey(chain)) {
            return Optional.empty();
        }
        RollupHealth h = health(chain);
        return h.reason(clock.instant()).map(r -> "chain " + chain + " is " + h.state().name().toLowerCase() + ": " + r);
    }

    /** {@code snapshot} without the pools of rollups that are not up: what routes may use. */
    public MarketSnapshot routable(MarketSnapshot snapshot) {
        Map<ChainId, Boolean> up = chains().stream().collect(Collectors.toMap(Function.identity(), this::routable));
        if (!up.containsValue(Boolean.FALSE)) {
            return snapshot;
        }
        Map<PoolKey, PoolState> kept = new HashMap<>();
        snapshot.pools().forEach((key, pool) -> {
            if (up.getOrDefault(pool.chain(), Boolean.TRUE)) {
                kept.put(key, pool);
            }
        });
        return new MarketSnapshot(snapshot.version(), snapshot.takenAt(), kept);
    }

    private ChainId known(ChainId chain) {
        if (!staleAfter.containsKey(chain)) {
            throw new IllegalArgumentException("chain " + chain + " is not in the feed health book");
        }
        return chain;
    }
}
