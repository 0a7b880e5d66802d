package io.metaroute.pipeline.cross;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.cross.CrossOrder;
import io.metaroute.core.cross.CrossSettlerAbi;
import io.metaroute.core.route.RouteReplay;
import io.metaroute.execution.tx.ChainClient.BlockRef;
import io.metaroute.execution.tx.PreparedTransaction;
import io.metaroute.settlement.ledger.CrossLedger;
import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * What the cross-rollup saga needs of the rollups: the cross settlers' calls in steps it can
 * persist between (simulate, prepare signed and unsent, broadcast, await), the settlers' state, and
 * the heads. A settler's refusal is a {@code FillRejected} carrying the contract's error name; a
 * node that did not answer is an {@code RpcException}, never a verdict on the order.
 */
public interface CrossChains {
    /** The destination side of a fill: {@code amountSpent} of {@code tokenSpent} out of inventory, through {@code steps}. */
    record Fill(Address tokenSpent, BigInteger amountSpent, List<RouteReplay.Step> steps, BigInteger expectedOut) {
        public Fill {
            Objects.requireNonNull(tokenSpent, "tokenSpent");
            steps = List.copyOf(steps);
        }
    }

    /** A mined transaction: whether it succeeded, its block, why it reverted, the Metalayer message it dispatched. */
    record Mined(boolean ok, long block, String reason, Optional<String> messageId) {
    }

    Mono<Void> simulateOpen(CrossOrder order, byte[] signature);

    Mono<PreparedTransaction> prepareOpen(CrossOrder order, byte[] signature);

    /** The output the recipient would receive now; {@code FillRejected} when the destination settler refuses. */
    Mono<BigInteger> simulateFill(CrossOrder order, Fill fill);

    Mono<PreparedTransaction> prepareFill(CrossOrder order, Fill fill);

    /**
     * The release or refund message of {@code orders} (all from {@code origin}, all to {@code destination}),
     * dispatched on the destination to the origin's settler with one read of the destination's fill records,
     * paying the Metalayer fee; signed, not sent.
     */
    Mono<PreparedTransaction> prepareSettle(ChainId destination, ChainId origin, CrossSettlerAbi.Kind kind, List<CrossOrder> orders);

    Mono<String> broadcast(ChainId chain, PreparedTransaction tx);

    Mono<Mined> await(ChainId chain, String txHash);

    Mono<CrossSettlerAbi.Escrow> escrow(CrossOrder order);

    Mono<CrossSettlerAbi.FillRecord> fillRecord(CrossOrder order);

    /** Whether the Metalayer message {@code messageId} was delivered on {@code chain} (its Mailbox processed it). */
    Mono<Boolean> delivered(ChainId chain, String messageId);

    Mono<BlockRef> head(ChainId chain);

    Mono<BlockRef> finalized(ChainId chain);

    /** Where a release message of orders from {@code origin} to {@code destination} pays its fees, on the origin. */
    Mono<CrossLedger.FeeAccounts> feeAccounts(ChainId origin, ChainId destination);

    /** The escrow of {@code order} on its origin at block {@code block}. */
    Mono<CrossSettlerAbi.Escrow> escrowAt(CrossOrder order, long block);

    /** ERC-20 {@code balanceOf(holder)} of {@code token} on {@code chain} at block {@code block}. */
    Mono<BigInteger> balanceAt(ChainId chain, Address token, Address holder, long block);

    /**
     * What replaces {@code stuck}, sent on {@code chain} and not mined: a fee bump at its nonce, or the same call
     * at a fresh nonce when its own can no longer be mined. Signed, not sent.
     */
    Mono<PreparedTransaction> replacement(ChainId chain, PreparedTransaction stuck);

    /** The origin block where {@code order} was escrowed (its {@code Escrowed} event), looked for from {@code fromBlock}; empty if none. */
    Mono<Long> openBlock(CrossOrder order, long fromBlock);

    /** {@code chain} was seen reorganised: what is cached of its state for sending (the next nonce) is read again. */
    void reorganised(ChainId chain);

    /** Where the solver is repaid on every origin. */
    Address repayTo();
}
