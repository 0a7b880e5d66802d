package io.metaroute.settlement.metalayer.store;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.Domain;
import io.metaroute.settlement.metalayer.domain.MetalayerBody.ReadOperation;
import io.metaroute.settlement.metalayer.domain.ReadAttestation;
import io.metaroute.settlement.metalayer.domain.ReadAttestations;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Readable;
import java.util.Locale;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Read attestations in {@code metalayer_read_attestations}, one row per (message, read, block, validator). */
public final class PostgresReadAttestations implements ReadAttestations {
    private static final String COLUMNS = "message_id, read_domain, target, call_data, block_number, block_hash, result, validator, signature";
    private final Sql sql;

    public PostgresReadAttestations(ConnectionFactory connections) {
        this.sql = new Sql(connections);
    }

    @Override
    public Mono<Void> publish(ReadAttestation a) {
        return sql.update("insert into metalayer_read_attestations (" + COLUMNS + ") values ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
                        + " on conflict do nothing", a.messageId(), a.read().domain().value(), a.read().target().hex(), a.read().callData(),
                a.blockNumber(), a.blockHash(), a.result(), a.validator().hex(), a.signature()).then();
    }

    @Override
    public Flux<ReadAttestation> find(String messageId) {
        return sql.query("select " + COLUMNS + " from metalayer_read_attestations where message_id = $1 order by block_number, validator",
                PostgresReadAttestations::row, messageId.toLowerCase(Locale.ROOT));
    }

    private static ReadAttestation row(Readable r) {
        var read = new ReadOperation(Domain.of(r.get("read_domain", Long.class)), Address.of(r.get("target", String.class)),
                Sql.bytes(r, "call_data"));
        return new ReadAttestation(r.get("message_id", String.class), read, r.get("block_number", Long.class),
                r.get("block_hash", String.class), Sql.bytes(r, "result"), Address.of(r.get("validator", String.class)),
                r.get("signature", String.class));
    }
}
