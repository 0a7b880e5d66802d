package io.metaroute.pipeline.cross;

import io.metaroute.core.chain.Address;
import io.metaroute.core.cross.CrossOrder;
import java.math.BigInteger;
import java.time.Instant;
import java.util.UUID;

/**
 * One stored cross-rollup order and what happened to it. {@code txChain}, {@code txHash} and
 * {@code rawTx} are the current step's transaction (the open on the origin, the fill on the
 * destination, or the release or refund dispatch on the destination), stored before it is sent;
 * {@code messageId} the Metalayer message that dispatch carried; {@code filler} who the fill record names.
 */
public record CrossRow(
        UUID id,
        CrossOrder order,
        String signature,
        CrossStatus status,
        String reason,
        Long txChain,
        String txHash,
        String rawTx,
        BigInteger filledAmount,
        String messageId,
        Address filler,
        Instant createdAt,
        Instant updatedAt) {
}
