package io.metaroute.api.intents;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaroute.api.persistence.IntentEvent;
import io.metaroute.pipeline.intent.IntentRow;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

/** {@code GET /v1/intents/{id}}: the signed terms, where the intent is, and what the chain did. */
public record IntentView(String id, String status, String reason, String intentHash, String user, String recipient,
                         String nonce, long originChainId, long destinationChainId, String tokenIn, String amountIn,
                         String tokenOut, String minAmountOut, long deadline, String quotedAmountOut,
                         String realisedAmountOut, String txHash, JsonNode route, Instant createdAt, Instant updatedAt,
                         List<Step> history) {

    public record Step(String status, String detail, Instant at) {
    }

    static IntentView of(IntentRow r, JsonNode route, List<IntentEvent> events) {
        var i = r.intent();
        return new IntentView(r.id().toString(), r.status().db(), r.reason(), r.intentHash(), i.user().checksummed(),
                i.recipient().checksummed(), i.nonce().toString(), i.originChainId().value(), i.destinationChainId().value(),
                i.tokenIn().checksummed(), i.amountIn().toString(), i.tokenOut().checksummed(), i.minAmountOut().toString(),
                i.deadline(), str(r.quotedAmountOut()), str(r.realisedAmountOut()), r.txHash(), route, r.createdAt(),
                r.updatedAt(), events.stream().map(e -> new Step(e.status().db(), e.detail(), e.at())).toList());
    }

    private static String str(BigInteger v) {
        return v == null ? null : v.toString();
    }
}
