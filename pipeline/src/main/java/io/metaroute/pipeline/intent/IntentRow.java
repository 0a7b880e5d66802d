package io.metaroute.pipeline.intent;

import io.metaroute.core.intent.SwapIntent;
import java.math.BigInteger;
import java.time.Instant;
import java.util.UUID;

/** One stored intent: the signed intent plus what happened to it. */
public record IntentRow(
        UUID id,
        String intentHash,
        SwapIntent intent,
        String signature,
        IntentStatus status,
        String reason,
        BigInteger quotedAmountOut,
        BigInteger realisedAmountOut,
        String routeJson,
        String txHash,
        String rawTx,
        Instant createdAt,
        Instant updatedAt) {
}
