package io.metaroute.api.persistence;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.pipeline.intent.IntentRow;
import io.metaroute.pipeline.intent.IntentStatus;
import io.metaroute.pipeline.intent.Transition;
import io.metaroute.pipeline.port.IntentStore;
import io.metaroute.core.intent.SwapIntent;
import io.metaroute.settlement.fill.LedgerEntry;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Intents in PostgreSQL over R2DBC. Inserts are idempotent by intent hash and single-use by
 * (chain, user, nonce); status changes are compare-and-set on the current status, so two workers
 * (or a worker and recovery) can never both move an intent forward. The pipeline's
 * {@link IntentStore} adapter, and the intake's and the API's store.
 */
public final class IntentRepository implements IntentStore {
    private static final String INSERT = """
            with ins as (
              insert into intents (id, intent_hash, user_address, recipient, nonce, origin_chain_id, destination_chain_id,
                                   token_in, amount_in, token_out, min_amount_out, deadline, signature, status)
              values (:id, :hash, :user, :recipient, :nonce, :origin, :destination, :tokenIn, :amountIn, :tokenOut,
                      :minOut, :deadline, :signature, 'received')
              on conflict do nothing
              returning id)
            insert into intent_events (intent_id, status, detail)
            select id, 'received', 'signature verified' from ins
            returning intent_id""";

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    public IntentRepository(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    public Mono<InsertOutcome> insert(String intentHash, SwapIntent intent, String signature) {
        UUID id = UUID.randomUUID();
        return db.sql(INSERT)
                .bind("id", id).bind("hash", intentHash).bind("user", intent.user().hex())
                .bind("recipient", intent.recipient().hex()).bind("nonce", dec(intent.nonce()))
                .bind("origin", intent.originChainId().value()).bind("destination", intent.destinationChainId().value())
                .bind("tokenIn", intent.tokenIn().hex()).bind("amountIn", dec(intent.amountIn()))
                .bind("tokenOut", intent.tokenOut().hex()).bind("minOut", dec(intent.minAmountOut()))
                .bind("deadline", intent.deadline()).bind("signature", signature)
                .map(r -> r.get("intent_id", UUID.class))
                .first()
                .<InsertOutcome>map(InsertOutcome.Created::new)
                .doOnNext(created -> IntentStateLog.received(((InsertOutcome.Created) created).id()))
                .switchIfEmpty(Mono.defer(() -> existing(intentHash, intent)));
    }

    private Mono<InsertOutcome> existing(String intentHash, SwapIntent intent) {
        return db.sql("select id, intent_hash from intents where intent_hash = :hash "
                        + "or (origin_chain_id = :origin and user_address = :user and nonce = :nonce and status <> 'rejected') "
                        + "order by (intent_hash = :hash) desc limit 1")
                .bind("hash", intentHash).bind("origin", intent.originChainId().value())
                .bind("user", intent.user().hex()).bind("nonce", dec(intent.nonce()))
                .map(r -> intentHash.equals(r.get("intent_hash", String.class))
                        ? new InsertOutcome.Duplicate(r.get("id", UUID.class))
                        : (InsertOutcome) new InsertOutcome.NonceTaken(r.get("id", UUID.class)))
                .first()
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("insert conflicted but no row matches " + intentHash)));
    }

    /** The id of the intent stored under this EIP-712 digest, if any. */
    public Mono<UUID> idByHash(String intentHash) {
        return db.sql("select id from intents where intent_hash = :hash").bind("hash", intentHash)
                .map(r -> r.get("id", UUID.class)).first();
    }

    @Override
    public Mono<IntentRow> find(UUID id) {
        return db.sql("select * from intents where id = :id").bind("id", id).map(IntentRepository::row).first();
    }

    public Flux<IntentEvent> history(UUID id) {
        return db.sql("select status, detail, at from intent_events where intent_id = :id order by id")
                .bind("id", id)
                .map(r -> new IntentEvent(IntentStatus.fromDb(r.get("status", String.class)), r.get("detail", String.class),
                        r.get("at", java.time.OffsetDateTime.class).toInstant()))
                .all();
    }

    /** Intents a crash may have interrupted, oldest first. */
    @Override
    public Flux<UUID> unfinished() {
        return db.sql("select id from intents where status in ('received','routed','submitted') order by created_at")
                .map(r -> r.get("id", UUID.class)).all();
    }

    /** Moves {@code id} from {@code from} to {@code change.status()}; false if it was not in {@code from}. */
    @Override
    public Mono<Boolean> transition(UUID id, IntentStatus from, Transition change) {
        return update(id, from, change).doOnNext(moved -> logMove(moved, id, from, change));
    }

    private static void logMove(boolean moved, UUID id, IntentStatus from, Transition change) {
        if (moved) {
            IntentStateLog.moved(id, from, change);
        }
    }

    /** The compare-and-set itself, not logged: callers log once the change is committed. */
    private Mono<Boolean> update(UUID id, IntentStatus from, Transition change) {
        String sql = """
                with upd as (
                  update intents set status = :to, reason = coalesce(:reason, reason),
                         quoted_amount_out = coalesce(:quoted, quoted_amount_out),
                         realised_amount_out = coalesce(:realised, realised_amount_out),
                         route = coalesce(:route, route), tx_hash = coalesce(:txHash, tx_hash),
                         raw_tx = coalesce(:rawTx, raw_tx), updated_at = now()
                  where id = :id and status = :from
                  returning id)
                insert into intent_events (intent_id, status, detail) select id, :to, :detail from upd
                returning intent_id""";
        var spec = db.sql(sql).bind("id", id).bind("from", from.db()).bind("to", change.status().db());
        spec = bindNullable(spec, "reason", change.reason(), String.class);
        spec = bindNullable(spec, "quoted", change.quotedAmountOut() == null ? null : dec(change.quotedAmountOut()), BigDecimal.class);
        spec = bindNullable(spec, "realised", change.realisedAmountOut() == null ? null : dec(change.realisedAmountOut()), BigDecimal.class);
        spec = bindNullable(spec, "route", change.routeJson(), String.class);
        spec = bindNullable(spec, "txHash", change.txHash(), String.class);
        spec = bindNullable(spec, "rawTx", change.rawTx(), String.class);
        spec = bindNullable(spec, "detail", change.detail(), String.class);
        return spec.map(r -> r.get("intent_id", UUID.class)).all().hasElements();
    }

    /**
     * Moves every one of {@code ids} from {@code from} with the same change, in one transaction: all
     * of them, or (false) none when any was not in {@code from}. A transaction settling several
     * intents is stored this way, so that no member can be sent without the others.
     */
    @Override
    public Mono<Boolean> transitionAll(List<UUID> ids, IntentStatus from, Transition change) {
        return Flux.fromIterable(ids)
                .concatMap(id -> update(id, from, change))
                .all(Boolean::booleanValue)
                .flatMap(all -> all ? Mono.just(true) : Mono.<Boolean>error(new NotAllMoved()))
                .as(tx::transactional)
                .onErrorResume(NotAllMoved.class, e -> Mono.just(false))
                .doOnNext(moved -> ids.forEach(id -> logMove(moved, id, from, change)));
    }

    /** Rolls back a {@link #transitionAll} that could not move every intent. */
    private static final class NotAllMoved extends RuntimeException {
        NotAllMoved() {
            super(null, null, false, false);
        }
    }

    /** Marks a submitted intent filled and books its ledger lines, in one transaction: both or neither. */
    @Override
    public Mono<Boolean> completeFill(UUID id, Transition filled, List<LedgerEntry> entries) {
        return update(id, IntentStatus.SUBMITTED, filled)
                .flatMap(moved -> moved ? recordLedger(id, entries).thenReturn(true) : Mono.just(false))
                .as(tx::transactional)
                .doOnNext(moved -> logMove(moved, id, IntentStatus.SUBMITTED, filled));
    }

    private Mono<Void> recordLedger(UUID intentId, List<LedgerEntry> entries) {
        return Flux.fromIterable(entries)
                .concatMap(e -> db.sql("insert into ledger_entries (intent_id, chain_id, token, account, delta, tx_hash) "
                                + "values (:intent, :chain, :token, :account, :delta, :tx)")
                        .bind("intent", intentId).bind("chain", e.chain().value()).bind("token", e.token().hex())
                        .bind("account", e.account()).bind("delta", new BigDecimal(e.delta())).bind("tx", e.txHash())
                        .fetch().rowsUpdated())
                .then();
    }


    private static <T> DatabaseClient.GenericExecuteSpec bindNullable(DatabaseClient.GenericExecuteSpec spec, String name, T value, Class<T> type) {
        return value == null ? spec.bindNull(name, type) : spec.bind(name, value);
    }

    private static IntentRow row(io.r2dbc.spi.Readable r) {
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
        var v = r.get(column, BigDecimal.class);
        return v == null ? null : v.toBigIntegerExact();
    }

    private static BigDecimal dec(BigInteger v) {
        return new BigDecimal(v);
    }
}
