package io.metaroute.pipeline.cross;

import io.metaroute.core.chain.ChainId;
import io.metaroute.core.cross.CrossOrder;
import io.metaroute.core.cross.CrossSettlerAbi.EscrowStatus;
import io.metaroute.core.cross.CrossSettlerAbi.Kind;
import io.metaroute.core.network.FinalityState;
import io.metaroute.execution.fill.FillRejected;
import io.metaroute.execution.tx.PreparedTransaction;
import io.metaroute.pipeline.cross.CrossChains.Mined;
import io.metaroute.settlement.ledger.CrossLedger;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /** How the saga paces itself. {@code fillMargin}: no fill is sent this close to the fill deadline. */
    public record Settings(Duration tick, int batchSize, Duration maxBatchWait, Duration fillMargin) {
        public Settings {
            Objects.requireNonNull(tick, "tick");
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
    private final java.util.function.BiConsumer<CrossStatus, CrossStatus> moves;
    private Disposable running;

    public CrossSaga(CrossOrderStore store, CrossChains chains, CrossFillPlanner planner, Settings settings, Clock clock) {
        this(store, chains, planner, settings, clock, (from, to) -> { });
    }

    /** {@code moves} hears every step an order takes (from, to), for metrics. */
    public CrossSaga(CrossOrderStore store, CrossChains chains, CrossFillPlanner planner, Settings settings, Clock clock,
                     java.util.function.BiConsumer<CrossStatus, CrossStatus> moves) {
        this.moves = moves;
        this.store = store;
        this.chains = chains;
        this.planner = planner;
        this.settings = settings;
        this.clock = clock;
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
                    .thenMany(Flux.fromIterable(messages.values()).flatMap(m -> settled(m)
                            .onErrorResume(e -> report(m.get(0), e)), STEPS_AT_ONCE))
                    .thenMany(Flux.fromIterable(groups(filled)).concatMap(g -> settle(g, Kind.RELEASE, false)))
                    .thenMany(Flux.fromIterable(groups(unfilled)).concatMap(this::refundExpired))
                    .then();
        });
    }

    private Mono<Void> report(CrossRow r, Throwable e) {
        log.warn("cross order {} ({}): step failed, retried next tick: {}", r.id(), r.status(), e.toString());
        return Mono.empty();
    }

    /**
     * A step, and the next ones at once while the order moves on through open, opened and filling: an order
     * opened is filled without waiting for the next tick.
     */
    private Mono<Void> stepOn(CrossRow r, int depth) {
        return step(r).then(Mono.defer(() -> depth >= 3 ? Mono.<CrossRow>empty() : store.find(r.id())))
                .filter(next -> next.status() != r.status() && (next.status() == CrossStatus.OPENING
                        || next.status() == CrossStatus.OPENED || next.status() == CrossStatus.FILLING))
                .flatMap(next -> stepOn(next, depth + 1));
    }

    private Mono<Void> step(CrossRow r) {
        return switch (r.status()) {
            case RECEIVED -> open(r);
            case OPENING -> sent(r, mined -> mined.ok() ? opened(r)
                    : CrossChange.to(CrossStatus.REJECTED, "open reverted").reason(mined.reason()));
            case OPENED -> fill(r);
            case FILLING -> sentFill(r);
            default -> Mono.empty();
        };
    }

    private Mono<Void> open(CrossRow r) {
        CrossOrder o = r.order();
        if (clock.instant().getEpochSecond() > o.openDeadline()) {
            return move(r, CrossChange.to(CrossStatus.REJECTED, "not opened in time").reason("open deadline passed"));
        }
        byte[] sig = Numeric.hexStringToByteArray(r.signature());
        return chains.simulateOpen(o, sig)
                .then(chains.prepareOpen(o, sig))
                .flatMap(tx -> storeAndSend(r, o.originChainId(), tx, CrossStatus.OPENING, "open sent to the origin settler"))
                .onErrorResume(FillRejected.class, e -> move(r, CrossChange.to(CrossStatus.REJECTED, e.getMessage())
                        .reason(e.reason())));
    }

    private Mono<Void> fill(CrossRow r) {
        CrossOrder o = r.order();
        return chains.fillRecord(o).flatMap(record -> {
            if (record.filled()) {
                return move(r, filledBy(CrossChange.to(CrossStatus.FILLED, "the destination shows the order filled"), o, record));
            }
            return finalEnough(r).flatMap(ready -> ready ? planAndFill(r) : Mono.empty());
        });
    }

    /**
     * INSTANT orders are filled once the open is seen at the head; FINALIZED ones once the origin's
     * finalized block has reached the open's block (the row still holds the open's transaction).
     */
    private Mono<Boolean> finalEnough(CrossRow r) {
        CrossOrder o = r.order();
        if (o.finality() == FinalityState.INSTANT) {
            return Mono.just(true);
        }
        if (r.txHash() == null) {
            return chains.escrow(o).map(e -> e.status() == EscrowStatus.OPEN); // opened by someone else: as final as its escrow
        }
        return chains.await(chainOf(r), r.txHash())
                .zipWith(chains.finalized(o.originChainId()))
                .map(t -> t.getT1().ok() && t.getT2().number() >= t.getT1().block());
    }

    private Mono<Void> planAndFill(CrossRow r) {
        CrossOrder o = r.order();
        return chains.head(o.destinationChainId()).flatMap(head -> {
            if (head.timestamp() + settings.fillMargin().toSeconds() >= o.fillDeadline()) {
                return move(r, CrossChange.to(CrossStatus.UNFILLED, "too close to the fill deadline to fill")
                        .reason("fill deadline"));
            }
            return switch (planner.plan(o)) {
                case CrossFillPlanner.Decline d -> move(r, CrossChange.to(CrossStatus.UNFILLED, "not filled: " + d.reason())
                        .reason("declined"));
                case CrossFillPlanner.Go go -> chains.simulateFill(o, go.fill())
                        .then(chains.prepareFill(o, go.fill()))
                        .flatMap(tx -> storeAndSend(r, o.destinationChainId(), tx, CrossStatus.FILLING,
                                "fill sent to the destination settler, expecting " + go.fill().expectedOut()))
                        .onErrorResume(FillRejected.class, e -> move(r, CrossChange.to(CrossStatus.UNFILLED,
                                "fill refused: " + e.getMessage()).reason(e.reason())));
            };
        });
    }

    private Mono<Void> sentFill(CrossRow r) {
        return resend(r).then(chains.await(chainOf(r), r.txHash())).flatMap(mined -> chains.fillRecord(r.order())
                .flatMap(record -> record.filled()
                        ? move(r, filledBy(CrossChange.to(CrossStatus.FILLED, "filled on the destination in block "
                                + mined.block()), r.order(), record))
                        : move(r, CrossChange.to(CrossStatus.UNFILLED, "fill reverted").reason(mined.reason()))));
    }

    /** The stored open is (re)sent and awaited; {@code next} says what its receipt means. */
    private Mono<Void> sent(CrossRow r, java.util.function.Function<Mined, CrossChange> next) {
        return resend(r).then(chains.await(chainOf(r), r.txHash())).flatMap(mined -> {
            if (!mined.ok()) {
                // someone else's open of the same signed order leaves the escrow open all the same
                return chains.escrow(r.order()).flatMap(e -> e.status() != EscrowStatus.NONE
                        ? move(r, opened(r))
                        : move(r, next.apply(mined)));
            }
            return move(r, next.apply(mined));
        });
    }

    /** One settlement message for {@code group} (one origin, one destination), once it is big or old enough, or {@code now}. */
    private Mono<Void> settle(List<CrossRow> group, Kind kind, boolean now) {
        CrossRow first = group.get(0);
        boolean due = now || group.size() >= settings.batchSize() || group.stream().anyMatch(r ->
                Duration.between(r.updatedAt(), clock.instant()).compareTo(settings.maxBatchWait()) >= 0);
        if (!due) {
            return Mono.empty();
        }
        List<CrossRow> batch = group.subList(0, Math.min(group.size(), settings.batchSize()));
        CrossStatus from = kind == Kind.RELEASE ? CrossStatus.FILLED : CrossStatus.UNFILLED;
        CrossStatus to = kind == Kind.RELEASE ? CrossStatus.RELEASING : CrossStatus.REFUNDING;
        ChainId destination = first.order().destinationChainId();
        return chains.prepareSettle(destination, first.order().originChainId(), kind, batch.stream().map(CrossRow::order).toList())
                .flatMap(tx -> store.transitionAll(batch.stream().map(CrossRow::id).toList(), from,
                                CrossChange.to(to, (kind == Kind.RELEASE ? "release" : "refund") + " message of " + batch.size()
                                        + " order(s) dispatched").tx(destination.value(), tx.hash(), tx.raw()))
                        .doOnNext(stored -> {
                            if (stored) {
                                batch.forEach(r -> moves.accept(from, to));
                            }
                        })
                        .flatMap(stored -> stored ? chains.broadcast(destination, tx).then() : Mono.empty()))
                .onErrorResume(e -> {
                    log.warn("cross settlement ({} of {} orders) not sent, retried next tick: {}", kind, batch.size(), e.toString());
                    return Mono.empty();
                });
    }

    private Mono<Void> refundExpired(List<CrossRow> group) {
        ChainId destination = group.get(0).order().destinationChainId();
        return chains.head(destination).flatMap(head -> {
            var expired = group.stream().filter(r -> head.timestamp() > r.order().fillDeadline()).toList();
            return Flux.fromIterable(expired).concatMap(r -> chains.fillRecord(r.order()).map(f -> Map.entry(r, f)))
                    .collectList().flatMap(checked -> {
                        var refundable = new ArrayList<CrossRow>();
                        var late = new ArrayList<Mono<Void>>();
                        for (var e : checked) {
                            if (e.getValue().filled()) {
                                late.add(move(e.getKey(), filledBy(CrossChange.to(CrossStatus.FILLED,
                                        "the destination shows a fill"), e.getKey().order(), e.getValue())));
                            } else {
                                refundable.add(e.getKey());
                            }
                        }
                        Mono<Void> refund = refundable.isEmpty() ? Mono.empty() : settle(refundable, Kind.REFUND, true);
                        return Flux.concat(late).then(refund);
                    });
        });
    }

    /**
     * A release or refund message: its dispatch is (re)sent and awaited, then the origin's escrows say when it is
     * delivered. The orders it settled move together, with the message's ledger lines, in one transaction.
     */
    private Mono<Void> settled(List<CrossRow> message) {
        CrossRow first = message.get(0);
        boolean release = first.status() == CrossStatus.RELEASING;
        return resend(first).then(chains.await(chainOf(first), first.txHash())).flatMap(mined -> {
            if (!mined.ok()) {
                return Flux.fromIterable(message).concatMap(r -> move(r, CrossChange.to(release ? CrossStatus.FILLED
                        : CrossStatus.UNFILLED, "settlement dispatch reverted, to be sent again").reason(mined.reason()))).then();
            }
            Mono<Void> noteMessage = Flux.fromIterable(message)
                    .filter(r -> r.messageId() == null && mined.messageId().isPresent())
                    .concatMap(r -> move(r, CrossChange.to(r.status(), "dispatched as Metalayer message "
                            + mined.messageId().get() + " in block " + mined.block()).tx(r.txChain(), r.txHash(), null)
                            .message(mined.messageId().get())))
                    .then();
            EscrowStatus done = release ? EscrowStatus.RELEASED : EscrowStatus.REFUNDED;
            return noteMessage.then(Flux.fromIterable(message).concatMap(r -> chains.escrow(r.order())
                            .filter(e -> e.status() == done).map(e -> r))
                    .collectList()
                    .flatMap(settled -> settled.isEmpty() ? Mono.empty() : book(settled, release)));
        });
    }

    private Mono<Void> book(List<CrossRow> settled, boolean release) {
        CrossRow first = settled.get(0);
        CrossStatus to = release ? CrossStatus.RELEASED : CrossStatus.REFUNDED;
        String detail = release ? "escrow released to the filler on the origin" : "input returned to the user on the origin";
        Mono<List<io.metaroute.settlement.ledger.Posting>> lines = release
                ? chains.feeAccounts(first.order().originChainId(), first.order().destinationChainId())
                        .map(fees -> CrossLedger.released(settled.stream().map(r -> new CrossLedger.Released(r.order(),
                                r.filler() != null ? r.filler() : chains.repayTo())).toList(), fees))
                : Mono.just(CrossLedger.refunded(settled.stream().map(CrossRow::order).toList()));
        return lines.flatMap(l -> store.transitionAll(settled.stream().map(CrossRow::id).toList(), first.status(),
                        CrossChange.to(to, detail).booking(l)))
                .doOnNext(moved -> {
                    if (moved) {
                        settled.forEach(r -> {
                            log.info("cross order {}: {} -> {} ({})", r.id(), r.status(), to, detail);
                            moves.accept(r.status(), to);
                        });
                    }
                }).then();
    }

    private static CrossChange opened(CrossRow r) {
        return CrossChange.to(CrossStatus.OPENED, "escrowed on the origin").booking(CrossLedger.opened(r.order()));
    }

    private static CrossChange filledBy(CrossChange change, CrossOrder o, io.metaroute.core.cross.CrossSettlerAbi.FillRecord record) {
        return change.filled(record.amountOut(), record.repayTo())
                .booking(CrossLedger.filled(o, record.repayTo(), record.amountOut()));
    }

    private Mono<Void> storeAndSend(CrossRow r, ChainId chain, PreparedTransaction tx, CrossStatus to, String detail) {
        return store.transition(r.id(), r.status(), CrossChange.to(to, detail).tx(chain.value(), tx.hash(), tx.raw()))
                .doOnNext(stored -> {
                    if (stored) {
                        moves.accept(r.status(), to);
                    }
                })
                .flatMap(stored -> stored ? chains.broadcast(chain, tx).then() : Mono.empty());
    }

    /** Sends the stored bytes again: harmless when the chain has them, essential after a crash before the send. */
    private Mono<Void> resend(CrossRow r) {
        if (r.rawTx() == null) {
            return Mono.empty();
        }
        var tx = new PreparedTransaction(r.txHash(), r.rawTx(), BigInteger.ZERO);
        return chains.broadcast(chainOf(r), tx).then().onErrorResume(e -> Mono.empty());
    }

    private Mono<Void> move(CrossRow r, CrossChange change) {
        return store.transition(r.id(), r.status(), change).doOnNext(moved -> {
            if (moved) {
                log.info("cross order {}: {} -> {} ({})", r.id(), r.status(), change.status(), change.detail());
                moves.accept(r.status(), change.status());
            }
        }).then();
    }

    private static ChainId chainOf(CrossRow r) {
        return new ChainId(r.txChain());
    }

    /**
     * Orders grouped by (origin, destination, finality), oldest first: one settlement message per group,
     * sent with the ISM its orders chose.
     */
    private static List<List<CrossRow>> groups(List<CrossRow> rows) {
        var byPair = new LinkedHashMap<String, List<CrossRow>>();
        rows.stream().sorted(Comparator.comparing(CrossRow::updatedAt)).forEach(r -> byPair.computeIfAbsent(
                r.order().originChainId().value() + ">" + r.order().destinationChainId().value() + ":" + r.order().finality(),
                k -> new ArrayList<>()).add(r));
        return List.copyOf(byPair.values());
    }
}
