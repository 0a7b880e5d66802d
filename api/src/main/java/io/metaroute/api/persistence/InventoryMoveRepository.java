package io.metaroute.api.persistence;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.execution.tx.PreparedTransaction;
import io.metaroute.pipeline.inventory.InventoryMove;
import io.metaroute.pipeline.inventory.InventoryMoveStore;
import io.metaroute.pipeline.inventory.InventoryNetting;
import io.metaroute.pipeline.inventory.MoveStatus;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Inventory moves in PostgreSQL over R2DBC: planned under the one-unfinished-move-per-symbol index, moved by
 * compare-and-set on the stored status; and the released cross orders' flows that the netting report reads.
 */
public final class InventoryMoveRepository implements InventoryMoveStore {
    private final DatabaseClient db;

    public InventoryMoveRepository(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Mono<Boolean> plan(InventoryMove m) {
        return db.sql("""
                        insert into inventory_moves (id, symbol, from_chain_id, to_chain_id, token_from, token_to, router, amount,
                                                     status, created_at)
                        values (:id, :symbol, :from, :to, :tokenFrom, :tokenTo, :router, :amount, 'planned', :at)
                        on conflict do nothing""")
                .bind("id", m.id()).bind("symbol", m.symbol()).bind("from", m.from().value()).bind("to", m.to().value())
                .bind("tokenFrom", m.tokenFrom().hex()).bind("tokenTo", m.tokenTo().hex()).bind("router", m.router().hex())
                .bind("amount", new BigDecimal(m.amount())).bind("at", OffsetDateTime.ofInstant(m.createdAt(), ZoneOffset.UTC))
                .fetch().rowsUpdated().map(n -> n == 1);
    }

    @Override
    public Flux<InventoryMove> unfinished() {
        return db.sql("select * from inventory_moves where status in ('planned','signed','dispatched') order by created_at")
                .map(InventoryMoveRepository::row).all();
    }

    @Override
    public Mono<Boolean> update(InventoryMove next, MoveStatus from) {
        return write(next, "where id = :id and status = :from", spec -> spec.bind("from", from.db()));
    }

    @Override
    public Mono<Boolean> replace(InventoryMove next, String previousHash) {
        return write(next, "where id = :id and status = 'signed' and tx_hash = :previous", spec -> spec.bind("previous", previousHash));
    }

    private Mono<Boolean> write(InventoryMove next, String where,
                                java.util.function.UnaryOperator<DatabaseClient.GenericExecuteSpec> condition) {
        var spec = condition.apply(db.sql("""
                        update inventory_moves set status = :to, tx_hash = :txHash, raw_tx = :rawTx, tx_nonce = :nonce,
                               replaced_raw = :replaced, message_id = :messageId, reason = :reason, updated_at = now()
                        """ + where)
                .bind("id", next.id()).bind("to", next.status().db())
                .bind("replaced", next.replaced().stream().map(PreparedTransaction::raw).toArray(String[]::new)));
        PreparedTransaction tx = next.tx();
        spec = tx == null ? spec.bindNull("txHash", String.class).bindNull("rawTx", String.class).bindNull("nonce", BigDecimal.class)
                : spec.bind("txHash", tx.hash()).bind("rawTx", tx.raw()).bind("nonce", new BigDecimal(tx.nonce()));
        spec = next.messageId() == null ? spec.bindNull("messageId", String.class) : spec.bind("messageId", next.messageId());
        spec = next.reason() == null ? spec.bindNull("reason", String.class) : spec.bind("reason", next.reason());
        return spec.fetch().rowsUpdated().map(n -> n == 1);
    }

    @Override
    public Flux<InventoryMove> recent(int limit) {
        return db.sql("select * from inventory_moves order by created_at desc limit :limit").bind("limit", limit)
                .map(InventoryMoveRepository::row).all();
    }

    /**
     * The released cross orders per route and input token: how many, and what they carried (input less the protocol
     * fee, floored as the settler takes it).
     */
    public Flux<InventoryNetting.Flow> releasedFlows() {
        return db.sql("""
                        select origin_chain_id, destination_chain_id, token_in, count(*) as orders,
                               sum(amount_in - trunc(amount_in * fee_bps / 10000)) as carried
                        from cross_orders where status = 'released'
                        group by origin_chain_id, destination_chain_id, token_in""")
                .map(r -> new InventoryNetting.Flow(ChainId.of(r.get("origin_chain_id", Long.class)),
                        ChainId.of(r.get("destination_chain_id", Long.class)), Address.of(r.get("token_in", String.class)),
                        r.get("carried", BigDecimal.class).toBigIntegerExact(), r.get("orders", Long.class)))
                .all();
    }

    private static InventoryMove row(io.r2dbc.spi.Readable r) {
        String hash = r.get("tx_hash", String.class);
        BigDecimal nonce = r.get("tx_nonce", BigDecimal.class);
        PreparedTransaction tx = hash == null ? null
                : new PreparedTransaction(hash, r.get("raw_tx", String.class), nonce == null ? null : nonce.toBigIntegerExact());
        return new InventoryMove(r.get("id", UUID.class), r.get("symbol", String.class), ChainId.of(r.get("from_chain_id", Long.class)),
                ChainId.of(r.get("to_chain_id", Long.class)), Address.of(r.get("token_from", String.class)),
                Address.of(r.get("token_to", String.class)), Address.of(r.get("router", String.class)),
                r.get("amount", BigDecimal.class).toBigIntegerExact(), MoveStatus.fromDb(r.get("status", String.class)), tx,
                versions(r.get("replaced_raw", String[].class)), r.get("message_id", String.class), r.get("reason", String.class), r.get("created_at", OffsetDateTime.class).toInstant());
    }

    /** Signed raw transactions as the transactions they are (hash and nonce read from the bytes). */
    private static java.util.List<PreparedTransaction> versions(String[] raws) {
        if (raws == null) {
            return java.util.List.of();
        }
        return java.util.Arrays.stream(raws).map(raw -> new PreparedTransaction(org.web3j.crypto.Hash.sha3(raw), raw,
                org.web3j.crypto.TransactionDecoder.decode(raw).getNonce())).toList();
    }

    /** Counts of moves by status, for the report. */
    public Mono<java.util.Map<String, Long>> counts() {
        return db.sql("select status, count(*) as n from inventory_moves group by status")
                .map(r -> java.util.Map.entry(r.get("status", String.class), r.get("n", Long.class))).all()
                .collectMap(java.util.Map.Entry::getKey, java.util.Map.Entry::getValue);
    }

    /** Total delivered per symbol (base units). */
    public Mono<java.util.Map<String, BigInteger>> deliveredBySymbol() {
        return db.sql("select symbol, sum(amount) as total from inventory_moves where status = 'delivered' group by symbol")
                .map(r -> java.util.Map.entry(r.get("symbol", String.class), r.get("total", BigDecimal.class).toBigIntegerExact())).all()
                .collectMap(java.util.Map.Entry::getKey, java.util.Map.Entry::getValue);
    }
}
