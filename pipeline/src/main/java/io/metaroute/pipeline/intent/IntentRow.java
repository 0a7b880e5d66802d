package io.metaroute.api.persistence;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.intent.SwapIntent;
import java.math.BigInteger;
import java.time.Instant;
import java.util.UUID;

/** One row of {@code intents}: the signed intent plus what happened to it. */
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

    static IntentRow from(io.r2dbc.spi.Readable r) {
        var intent = new SwapIntent(
                Address.of(r.get("user_address", String.class)), Address.of(r.get("recipient", String.class)),
                big(r, "nonce"), ChainId.of(r.get("origin_chain_id", Long.class)), ChainId.of(r.get("destination_chain_id", Long.class)),
                Address.of(r.get("token_in", String.class)), big(r, "amount_in"), Address.of(r.get("token_out", String.class)),
                big(r, "min_amount_out"), r.get("deadline", Long.class));
        return new IntentRow(r.get("id", UUID.class), r.get("intent_hash", String.class), intent, r.get("signature", String.class),
                IntentStatus.fromDb(r.get("status", String.class)), r.get("reason", String.class),
                big(r, "quoted_amount_out"), big(r, "realised_amount_out"), r.get("route", String.class),
                r.get("tx_hash", String.class), r.get("raw_tx", String.class),
                r.get("created_at", java.time.OffsetDateTime.class).toInstant(), r.get("updated_at", java.time.OffsetDateTime.class).toInstant());
    }

    private static BigInteger big(io.r2dbc.spi.Readable r, String column) {
        var v = r.get(column, java.math.BigDecimal.class);
        return v == null ? null : v.toBigIntegerExact();
    }
}
