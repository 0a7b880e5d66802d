package io.metaroute.settlement.metalayer.store;

import io.metaroute.core.chain.Domain;
import io.metaroute.settlement.metalayer.domain.HyperlaneMessage;
import io.metaroute.settlement.metalayer.domain.OutboxEntry;
import io.metaroute.settlement.metalayer.domain.OutboxEntry.Status;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Readable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The relayer's outbox ({@code metalayer_outbox}) and scan cursors ({@code metalayer_relayer_cursor}).
 * Every change of an entry is one statement, so a relayer stopped at any point finds each entry in
 * a state it can go on from.
 */
public final class PostgresOutbox {
    private static final String COLUMNS = "message_id, message, origin_block, status, attempts, reason, tx_hash, tx_nonce, raw_tx,"
            + " gas_price_wei, submitted_at, mined_block, dispatched_at, delivered_at";
    private final Sql sql;

    public PostgresOutbox(ConnectionFactory connections) {
        this.sql = new Sql(connections);
    }

    /** Adds a dispatched message as pending; true if it was new. */
    public Mono<Boolean> record(HyperlaneMessage m, long originBlock) {
        return sql.update("insert into metalayer_outbox (message_id, origin_domain, destination_domain, message, origin_block, status)"
                        + " values ($1, $2, $3, $4, $5, 'pending') on conflict (message_id) do nothing", m.id(), m.origin().value(),
                m.destination().value(), m.raw(), originBlock).map(n -> n > 0);
    }

    public Mono<Long> cursor(Domain origin) {
        return sql.query("select next_block from metalayer_relayer_cursor where origin_domain = $1", r -> r.get("next_block", Long.class),
                origin.value()).next();
    }

    /** Sets where the scan of {@code origin} goes on from; never moves it back. */
    public Mono<Void> advance(Domain origin, long nextBlock) {
        return sql.update("insert into metalayer_relayer_cursor (origin_domain, next_block) values ($1, $2) on conflict (origin_domain)"
                + " do update set next_block = greatest(metalayer_relayer_cursor.next_block, excluded.next_block)",
                origin.value(), nextBlock).then();
    }

    /** Open entries (pending or submitted) whose next attempt is due, oldest first. */
    public Flux<OutboxEntry> due(Instant now, int limit) {
        return sql.query("select " + COLUMNS + " from metalayer_outbox where status in ('pending', 'submitted') and next_attempt_at <= $1"
                + " order by dispatched_at limit $2", PostgresOutbox::row, now.atOffset(ZoneOffset.UTC), limit);
    }

    public Mono<OutboxEntry> find(String messageId) {
        return sql.query("select " + COLUMNS + " from metalayer_outbox where message_id = $1", PostgresOutbox::row, messageId).next();
    }

    /** The transaction about to be broadcast (or replacing the last one at the same nonce). */
    public Mono<Void> submitted(String id, String txHash, long nonce, String rawTx, BigInteger gasPrice, Instant nextCheck) {
        return sql.update("update metalayer_outbox set status = 'submitted', tx_hash = $2, tx_nonce = $3, raw_tx = $4, gas_price_wei = $5,"
                + " submitted_at = now(), mined_block = null, attempts = attempts + 1, reason = null, next_attempt_at = $6,"
                + " updated_at = now() where message_id = $1", id, txHash, nonce, rawTx, new BigDecimal(gasPrice),
                nextCheck.atOffset(ZoneOffset.UTC)).then();
    }

    /** The submitted transaction was seen mined in {@code block}; delivery is confirmed later, at depth. */
    public Mono<Void> mined(String id, long block, Instant nextCheck) {
        return sql.update("update metalayer_outbox set mined_block = $2, next_attempt_at = $3, updated_at = now() where message_id = $1",
                id, block, nextCheck.atOffset(ZoneOffset.UTC)).then();
    }

    /** Checked again at {@code next} without a change of state (e.g. waiting for depth or for a block). */
    public Mono<Void> later(String id, Instant next, String reason) {
        return sql.update("update metalayer_outbox set next_attempt_at = $2, reason = coalesce($3, reason), updated_at = now()"
                + " where message_id = $1", id, next.atOffset(ZoneOffset.UTC), reason == null ? new Sql.Null(String.class) : reason).then();
    }

    public Mono<Void> delivered(String id) {
        return sql.update("update metalayer_outbox set status = 'delivered', delivered_at = now(), reason = null, updated_at = now()"
                + " where message_id = $1 and status <> 'delivered'", id).then();
    }

    /** Back to pending (prepared anew at {@code next}): the last try failed, or a reorg removed its delivery. */
    public Mono<Void> retry(String id, String reason, Instant next, boolean countAttempt) {
        return sql.update("update metalayer_outbox set status = 'pending', reason = $2, next_attempt_at = $3, tx_hash = null,"
                + " tx_nonce = null, raw_tx = null, gas_price_wei = null, submitted_at = null, mined_block = null,"
                + " attempts = attempts + $4, updated_at = now() where message_id = $1", id, reason, next.atOffset(ZoneOffset.UTC),
                countAttempt ? 1 : 0).then();
    }

    public Mono<Void> failed(String id, String reason) {
        return sql.update("update metalayer_outbox set status = 'failed', reason = $2, updated_at = now() where message_id = $1",
                id, reason).then();
    }

    /** Entries per (origin, destination, status). */
    public record PairCount(Domain origin, Domain destination, Status status, long count) {
    }

    public Flux<PairCount> counts() {
        return sql.query("select origin_domain, destination_domain, status, count(*) as n from metalayer_outbox"
                + " group by origin_domain, destination_domain, status", r -> new PairCount(Domain.of(r.get("origin_domain", Long.class)),
                Domain.of(r.get("destination_domain", Long.class)), Status.valueOf(r.get("status", String.class).toUpperCase()),
                r.get("n", Long.class)));
    }

    private static OutboxEntry row(Readable r) {
        BigDecimal price = r.get("gas_price_wei", BigDecimal.class);
        return new OutboxEntry(HyperlaneMessage.of(Sql.bytes(r, "message")), r.get("origin_block", Long.class),
                Status.valueOf(r.get("status", String.class).toUpperCase()), r.get("attempts", Integer.class), r.get("reason", String.class),
                r.get("tx_hash", String.class), r.get("tx_nonce", Long.class), r.get("raw_tx", String.class),
                price == null ? null : price.toBigIntegerExact(), instant(r, "submitted_at"), r.get("mined_block", Long.class),
                instant(r, "dispatched_at"), instant(r, "delivered_at"));
    }

    private static Instant instant(Readable r, String column) {
        OffsetDateTime t = r.get(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
