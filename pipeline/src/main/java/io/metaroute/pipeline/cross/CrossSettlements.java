package io.metaroute.pipeline.cross;

import io.metaroute.core.chain.ChainId;
import io.metaroute.core.cross.CrossSettlerAbi.EscrowStatus;
import io.metaroute.core.cross.CrossSettlerAbi.Kind;
import io.metaroute.settlement.ledger.CrossLedger;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The saga's settlement half: filled orders released and expired unfilled ones refunded, many to a
 * Metalayer message, each message's orders moved together with its ledger lines once the origin's
 * escrows show it delivered. The origin's escrows are read before a message is sent and while it is
 * awaited: an order whose escrow a reorganisation took away is opened again (a release) or dropped
 * (a refund: nothing is escrowed), and the rest of its message go again without it.
 */
final class CrossSettlements {
    private static final Logger log = LoggerFactory.getLogger(CrossSettlements.class);

    private final CrossChains chains;
    private final SagaMoves moves;
    private final CrossSaga.Settings settings;
    private final Clock clock;

    CrossSettlements(CrossChains chains, SagaMoves moves, CrossSaga.Settings settings, Clock clock) {
        this.chains = chains;
        this.moves = moves;
        this.settings = settings;
        this.clock = clock;
    }

    /** Filled orders grouped by (origin, destination, finality): one release message per group once it is due. */
    Flux<Void> release(List<CrossRow> filled) {
        return Flux.fromIterable(groups(filled)).concatMap(g -> settle(g, Kind.RELEASE, false));
    }

    /** Unfilled orders refunded once their destination is past their fill deadline. */
    Flux<Void> refund(List<CrossRow> unfilled) {
        return Flux.fromIterable(groups(unfilled)).concatMap(this::refundExpired);
    }

    /** One settlement message for {@code group} (one origin, one destination), once it is big or old enough, or {@code now}. */
    private Mono<Void> settle(List<CrossRow> group, Kind kind, boolean now) {
        boolean due = now || group.size() >= settings.batchSize() || group.stream().anyMatch(r ->
                Duration.between(r.updatedAt(), clock.instant()).compareTo(settings.maxBatchWait()) >= 0);
        if (!due) {
            return Mono.empty();
        }
        List<CrossRow> candidates = group.subList(0, Math.min(group.size(), settings.batchSize()));
        return Flux.fromIterable(candidates).concatMap(r -> chains.escrow(r.order()).map(e -> Map.entry(r, e.status())))
                .collectList()
                .flatMap(checked -> {
                    var gone = checked.stream().filter(e -> e.getValue() == EscrowStatus.NONE).map(Map.Entry::getKey).toList();
                    var batch = checked.stream().filter(e -> e.getValue() != EscrowStatus.NONE).map(Map.Entry::getKey).toList();
                    return Flux.fromIterable(gone).concatMap(r -> lost(r, kind)).then(batch.isEmpty() ? Mono.empty()
                            : dispatch(batch, kind));
                })
                .onErrorResume(e -> {
                    log.warn("cross settlement ({} of {} orders) not sent, retried next tick: {}", kind, candidates.size(), e.toString());
                    return Mono.empty();
                });
    }

    private Mono<Void> dispatch(List<CrossRow> batch, Kind kind) {
        CrossRow first = batch.get(0);
        CrossStatus from = kind == Kind.RELEASE ? CrossStatus.FILLED : CrossStatus.UNFILLED;
        CrossStatus to = kind == Kind.RELEASE ? CrossStatus.RELEASING : CrossStatus.REFUNDING;
        ChainId destination = first.order().destinationChainId();
        return chains.prepareSettle(destination, first.order().originChainId(), kind, batch.stream().map(CrossRow::order).toList())
                .flatMap(tx -> moves.moveAll(batch, from, CrossChange.to(to, (kind == Kind.RELEASE ? "release" : "refund")
                                + " message of " + batch.size() + " order(s) dispatched").tx(destination.value(), tx.hash(), tx.raw()))
                        .flatMap(stored -> stored ? chains.broadcast(destination, tx).then() : Mono.empty()));
    }

    /** An order whose escrow the origin no longer has: a filled one is opened again, an unfilled one has nothing to refund. */
    private Mono<Void> lost(CrossRow r, Kind kind) {
        if (kind == Kind.RELEASE) {
            return moves.reopen(r);
        }
        return moves.move(r, CrossChange.to(CrossStatus.REJECTED, "the origin no longer has the escrow (its open was"
                        + " reorganised away) and the order was never filled: nothing to refund").reason("open reorganised away")
                .booking(CrossLedger.reversed(CrossLedger.opened(r.order()))));
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
                                late.add(moves.move(e.getKey(), SagaMoves.filledBy(CrossChange.to(CrossStatus.FILLED,
                                        "the destination shows a fill"), e.getKey(), e.getValue())));
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
     * delivered. The orders it settled move together, with the message's ledger lines, in one transaction. If the
     * origin lost one of its escrows the message cannot be delivered: that order is opened again and the others
     * go back to wait for a new message (the settler skips what an earlier message settled). A release delivered
     * while one of its orders stays open read a range of the fill log that did not hold it (the destination moved
     * it, reorganised): that order goes back to wait for a new message.
     */
    Mono<Void> settled(List<CrossRow> message) {
        CrossRow first = message.get(0);
        boolean release = first.status() == CrossStatus.RELEASING;
        CrossStatus back = release ? CrossStatus.FILLED : CrossStatus.UNFILLED;
        return moves.resend(first).then(moves.awaitOrReplace(message, settings.stuckAfter(), clock)).flatMap(mined -> {
            if (!mined.ok()) {
                return Flux.fromIterable(message).concatMap(r -> moves.move(r, CrossChange.to(back,
                        "settlement dispatch reverted, to be sent again").reason(mined.reason()))).then();
            }
            Mono<Void> noteMessage = Flux.fromIterable(message)
                    .filter(r -> r.messageId() == null && mined.messageId().isPresent())
                    .concatMap(r -> moves.move(r, CrossChange.to(r.status(), "dispatched as Metalayer message "
                            + mined.messageId().get() + " in block " + mined.block()).tx(r.txChain(), r.txHash(), null)
                            .message(mined.messageId().get())))
                    .then();
            EscrowStatus done = release ? EscrowStatus.RELEASED : EscrowStatus.REFUNDED;
            return noteMessage.then(Flux.fromIterable(message).concatMap(r -> chains.escrow(r.order()).map(e -> Map.entry(r, e.status())))
                    .collectList()
                    .flatMap(checked -> {
                        var settled = checked.stream().filter(e -> e.getValue() == done).map(Map.Entry::getKey).toList();
                        var gone = checked.stream().filter(e -> e.getValue() == EscrowStatus.NONE).map(Map.Entry::getKey).toList();
                        if (!gone.isEmpty()) {
                            var waiting = checked.stream().filter(e -> e.getValue() == EscrowStatus.OPEN).map(Map.Entry::getKey);
                            return Flux.fromIterable(gone).concatMap(r -> lost(r, release ? Kind.RELEASE : Kind.REFUND))
                                    .thenMany(Flux.fromStream(waiting).concatMap(r -> moves.move(r, CrossChange.to(back,
                                            "its message carried an order the origin lost: to go in a new message"))))
                                    .then(settled.isEmpty() ? Mono.empty() : book(settled, release));
                        }
                        var open = checked.stream().filter(e -> e.getValue() == EscrowStatus.OPEN).map(Map.Entry::getKey).toList();
                        Mono<Void> uncovered = !release || open.isEmpty() || mined.messageId().isEmpty() ? Mono.empty()
                                : chains.delivered(first.order().originChainId(), mined.messageId().get()).flatMap(delivered -> delivered
                                        ? settledSince(open, done)
                                        : Mono.empty());
                        return (settled.isEmpty() ? Mono.<Void>empty() : book(settled, release)).then(uncovered);
                    }));
        });
    }

    /**
     * The orders of a delivered release whose escrows read open: read again, since the first read may have come before
     * the delivery was mined (a clean-clone run saw one go back to wait, and a second message sent, for a release the
     * first had made). Those the origin now shows released are booked; the rest the release left open.
     */
    private Mono<Void> settledSince(List<CrossRow> open, EscrowStatus done) {
        return Flux.fromIterable(open).concatMap(r -> chains.escrow(r.order()).map(e -> Map.entry(r, e.status()))).collectList()
                .flatMap(again -> {
                    var nowSettled = again.stream().filter(e -> e.getValue() == done).map(Map.Entry::getKey).toList();
                    var stillOpen = again.stream().filter(e -> e.getValue() == EscrowStatus.OPEN).map(Map.Entry::getKey).toList();
                    return (nowSettled.isEmpty() ? Mono.<Void>empty() : book(nowSettled, true))
                            .then(Flux.fromIterable(stillOpen).concatMap(this::uncovered).then());
                });
    }

    /**
     * An order a delivered release left open: filled on the destination, it goes in a new message (the range read
     * did not hold it); no longer filled there (a reorganisation took the fill away), it is filled again.
     */
    private Mono<Void> uncovered(CrossRow r) {
        return chains.fillRecord(r.order()).flatMap(record -> record.filled()
                ? moves.move(r, CrossChange.to(CrossStatus.FILLED, "its message was delivered without releasing it"
                        + " (its range did not hold it): to go in a new message"))
                : moves.refill(r));
    }

    private Mono<Void> book(List<CrossRow> settled, boolean release) {
        CrossRow first = settled.get(0);
        CrossStatus to = release ? CrossStatus.RELEASED : CrossStatus.REFUNDED;
        String detail = release ? "escrow released to the filler on the origin" : "input returned to the user on the origin";
        return SagaMoves.settlementLines(chains, settled, release).flatMap(l -> moves.moveAll(settled, first.status(), CrossChange.to(to, detail).booking(l))).then();
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
