package io.metaroute.settlement.metalayer.store;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.Domain;
import io.metaroute.settlement.metalayer.domain.SignedSnapshot;
import io.metaroute.settlement.metalayer.domain.StateSnapshot;
import io.metaroute.settlement.metalayer.domain.StateSnapshots;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The latest snapshot per (rollup, validator) in {@code metalayer_state_snapshots}: an older block never replaces a newer one. */
public final class PostgresStateSnapshots implements StateSnapshots {
    private static final String COLUMNS = "domain, validator, block_number, block_hash, state_root, signature, signed_at";
    private final Sql sql;

    public PostgresStateSnapshots(ConnectionFactory connections) {
        this.sql = new Sql(connections);
    }

    @Override
    public Mono<Void> publish(SignedSnapshot s) {
        StateSnapshot n = s.snapshot();
        return sql.update("insert into metalayer_state_snapshots (" + COLUMNS + ") values ($1, $2, $3, $4, $5, $6, $7)"
                        + " on conflict (domain, validator) do update set block_number = excluded.block_number,"
                        + " block_hash = excluded.block_hash, state_root = excluded.state_root, signature = excluded.signature,"
                        + " signed_at = excluded.signed_at where metalayer_state_snapshots.block_number <= excluded.block_number",
                n.domain().value(), s.validator().hex(), n.blockNumber(), n.blockHash(), n.stateRoot(), s.signature(),
                s.signedAt().atOffset(ZoneOffset.UTC)).then();
    }

    @Override
    public Mono<SignedSnapshot> latest(Domain domain, Address validator) {
        return sql.query("select " + COLUMNS + " from metalayer_state_snapshots where domain = $1 and validator = $2",
                PostgresStateSnapshots::row, domain.value(), validator.hex()).next();
    }

    @Override
    public Mono<SignedSnapshot> latest(Domain domain) {
        return sql.query("select " + COLUMNS + " from metalayer_state_snapshots where domain = $1"
                + " order by block_number desc, signed_at desc limit 1", PostgresStateSnapshots::row, domain.value()).next();
    }

    /** Every validator's latest snapshot of every rollup. */
    public Flux<SignedSnapshot> all() {
        return sql.query("select " + COLUMNS + " from metalayer_state_snapshots order by domain, validator", PostgresStateSnapshots::row);
    }

    private static SignedSnapshot row(Readable r) {
        var snapshot = new StateSnapshot(Domain.of(r.get("domain", Long.class)), r.get("block_number", Long.class),
                r.get("block_hash", String.class), r.get("state_root", String.class));
        return new SignedSnapshot(snapshot, Address.of(r.get("validator", String.class)), r.get("signature", String.class),
                r.get("signed_at", OffsetDateTime.class).toInstant());
    }
}
