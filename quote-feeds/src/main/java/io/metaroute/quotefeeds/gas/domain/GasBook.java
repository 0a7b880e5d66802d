package io.metaroute.quotefeeds.gas.domain;

import io.metaroute.core.chain.ChainId;
import io.metaroute.core.network.Network;
import io.metaroute.core.network.Rollup;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The latest gas price of every rollup, and whether it is still current. A rollup's price is stale
 * once no new reading came for its stale limit ({@code staleAfterBlocks} block times); a stale price
 * is still shown, but {@link #gasPriceWei} no longer offers it, so the router falls back to the
 * network file's price until readings resume.
 *
 * <p>One writer per rollup (its collector): {@link #offer} is called for a chain from one thread at a
 * time. Readers may be anywhere. Nothing is emitted while a lock is held.
 */
public final class GasBook {
    /** Block time assumed for a rollup whose description gives none. */
    public static final Duration DEFAULT_BLOCK_TIME = Duration.ofSeconds(1);

    private final Map<ChainId, Duration> staleAfter;
    private final Clock clock;
    private final Map<ChainId, GasQuote> latest = new ConcurrentHashMap<>();
    private final Map<ChainId, Sinks.Many<GasQuote>> sinks;

    public GasBook(Map<ChainId, Duration> staleAfter, Clock clock) {
        this.staleAfter = Map.copyOf(staleAfter);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.staleAfter.forEach((chain, limit) -> {
            if (limit.isNegative() || limit.isZero()) {
                throw new IllegalArgumentException("stale limit of chain " + chain + " must be positive, got " + limit);
            }
        });
        this.sinks = this.staleAfter.keySet().stream()
                .collect(Collectors.toUnmodifiableMap(c -> c, c -> Sinks.many().replay().<GasQuote>latest()));
    }

    /** Every rollup of {@code network}, stale after {@code staleAfterBlocks} of its block times. */
    public static GasBook of(Network network, int staleAfterBlocks, Clock clock) {
        if (staleAfterBlocks < 1) {
            throw new IllegalArgumentException("staleAfterBlocks must be at least 1, got " + staleAfterBlocks);
        }
        return new GasBook(network.rollups().stream().collect(Collectors.toMap(Rollup::chainId,
                r -> blockTime(r).multipliedBy(staleAfterBlocks))), clock);
    }

    /** The rollup's block time, or {@link #DEFAULT_BLOCK_TIME} when its description gives none. */
    public static Duration blockTime(Rollup r) {
        return r.blockTime() == null || r.blockTime().isZero() || r.blockTime().isNegative() ? DEFAULT_BLOCK_TIME : r.blockTime();
    }

    /**
     * Records a reading. Kept (and published) when it is of a newer block than the last, or of the
     * same block with other fees; an older block's reading is ignored. Returns whether it was kept.
     */
    public boolean offer(GasQuote quote) {
        Sinks.Many<GasQuote> sink = sinks.get(quote.chain());
        if (sink == null) {
            throw new IllegalArgumentException("chain " + quote.chain() + " is not in the gas book");
        }
        GasQuote before = latest.get(quote.chain());
        boolean kept = before == null || quote.block() > before.block()
                || (quote.block() == before.block() && quote.differsFrom(before));
        if (!kept) {
            return false;
        }
        latest.put(quote.chain(), quote);
        sink.emitNext(quote, Sinks.EmitFailureHandler.busyLooping(Duration.ofMillis(100)));
        return true;
    }

    public Optional<GasQuote> latest(ChainId chain) {
        return Optional.ofNullable(latest.get(chain));
    }

    /** The current price (base fee plus priority fee) while it is not stale; empty otherwise. */
    public Optional<BigInteger> gasPriceWei(ChainId chain) {
        GasStatus s = status(chain);
        return s.state() == GasStatus.State.UP ? s.latest().map(GasQuote::gasPriceWei) : Optional.empty();
    }

    /** The status now, by the book's clock. */
    public GasStatus status(ChainId chain) {
        Duration limit = staleAfter(chain);
        Optional<GasQuote> last = latest(chain);
        boolean stale = last.isPresent() && age(last.get()).compareTo(limit) > 0;
        return GasStatus.of(chain, last, stale);
    }

    /** How long ago {@code quote} was read, by the book's clock (never negative). */
    public Duration age(GasQuote quote) {
        Duration age = Duration.between(quote.observedAt(), clock.instant());
        return age.isNegative() ? Duration.ZERO : age;
    }

    public Duration staleAfter(ChainId chain) {
        Duration limit = staleAfter.get(chain);
        if (limit == null) {
            throw new IllegalArgumentException("chain " + chain + " is not in the gas book");
        }
        return limit;
    }

    public java.util.Set<ChainId> chains() {
        return staleAfter.keySet();
    }

    /** The rollup's latest reading (at once, if there is one), then every new one. */
    public Flux<GasQuote> changes(ChainId chain) {
        staleAfter(chain);
        return sinks.get(chain).asFlux();
    }

    /** Every rollup's latest reading, then every new one of any rollup. */
    public Flux<GasQuote> changes() {
        return Flux.merge(sinks.values().stream().map(Sinks.Many::asFlux).toList());
    }

    /**
     * The rollup's status as it changes: {@code UP} with every reading, {@code STALE} once its stale
     * limit passes without one (also before the first reading), {@code UNKNOWN} at first when there is
     * none yet. Timed on Reactor's parallel scheduler, so virtual time drives it in tests.
     */
    public Flux<GasStatus> statuses(ChainId chain) {
        Duration limit = staleAfter(chain);
        Flux<Optional<GasQuote>> readings = Flux.defer(() -> latest(chain).isPresent()
                ? changes(chain).map(Optional::of)
                : changes(chain).map(Optional::of).startWith(Optional.<GasQuote>empty()));
        return readings.switchMap(reading -> Flux.concat(
                Mono.just(GasStatus.of(chain, reading, false)),
                Mono.delay(limit).map(tick -> GasStatus.of(chain, reading, true))));
    }
}
