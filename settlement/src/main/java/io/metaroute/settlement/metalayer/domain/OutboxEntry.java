package io.metaroute.settlement.metalayer.domain;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

/**
 * One message in the relayer's outbox and how far its delivery got. A {@link Status#SUBMITTED}
 * entry carries the transaction that was stored before it was broadcast (hash, nonce, raw bytes,
 * gas price) and, once seen mined, its block; the entry is {@link Status#DELIVERED} only when the
 * destination's {@code Mailbox.delivered} holds at the confirmation depth.
 */
public record OutboxEntry(HyperlaneMessage message, long originBlock, Status status, int attempts, String reason, String txHash,
                          Long txNonce, String rawTx, BigInteger gasPriceWei, Instant submittedAt, Long minedBlock,
                          Instant dispatchedAt, Instant deliveredAt) {
    public enum Status { PENDING, SUBMITTED, DELIVERED, FAILED }

    public OutboxEntry {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(status, "status");
        if (status == Status.SUBMITTED && (txHash == null || rawTx == null || txNonce == null || gasPriceWei == null)) {
            throw new IllegalArgumentException("a submitted entry carries its transaction");
        }
    }

    public String id() {
        return message.id();
    }
}
