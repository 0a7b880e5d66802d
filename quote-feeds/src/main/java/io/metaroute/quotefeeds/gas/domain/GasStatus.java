package io.metaroute.quotefeeds.gas.domain;

import io.metaroute.core.chain.ChainId;
import java.util.Objects;
import java.util.Optional;

/**
 * How current a rollup's gas price is: {@link State#UP} while updates keep coming, {@link State#STALE}
 * once none came for the rollup's stale limit (a number of block times), {@link State#UNKNOWN} before
 * the first reading. {@code latest} is the last reading, if any.
 */
public record GasStatus(ChainId chain, State state, Optional<GasQuote> latest) {
    public enum State { UP, STALE, UNKNOWN }

    public GasStatus {
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(latest, "latest");
        if (state == State.UP && latest.isEmpty()) {
            throw new IllegalArgumentException("an up gas price needs a reading");
        }
        if (state == State.UNKNOWN && latest.isPresent()) {
            throw new IllegalArgumentException("a reading is not unknown");
        }
    }

    static GasStatus of(ChainId chain, Optional<GasQuote> latest, boolean stale) {
        if (latest.isEmpty()) {
            return new GasStatus(chain, stale ? State.STALE : State.UNKNOWN, latest);
        }
        return new GasStatus(chain, stale ? State.STALE : State.UP, latest);
    }
}
