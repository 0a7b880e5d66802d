package io.metaroute.api.persistence;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.cross.CrossOrder;
import io.metaroute.core.network.FinalityState;
import io.metaroute.pipeline.cross.CrossChange;
import io.metaroute.pipeline.cross.CrossLedgerStore;
import io.metaroute.settlement.ledger.Posting;
import io.metaroute.settlement.ledger.Posting.Holding;
import io.metaroute.pipeline.cross.CrossOrderStore;
import io.metaroute.pipeline.cross.CrossRow;
import io.metaroute.pipeline.cross.CrossStatus;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Cross-rollup orders in PostgreSQL over R2DBC: inserted once per order id and single-use per
 * (origin chain, user, nonce), moved by compare-and-set on the stored status, each move written
 * with its event (status, rollup, transaction) in the same statement. The cross saga's
 * {@link CrossOrderStore}.
 */
public final class CrossOrderRepository implements CrossOrderStore, CrossLedgerStore {
    private static final String INSERT = """
            with ins as (
              insert into cross_orders (id, order_id, origin_settler, user_address, nonce, origin_chain_id, open_deadline,
                                        fill_deadline, token_in, amount_in, destination_chain_id, token_out, min_amount_out,
                                        recipient, finality, fee_bps, signature, status)
              values (:id, :orderId, :settler, :user, :nonce, :origin, :openDeadline, :fillDeadline, :tokenIn, :amountIn,
                      :destination, :tokenOut, :minOut, :recipient, :finality, :feeBps, :signature, 'received')
              on conflict do nothing
              returning id)
            insert into cross_order_events (order_row, status, detail, chain_id)
            select id, 'received', 'signature verified', :origin from ins
            returning order_row""";

    /** One step of an order's history. */
    public record Event(CrossStatus status, String detail, Long chainId, String txHash, Instant at) {
    }

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final TransactionalOperator oneMoment;

    /** {@code oneMoment}: a read-only, repeatable-read transaction, for the ledger's snapshot. */
    public CrossOrderRepository(DatabaseClient db, TransactionalOperator tx, TransactionalOperator oneMoment) {
        this.db = db;
        this.tx = tx;
        this.oneMoment = oneMoment;
    }

    public Mono<InsertOutcome> insert(CrossOrder o, String signature) {
        UUID id = UUID.randomUUID();
        return db.sql(INSERT).bind("id", id).bind("orderId", o.orderIdHex()).bind("settler", o.originSettler().hex())
                .bind("user", o.user().hex()).bind("nonce", dec(o.nonce())).bind("origin", o.originChainId().value())
                .bind("openDeadline", o.openDeadline()).bind("fillDeadline", o.fillDeadline()).bind("tokenIn", o.tokenIn().hex())
                .bind("amountIn", dec(o.amountIn())).bind("destination", o.destinationChainId().value())
                .bind("tokenOut", o.tokenOut().hex()).bind("minOut", dec(o.minAmountOut())).bind("recipient", o.recipient().hex())
                .bind("finality", (short) o.finality().code()).bind("feeBps", o.feeBps()).bind("signature", signature)
                .map(r -> r.get("order_row", UUID.class)).first()
                .<InsertOutcome>map(InsertOutcome.Created::new)
                .switchIfEmpty(Mono.defer(() -> db.sql("select id, order_id from cross_orders where order_id = :orderId "
                                + "or (origin_chain_id = :origin and user_address = :user and nonce = :nonce) "
                                + "order by (order_id = :orderId) desc limit 1")
                        .bind("orderId", o.orderIdHex()).bind("origin", o.originChainId().value()).bind("user", o.user().hex())
                        .bind("nonce", dec(o.nonce()))
                        .map(r -> o.orderIdHex().equals(r.get("order_id", String.class))
                                ? new InsertOutcome.Duplicate(r.get("id", UUID.class))
                                : (InsertOutcome) new InsertOutcome.NonceTaken(r.get("id", UUID.class)))
                        .first()));
    }

    @Override
    public Mono<CrossRow> find(UUID id) {
        return db.sql("select * from cross_orders where id = :id").bind("id", id).map(CrossOrderRepository::row).first();
    }

    @Override
    public Flux<CrossRow> unfinished() {
        return db.sql("select * from cross_orders where status not in ('released','refunded','rejected') order by created_at")
                .map(CrossOrderRepository::row).all();
    }

    public Flux<Event> history(UUID id) {
        return db.sql("select status, detail, chain_id, tx_hash, at from cross_order_events where order_row = :id order by id")
                .bind("id", id)
                .map(r -> new Event(CrossStatus.fromDb(r.get("status", String.class)), r.get("detail", String.class),
                        r.get("chain_id", Long.class), r.get("tx_hash", String.class),
                        r.get("at", OffsetDateTime.class).toInstant()))
                .all();
    }

    /** The move and its ledger lines, in one transaction: both or neither. */
    @Override
    public Mono<Boolean> transition(UUID id, CrossStatus from, CrossChange change) {
        if (change.postings().isEmpty()) {
            return update(id, from, change);
        }
        return update(id, from, change)
                .flatMap(moved -> moved ? book(id, change).thenReturn(true) : Mono.just(false))
                .as(tx::transactional);
    }

    /** All moves and the message's ledger lines (booked once, for the message), or nothing. */
    @Override
    public Mono<Boolean> transitionAll(List<UUID> ids, CrossStatus from, CrossChange change) {
        return Flux.fromIterable(ids).concatMap(id -> update(id, from, change))
                .all(Boolean::booleanValue)
                .flatMap(all -> all ? book(ids.size() == 1 ? ids.get(0) : null, change).thenReturn(true)
                        : Mono.<Boolean>error(new NotAllMoved()))
                .as(tx::transactional)
                .onErrorResume(NotAllMoved.class, e -> Mono.just(false));
    }

    private Mono<Void> book(UUID orderRow, CrossChange change) {
        return book(UUID.randomUUID(), orderRow, change.status().db(), change.postings());
    }

    private Mono<Void> book(UUID booking, UUID orderRow, String status, List<Posting> postings) {
        return Flux.fromIterable(postings).concatMap(p -> {
            var spec = db.sql("insert into cross_ledger (booking, order_row, status, chain_id, token, account, role, delta) "
                            + "values (:booking, :row, :status, :chain, :token, :account, :role, :delta)")
                    .bind("booking", booking).bind("status", status).bind("chain", p.chain().value())
                    .bind("token", p.token().hex()).bind("account", p.account().hex()).bind("role", p.role().db())
                    .bind("delta", dec(p.delta()));
            return nullable(spec, "row", orderRow, UUID.class).fetch().rowsUpdated();
        }).then();
    }

    /** Every ledger line in booking order: for tests and audits. */
    public Flux<Posting> postings() {
        return db.sql("select chain_id, token, account, role, delta from cross_ledger order by id")
                .map(r -> new Posting(ChainId.of(r.get("chain_id", Long.class)), Address.of(r.get("token", String.class)),
                        Address.of(r.get("account", String.class)), Posting.Role.fromDb(r.get("role", String.class)),
                        big(r, "delta")))
                .all();
    }

    @Override
    public Mono<Snapshot> snapshot() {
        Mono<java.util.Map<Holding, BigInteger>> balances = db.sql(
                        "select chain_id, token, account, sum(delta) as balance from cross_ledger group by chain_id, token, account")
                .map(r -> java.util.Map.entry(new Holding(ChainId.of(r.get("chain_id", Long.class)),
                        Address.of(r.get("token", String.class)), Address.of(r.get("account", String.class))), big(r, "balance")))
                .all().collectMap(java.util.Map.Entry::getKey, java.util.Map.Entry::getValue);
        Mono<List<CrossRow>> inFlight = db.sql("select * from cross_orders where status in ('received','opening','releasing','refunding')")
                .map(CrossOrderRepository::row).all().collectList();
        Mono<Boolean> opened = db.sql("select exists (select 1 from cross_ledger_opening) as opened")
                .map(r -> r.get("opened", Boolean.class)).one();
        return Mono.zip(balances, inFlight, opened).map(t -> new Snapshot(t.getT1(), t.getT2(), t.getT3()))
                .as(oneMoment::transactional);
    }

    @Override
    public Mono<Boolean> open(List<Posting> lines, java.util.Map<io.metaroute.core.chain.ChainId, Long> blocks) {
        UUID booking = UUID.randomUUID();
        String at = new java.util.TreeMap<>(blocks.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                e -> e.getKey().value(), java.util.Map.Entry::getValue))).toString();
        return db.sql("insert into cross_ledger_opening (id, booking, blocks) values (1, :booking, :blocks) on conflict (id) do nothing")
                .bind("booking", booking).bind("blocks", at).fetch().rowsUpdated()
                .flatMap(n -> n == 0 ? Mono.just(false) : book(booking, null, "opening", lines).thenReturn(true))
                .as(tx::transactional);
    }

    /** Rolls back a {@link #transitionAll} that could not move every order. */
    private static final class NotAllMoved extends RuntimeException {
        NotAllMoved() {
            super(null, null, false, false);
        }
    }

    private Mono<Boolean> update(UUID id, CrossStatus from, CrossChange change) {
        String sql = """
                with upd as (
                  update cross_orders set status = :to, reason = coalesce(:reason, reason),
                         tx_chain_id = coalesce(:txChain, tx_chain_id), tx_hash = coalesce(:txHash, tx_hash),
                         raw_tx = coalesce(:rawTx, raw_tx), filled_amount = coalesce(:filled, filled_amount),
                         message_id = coalesce(:messageId, message_id), filler = coalesce(:filler, filler),
                         updated_at = now()
                  where id = :id and status = :from
                  returning id)
                insert into cross_order_events (order_row, status, detail, chain_id, tx_hash)
                select id, :to, :detail, :txChain, :txHash from upd
                returning order_row""";
        var spec = db.sql(sql).bind("id", id).bind("from", from.db()).bind("to", change.status().db());
        spec = nullable(spec, "reason", change.reason(), String.class);
        spec = nullable(spec, "txChain", change.txChain(), Long.class);
        spec = nullable(spec, "txHash", change.txHash(), String.class);
        spec = nullable(spec, "rawTx", change.rawTx(), String.class);
        spec = nullable(spec, "filled", change.filledAmount() == null ? null : dec(change.filledAmount()), BigDecimal.class);
        spec = nullable(spec, "messageId", change.messageId(), String.class);
        spec = nullable(spec, "filler", change.filler() == null ? null : change.filler().hex(), String.class);
        spec = nullable(spec, "detail", change.detail(), String.class);
        return spec.map(r -> r.get("order_row", UUID.class)).all().hasElements();
    }

    private static <T> DatabaseClient.GenericExecuteSpec nullable(DatabaseClient.GenericExecuteSpec spec, String name, T value,
                                                                  Class<T> type) {
        return value == null ? spec.bindNull(name, type) : spec.bind(name, value);
    }

    private static CrossRow row(io.r2dbc.spi.Readable r) {
        var order = new CrossOrder(Address.of(r.get("origin_settler", String.class)), Address.of(r.get("user_address", String.class)),
                big(r, "nonce"), ChainId.of(r.get("origin_chain_id", Long.class)), r.get("open_deadline", Long.class),
                r.get("fill_deadline", Long.class), Address.of(r.get("token_in", String.class)), big(r, "amount_in"),
                ChainId.of(r.get("destination_chain_id", Long.class)), Address.of(r.get("token_out", String.class)),
                big(r, "min_amount_out"), Address.of(r.get("recipient", String.class)),
                FinalityState.ofCode(r.get("finality", Short.class)), r.get("fee_bps", Integer.class));
        return new CrossRow(r.get("id", UUID.class), order, r.get("signature", String.class),
                CrossStatus.fromDb(r.get("status", String.class)), r.get("reason", String.class), r.get("tx_chain_id", Long.class),
                r.get("tx_hash", String.class), r.get("raw_tx", String.class), big(r, "filled_amount"),
                r.get("message_id", String.class),
                r.get("filler", String.class) == null ? null : Address.of(r.get("filler", String.class)), r.get("created_at", OffsetDateTime.class).toInstant(),
                r.get("updated_at", OffsetDateTime.class).toInstant());
    }

    private static BigInteger big(io.r2dbc.spi.Readable r, String column) {
        var v = r.get(column, BigDecimal.class);
        return v == null ? null : v.toBigIntegerExact();
    }

    private static BigDecimal dec(BigInteger v) {
        return new BigDecimal(v);
    }
}
