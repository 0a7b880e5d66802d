package io.metaroute.pipeline.single;

import io.metaroute.execution.tx.PreparedTransaction;
import io.metaroute.execution.tx.RpcException;
import io.metaroute.execution.tx.RpcFailure;
import io.metaroute.pipeline.intent.IntentRow;
import io.metaroute.pipeline.intent.IntentStatus;
import io.metaroute.pipeline.intent.Transition;
import io.metaroute.pipeline.port.FillChain;
import io.metaroute.pipeline.port.IntentStore;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * What {@link IntentProcessor} does when a fill transaction is refused by the node or never mined:
 * re-sign it where that is safe (the new bytes stored before they are sent), or decide the intent
 * once nothing can fill it any more.
 */
final class SendRefusals {
    private static final Logger log = LoggerFactory.getLogger(SendRefusals.class);

    private final IntentStore repository;
    private final Clock clock;

    SendRefusals(IntentStore repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /**
     * A send the node refused, by what the refusal means (the chain client already followed
     * "already known" and our own mined transaction, and retried transient failures). A single
     * fill that is underpriced is re-signed with a fee bump; one whose nonce another transaction
     * took is re-signed with a fresh nonce, unless the settler shows the intent's nonce used (then
     * some other transaction settled it, and the step fails for inspection rather than fill twice).
     * The new bytes are stored before they are sent, as the first ones were. Every other refusal
     * (fatal, transient after its retries, or a settlement of several intents, whose members share
     * one stored transaction) fails the step, which the pipeline retries and, past the deadline,
     * decides through {@link #neverMined}.
     */
    Mono<String> resigned(IntentRow row, FillChain executor, PreparedTransaction tx, RpcException refusal) {
        boolean single = executor.fillsOneIntent(tx);
        Mono<PreparedTransaction> next;
        if (single && refusal.failure() == RpcFailure.UNDERPRICED) {
            next = executor.withBumpedFee(tx);
        } else if (single && refusal.failure() == RpcFailure.NONCE_TOO_LOW) {
            next = executor.nonceUsed(row.intent()).flatMap(used -> used
                    ? Mono.<PreparedTransaction>error(new IllegalStateException("the settler shows intent nonce used, but not by "
                            + tx.hash() + ": settled by another transaction", refusal))
                    : executor.withFreshNonce(tx));
        } else {
            next = Mono.error(refusal);
        }
        return next.flatMap(replacement -> {
            log.info("intent {}: {} refused ({}), re-signed as {}", row.id(), tx.hash(), refusal.failure(), replacement.hash());
            return repository.transition(row.id(), IntentStatus.SUBMITTED, Transition.to(IntentStatus.SUBMITTED,
                            "fill transaction re-signed (" + refusal.failure().name().toLowerCase() + ")")
                            .tx(replacement.hash(), replacement.raw()))
                    .flatMap(stored -> stored ? executor.broadcast(replacement) : Mono.empty());
        });
    }

    /**
     * No receipt came. Once the deadline has passed and the settler has not used the intent's
     * nonce, no fill can ever happen (the settler refuses expired intents): the intent failed.
     * Before that, the error stands and the step is retried.
     */
    Mono<Void> neverMined(IntentRow row, FillChain executor, String txHash, RpcException cause) {
        if (!expired(row)) {
            return Mono.error(cause);
        }
        return executor.nonceUsed(row.intent()).flatMap(used -> used
                ? Mono.error(new IllegalStateException("nonce used on chain but no receipt for " + txHash, cause))
                : move(row, IntentStatus.SUBMITTED, Transition.to(IntentStatus.FAILED,
                        "transaction " + txHash + " was not mined before the deadline; nothing was paid or taken")
                        .reason("not_mined")));
    }

    private Mono<Void> move(IntentRow row, IntentStatus from, Transition change) {
        return repository.transition(row.id(), from, change).then();
    }

    private boolean expired(IntentRow row) {
        return row.intent().deadline() <= clock.instant().getEpochSecond();
    }
}
