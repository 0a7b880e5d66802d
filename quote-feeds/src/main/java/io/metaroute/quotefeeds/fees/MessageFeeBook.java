package io.metaroute.quotefeeds.fees;

import io.metaroute.core.chain.ChainId;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest Metalayer message fee per ordered pair of rollups (dispatched on the first, delivered to
 * the second), in wei of the first's native coin, as its router's {@code quoteDispatch} answered; a
 * reading older than {@code staleAfter} counts as none, so the router falls back to its configured fee.
 */
public final class MessageFeeBook {
    private record Reading(BigInteger wei, Instant at) {
    }

    private final Map<String, Reading> fees = new ConcurrentHashMap<>();
    private final Duration staleAfter;
    private final Clock clock;

    public MessageFeeBook(Duration staleAfter, Clock clock) {
        this.staleAfter = staleAfter;
        this.clock = clock;
    }

    public void put(ChainId dispatchedOn, ChainId deliveredTo, BigInteger wei) {
        if (wei.signum() < 0) {
            throw new IllegalArgumentException("a message fee is never negative: " + wei);
        }
        fees.put(key(dispatchedOn, deliveredTo), new Reading(wei, clock.instant()));
    }

    public Optional<BigInteger> feeWei(ChainId dispatchedOn, ChainId deliveredTo) {
        Reading r = fees.get(key(dispatchedOn, deliveredTo));
        if (r == null || Duration.between(r.at(), clock.instant()).compareTo(staleAfter) > 0) {
            return Optional.empty();
        }
        return Optional.of(r.wei());
    }

    private static String key(ChainId a, ChainId b) {
        return a.value() + ">" + b.value();
    }
}
