package io.metaroute.pipeline.cross;

import io.metaroute.core.chain.ChainId;
import io.metaroute.core.cross.CrossOrder;
import io.metaroute.core.cross.CrossSettlerAbi.EscrowStatus;
import io.metaroute.core.network.FinalityState;
import io.metaroute.execution.fill.FillRejected;
import io.metaroute.pipeline.cross.CrossChains.Mined;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.utils.Numeric;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The cross-rollup saga: open → fill → prove → release, or → refund. Each tick it moves every
 * unfinished order at most one step, by compare-and-set on its stored status, and every step that
 * sends a transaction stores the signed bytes first and sends the stored bytes, again after a crash
 * (the chain takes them at most once). The chain's state decides what a step means: an order whose
 * fill record exists is filled, whoever sent the fill; an escrow the origin shows released is
 * released. Filled orders are released in batches (one message, one read of all their fill
 * records); orders that were not filled are refunded once their fill deadline has passed.
 */
public final class CrossSaga {
    private static final Logger log = LoggerFactory.getLogger(CrossSaga.class);
    private static final int STEPS_AT_ONCE = 32;
    /** How far back from a reverted open the order's Escrowed event is looked for. */
    private static final long OPEN_LOOKBACK_BLOCKS = 10_000;

    /**
     * How the saga paces itself. {@code fillMargin}: no fill is sent this close to the fill deadline;
     * {@code stuckAfter}: a step's transaction not mined this long after it was stored is replaced.
     */
    public record Settings(Duration tick, int batchSize, Duration maxBatchWait, Duration fillMargin, Duration stuckAfter) {
        public Settings {
            Objects.requireNonNull(tick, "tick");
            Objects.requireNonNull(stuckAfter, "stuckAfter");
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
            }
        }
    }

    private final CrossOrderStore store;
    private final CrossChains chains;
    private final CrossFillPlanner planner;
    private final Settings settings;
    private final Clock clock;
    private final SagaMoves moves;
    private final InstantExposure exposure;
    private final CrossSettlements settlements;
    private Disposable running;

    public CrossSaga(CrossOrderStore store, CrossChains chains, CrossFillPlanner planner, Settings settings, Clock clock) {
        this(store, chains, planner, settings, clock, new InstantExposure(java.util.Map.of()), (from, to) -> { });
    }

    /** {@code exposure} bounds the INSTANT risk; {@code moves} hears every step an order takes (from, to), for metrics. */
    public CrossSaga(CrossOrderStore store, CrossChains chains, CrossFillPlanner planner, Settings settings, Clock clock,
                     InstantExposure exposure, java.util.function.BiConsumer<CrossStatus, CrossStatus> moves) {
        this.exposure = exposure;
        this.store = store;
        this.chains = chains;
        this.planner = planner;
        this.settings = settings;
        this.clock = clock;
        this.moves = new SagaMoves(store, chains, moves);
        this.settlements = new CrossSettlements(chains, this.moves, settings, clock);
    }

    public void start() {
        running = Flux.interval(Duration.ZERO, settings.tick())
                .onBackpressureDrop()
                .concatMap(t -> tick().onErrorResume(e -> {
                    log.warn("cross saga: tick failed, trying again next tick: {}", e.toString());
                    return Mono.empty();
                }), 1)
                .subscribe();
    }

    public void stop() {
        if (running != null) {
            running.dispose();
        }
    }

    /** One pass over every unfinished order; batches are formed from what this pass finds. */
    public Mono<Void> tick() {
        return store.unfinished().collectList().flatMap(rows -> {
            exposure.count(rows);
            var filled = new ArrayList<CrossRow>();
            var unfilled = new ArrayList<CrossRow>();
            var single = new ArrayList<CrossRow>();
            var messages = new LinkedHashMap<String, List<CrossRow>>();
            for (CrossRow r : rows) {
                switch (r.status()) {
                    case FILLED -> filled.add(r);
                    case UNFILLED -> unfilled.add(r);
                    case RELEASING, REFUNDING -> messages.computeIfAbsent(r.status() + ":" + r.txChain() + ":" + r.txHash(),
                            k -> new ArrayList<>()).add(r);
                    default -> single.add(r);
                }
            }
            // orders step side by side: one order waiting for its receipt holds up no other
            return Flux.fromIterable(single).flatMap(r -> stepOn(r, 0).onErrorResume(e -> report(r, e)), STEPS_AT_ONCE)
                    .thenMany(Flux.fromIterable(messages.values()).flatMap(m -> settlements.settled(m)
                            .onErrorResume(e -> report(m.get(0), e)), STEPS_AT_ONCE))
                    .thenMany(settlements.release(filled))
                    .thenMany(settlements.refund(unfilled))
                    .then();
        });
    }

    private Mono<Void> report(CrossRow r, Throwable e) {
        log.warn("cross order {} ({}): step failed, retried next tick: {}", r.id(), r.status(), e.toString());
        return Mono.empty();
    }

    /**
     * A step, and the next ones at once while the order moves on through open, opened and filling: an order
     * opened is filled without waiting for the next tick, and one sent back to received is opened again at once.
     */
    private Mono<Void> stepOn(CrossRow r, int depth) {
        return step(r).then(Mono.defer(() -> depth >= 3 ? Mono.<CrossRow>empty() : store.find(r.id())))
                .filter(next -> next.status() != r.status() && (next.status() == CrossStatus.RECEIVED
                        || next.status() == CrossStatus.OPENING
                        || next.status() == CrossStatus.OPENED || next.status() == CrossStatus.FILLING))
                .flatMap(next -> stepOn(next, depth + 1));
    }

    private Mono<Void> step(CrossRow r) {
        return switch (r.status()) {
            case RECEIVED -> open(r);
            case OPENING -> sent(r, mined -> mined.ok() ? SagaMoves.opened(r)
                    : CrossChange.to(CrossStatus.REJECTED, "open reverted").reason(mined.reason()));
            case OPENED -> fill(r);
            case FILLING -> sentFill(r);
            default -> Mono.empty();
        };
    }

    private Mono<Void> open(CrossRow r) {
        CrossOrder o = r.order();
        if (clock.instant().getEpochSecond() > o.openDeadline()) {
            return moves.move(r, CrossChange.to(CrossStatus.REJECTED, "not opened in time").reason("open deadline passed"));
        }
        byte[] sig = Numeric.hexStringToByteArray(r.signature());
        return chains.simulateOpen(o, sig)
                .then(chains.prepareOpen(o, sig))
                .flatMap(tx -> moves.storeAndSend(r, o.originChainId(), tx, CrossStatus.OPENING, "open sent to the origin settler"))
                .onErrorResume(FillRejected.class, e -> moves.move(r, CrossChange.to(CrossStatus.REJECTED, e.getMessage())
                        .reason(e.reason())));
    }

    private Mono<Void> fill(CrossRow r) {
        CrossOrder o = r.order();
        return chains.fillRecord(o).flatMap(record -> {
            if (record.filled()) {
                return moves.move(r, SagaMoves.filledBy(CrossChange.to(CrossStatus.FILLED, "the destination shows the order filled"), r, record));
            }
            if (r.filledAmount() != null) {
                return planAndFill(r); // filled once before, so its open was final enough; the row's tx is no longer the open
            }
            return finalEnough(r).flatMap(ready -> ready ? planAndFill(r) : Mono.empty());
        });
    }

    /**
     * INSTANT orders are filled once the open is seen at the head, while the INSTANT exposure stays within its
     * limit; FINALIZED ones, and INSTANT ones past the limit, once the origin's finalized block has reached the
     * open's block (the row still holds the open's transaction).
     */
    private Mono<Boolean> finalEnough(CrossRow r) {
        CrossOrder o = r.order();
        if (o.finality() == FinalityState.INSTANT && exposure.admit(o)) {
            return Mono.just(true);
        }
        return chains.escrow(o).flatMap(e -> {
            if (e.status() == EscrowStatus.NONE) {
                return moves.reopen(r).thenReturn(false); // the open was reorganised away before it was final
            }
            if (r.txHash() == null) {
                return Mono.just(e.status() == EscrowStatus.OPEN); // opened by someone else: as final as its escrow
            }
            // the open's block: its receipt's, or, when the row's open reverted because another took the order (the
            // first of two same-nonce sends, or someone else's), the block of the order's Escrowed event
            Mono<Long> openBlock = chains.await(SagaMoves.chainOf(r), r.txHash()).flatMap(m -> m.ok() ? Mono.just(m.block())
                    : chains.openBlock(o, Math.max(0, m.block() - OPEN_LOOKBACK_BLOCKS)));
            return openBlock.zipWith(chains.finalized(o.originChainId()))
                    .map(t -> t.getT2().number() >= t.getT1())
                    .defaultIfEmpty(false);
        });
    }

    private Mono<Void> planAndFill(CrossRow r) {
        CrossOrder o = r.order();
        return chains.head(o.destinationChainId()).flatMap(head -> {
            if (head.timestamp() + settings.fillMargin().toSeconds() >= o.fillDeadline()) {
                return moves.move(r, CrossChange.to(CrossStatus.UNFILLED, "too close to the fill deadline to fill")
                        .reason("fill deadline"));
            }
            return switch (planner.plan(o)) {
                case CrossFillPlanner.Decline d -> moves.move(r, CrossChange.to(CrossStatus.UNFILLED, "not filled: " + d.reason())
                        .reason("declined"));
                case CrossFillPlanner.Go go -> chains.simulateFill(o, go.fill())
                        .then(chains.prepareFill(o, go.fill()))
                        .flatMap(tx -> moves.storeAndSend(r, o.destinationChainId(), tx, CrossStatus.FILLING,
                                "fill sent to the destination settler, expecting " + go.fill().expectedOut()))
                        .onErrorResume(FillRejected.class, e -> moves.move(r, CrossChange.to(CrossStatus.UNFILLED,
                                "fill refused: " + e.getMessage()).reason(e.reason())));
            };
        });
    }

    private Mono<Void> sentFill(CrossRow r) {
        return moves.resend(r).then(moves.awaitOrReplace(List.of(r), settings.stuckAfter(), clock)).flatMap(mined -> chains.fillRecord(r.order())
                .flatMap(record -> record.filled()
                        ? moves.move(r, SagaMoves.filledBy(CrossChange.to(CrossStatus.FILLED, "filled on the destination in block "
                                + mined.block()), r, record))
                        : moves.move(r, CrossChange.to(CrossStatus.UNFILLED, "fill reverted").reason(mined.reason()))));
    }

    /** The stored open is (re)sent and awaited; {@code next} says what its receipt means. */
    private Mono<Void> sent(CrossRow r, java.util.function.Function<Mined, CrossChange> next) {
        return moves.resend(r).then(moves.awaitOrReplace(List.of(r), settings.stuckAfter(), clock)).flatMap(mined -> {
            if (!mined.ok()) {
                // someone else's open of the same signed order leaves the escrow open all the same
                return chains.escrow(r.order()).flatMap(e -> e.status() != EscrowStatus.NONE
                        ? moves.move(r, SagaMoves.opened(r))
                        : moves.move(r, next.apply(mined)));
            }
            return moves.move(r, next.apply(mined));
        });
    }

}
