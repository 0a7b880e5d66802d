package io.metaroute.pipeline.cross;

import io.metaroute.core.chain.ChainId;
import io.metaroute.core.cross.CrossSettlerAbi.FillRecord;
import io.metaroute.execution.tx.PreparedTransaction;
import io.metaroute.settlement.ledger.CrossLedger;
import java.math.BigInteger;
import java.util.List;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/** How the saga's parts move an order: by compare-and-set, with its ledger lines, heard by the metric hook. */
final class SagaMoves {
    private static final Logger log = LoggerFactory.getLogger(CrossSaga.class);

    /** How long a transaction already counted as stuck is looked for once more before it is replaced. */
    private static final java.time.Duration LAST_LOOK = java.time.Duration.ofSeconds(1);

    private final java.util.Map<String, java.time.Instant> awaitingSince = new java.util.concurrent.ConcurrentHashMap<>();
    private final CrossOrderStore store;
    private final CrossChains chains;
    private final BiConsumer<CrossStatus, CrossStatus> moves;

    SagaMoves(CrossOrderStore store, CrossChains chains, BiConsumer<CrossStatus, CrossStatus> moves) {
        this.store = store;
        this.chains = chains;
        this.moves = moves;
    }

    Mono<Void> move(CrossRow r, CrossChange change) {
        return store.transition(r.id(), r.status(), change).doOnNext(moved -> {
            if (moved) {
                log.info("cross order {}: {} -> {} ({})", r.id(), r.status(), change.status(), change.detail());
                moves.accept(r.status(), change.status());
            }
        }).then();
    }

    /** Moves all of {@code rows} (all in {@code from}) with one change, or none. */
    Mono<Boolean> moveAll(List<CrossRow> rows, CrossStatus from, CrossChange change) {
        return store.transitionAll(rows.stream().map(CrossRow::id).toList(), from, change).doOnNext(moved -> {
            if (moved) {
                rows.forEach(r -> {
                    log.info("cross order {}: {} -> {} ({})", r.id(), from, change.status(), change.detail());
                    moves.accept(from, change.status());
                });
            }
        });
    }

    /** Stores the step's signed transaction with the move, then sends it; nothing is sent unless the move was stored. */
    Mono<Void> storeAndSend(CrossRow r, ChainId chain, PreparedTransaction tx, CrossStatus to, String detail) {
        return store.transition(r.id(), r.status(), CrossChange.to(to, detail).tx(chain.value(), tx.hash(), tx.raw()))
                .doOnNext(stored -> {
                    if (stored) {
                        moves.accept(r.status(), to);
                    }
                })
                .flatMap(stored -> stored ? chains.broadcast(chain, tx).then() : Mono.empty());
    }

    /** Sends the stored bytes again: harmless when the chain has them, essential after a crash before the send. */
    Mono<Void> resend(CrossRow r) {
        if (r.rawTx() == null) {
            return Mono.empty();
        }
        var tx = new PreparedTransaction(r.txHash(), r.rawTx(), BigInteger.ZERO);
        return chains.broadcast(chainOf(r), tx).then().onErrorResume(e -> Mono.empty());
    }

    /**
     * The receipt of {@code rows}' stored transaction (one order's, or one message's for all of them), or, when it
     * is not mined {@code stuckAfter} after it was stored, its replacement stored and sent (a fee bump at its nonce,
     * or the same call at a fresh nonce if its own can no longer be mined) and nothing yet.
     */
    Mono<CrossChains.Mined> awaitOrReplace(List<CrossRow> rows, java.time.Duration stuckAfter, java.time.Clock clock) {
        CrossRow r = rows.get(0);
        // counted from when it was stored, or, after a restart, from when this process first waited for it (the
        // restart re-sent it: a node restarted with the process may have dropped it from its pool)
        java.time.Instant since = r.txHash() == null ? r.updatedAt()
                : awaitingSince.computeIfAbsent(r.txHash(), h -> clock.instant());
        java.time.Duration age = java.time.Duration.between(since.isAfter(r.updatedAt()) ? since : r.updatedAt(), clock.instant());
        if (r.rawTx() == null || age.compareTo(stuckAfter) < 0) {
            // young enough: wait for it, up to when it would count as stuck (the next pass looks again)
            java.time.Duration left = r.rawTx() == null ? java.time.Duration.ofDays(1) : stuckAfter.minus(age);
            return chains.await(chainOf(r), r.txHash()).timeout(left, Mono.empty()).doOnNext(m -> awaitingSince.remove(r.txHash()));
        }
        return chains.await(chainOf(r), r.txHash()).doOnNext(m -> awaitingSince.remove(r.txHash())).timeout(LAST_LOOK, Mono.defer(() -> {
            awaitingSince.remove(r.txHash());
            var stuck = new PreparedTransaction(r.txHash(), r.rawTx(), BigInteger.ZERO);
            return chains.replacement(chainOf(r), stuck)
                    .flatMap(tx -> moveAll(rows, r.status(), CrossChange.to(r.status(), "not mined within " + stuckAfter.toSeconds()
                                    + " s: replaced by " + tx.hash() + " (nonce " + tx.nonce() + ")").tx(r.txChain(), tx.hash(), tx.raw()))
                            .flatMap(stored -> stored ? chains.broadcast(chainOf(r), tx).then() : Mono.empty()))
                    .then(Mono.empty());
        }));
    }

    /**
     * The origin no longer has the order's escrow: a reorganisation took the open away. The order goes back to
     * received, to be opened again with its signature (the settler takes a nonce once, so at most one escrow
     * ever stands), and the ledger takes back the open it booked.
     */
    Mono<Void> reopen(CrossRow r) {
        chains.reorganised(r.order().originChainId());
        return move(r, CrossChange.to(CrossStatus.RECEIVED, "the origin no longer has the escrow (its open was reorganised"
                + " away): to be opened again with the signed order").booking(CrossLedger.reversed(CrossLedger.opened(r.order()))));
    }

    /** The ledger lines of one settlement message that settled {@code settled}: a release's with its fee accounts, or a refund's. */
    static Mono<List<io.metaroute.settlement.ledger.Posting>> settlementLines(CrossChains chains, List<CrossRow> settled,
                                                                              boolean release) {
        if (!release) {
            return Mono.just(CrossLedger.refunded(settled.stream().map(CrossRow::order).toList()));
        }
        var first = settled.get(0).order();
        return chains.feeAccounts(first.originChainId(), first.destinationChainId())
                .map(fees -> CrossLedger.released(settled.stream().map(r -> new CrossLedger.Released(r.order(),
                        r.filler() != null ? r.filler() : chains.repayTo())).toList(), fees));
    }

    static CrossChange opened(CrossRow r) {
        return CrossChange.to(CrossStatus.OPENED, "escrowed on the origin").booking(CrossLedger.opened(r.order()));
    }

    /**
     * The fill record taken into the row, with its ledger lines the first time. An order seen filled before (opened
     * again, or filled again after the destination lost its first fill) books nothing more when the record is the
     * one booked, and otherwise takes the booked fill back and books this one, so the ledger holds the fill the
     * destination shows, to the wei.
     */
    static CrossChange filledBy(CrossChange change, CrossRow r, FillRecord record) {
        CrossChange filled = change.filled(record.amountOut(), record.repayTo());
        List<io.metaroute.settlement.ledger.Posting> now = CrossLedger.filled(r.order(), record.repayTo(), record.amountOut());
        if (r.filledAmount() == null) {
            return filled.booking(now);
        }
        if (r.filledAmount().equals(record.amountOut()) && record.repayTo().equals(r.filler())) {
            return filled;
        }
        var lines = new java.util.ArrayList<>(CrossLedger.reversed(CrossLedger.filled(r.order(),
                r.filler() != null ? r.filler() : record.repayTo(), r.filledAmount())));
        lines.addAll(now);
        return filled.booking(lines);
    }

    /**
     * The destination no longer shows the order's fill (a reorganisation, or a node that came back from an older
     * state, took it away) while its escrow is still open on the origin: it goes back to opened, to be filled again
     * (the settler records one fill per order, so it is never paid twice); the ledger keeps the booked fill until
     * the new one replaces it ({@link #filledBy}).
     */
    Mono<Void> refill(CrossRow r) {
        return move(r, CrossChange.to(CrossStatus.OPENED, "the destination no longer shows its fill (reorganised away):"
                + " to be filled again").reason("fill reorganised away"));
    }

    static ChainId chainOf(CrossRow r) {
        return new ChainId(r.txChain());
    }
}
