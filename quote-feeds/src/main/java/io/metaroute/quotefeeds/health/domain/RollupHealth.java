package io.metaroute.quotefeeds.health.domain;

import io.metaroute.core.chain.ChainId;
import io.metaroute.quotefeeds.chain.domain.BlockHead;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What is known of one rollup's pool feed at one moment: the last block followed (and when it was
 * seen), how it is followed, the last failure, the reorganisations seen, and so its {@link State}.
 *
 * @param lastHead     the newest block the feed followed, if any
 * @param seenAt       when that block was seen (null before the first)
 * @param failure      the last failure since that block, if any (a node that refuses, a call that failed)
 * @param staleAfter   how long without a new block makes the rollup stale
 * @param reorgs       reorganisations seen since start
 * @param deepestReorg the most blocks one of them replaced
 */
public record RollupHealth(ChainId chain, State state, FeedMode mode, Optional<BlockHead> lastHead, Instant seenAt,
                           Optional<String> failure, Duration staleAfter, long reorgs, long deepestReorg) {

    /** Whether routes may use the rollup: only while it is {@link #UP}. */
    public enum State {
        /** New blocks keep arriving and the last call succeeded. */
        UP,
        /** No block for longer than the stale limit, although nothing failed: a silent node or feed. */
        STALE,
        /** The node failed since the last block it gave (refused, timed out, answered with an error). */
        DOWN,
        /** Not followed yet. */
        UNKNOWN
    }

    public RollupHealth {
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(lastHead, "lastHead");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(staleAfter, "staleAfter");
    }

    public boolean routable() {
        return state == State.UP;
    }

    /** How long ago the last block was seen, as of {@code now}; empty before the first. */
    public Optional<Duration> age(Instant now) {
        if (seenAt == null) {
            return Optional.empty();
        }
        Duration age = Duration.between(seenAt, now);
        return Optional.of(age.isNegative() ? Duration.ZERO : age);
    }

    /** Why routes avoid the rollup, in a sentence; empty while it is up. */
    public Optional<String> reason(Instant now) {
        return switch (state) {
            case UP -> Optional.empty();
            case UNKNOWN -> Optional.of("its pool feed has not followed a block yet");
            case DOWN -> Optional.of("its node is failing (" + failure.orElse("unknown failure") + ")"
                    + lastHead.map(h -> "; last block " + h.number() + " seen " + age(now).orElseThrow().toMillis() + " ms ago")
                    .orElse(""));
            case STALE -> Optional.of("no new block for " + age(now).map(Duration::toMillis).orElse(0L) + " ms (stale after "
                    + staleAfter.toMillis() + " ms)" + lastHead.map(h -> "; last block " + h.number()).orElse(""));
        };
    }
}
