package io.metaroute.settlement.metalayer.store;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.Domain;
import io.metaroute.core.network.FinalityState;
import io.metaroute.settlement.metalayer.domain.Checkpoint;
import io.metaroute.settlement.metalayer.domain.CheckpointSignatures;
import io.metaroute.settlement.metalayer.domain.SignedCheckpoint;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Readable;
import java.util.Locale;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Checkpoint signatures in {@code metalayer_checkpoint_signatures}; the first signature per key is kept. */
public final class PostgresCheckpointSignatures implements CheckpointSignatures {
    private static final String COLUMNS = "origin_domain, message_id, finality, validator, merkle_tree_hook, root, leaf_index, signature";
    private final Sql sql;

    public PostgresCheckpointSignatures(ConnectionFactory connections) {
        this.sql = new Sql(connections);
    }

    @Override
    public Mono<Void> publish(SignedCheckpoint s) {
        Checkpoint c = s.checkpoint();
        return sql.update("insert into metalayer_checkpoint_signatures (" + COLUMNS + ") values ($1, $2, $3, $4, $5, $6, $7, $8)"
                        + " on conflict do nothing", c.origin().value(), c.messageId(), s.finality().name(), key(s.validator()),
                c.merkleTreeHook().hex(), c.root(), c.index(), s.signature()).then();
    }

    @Override
    public Mono<SignedCheckpoint> find(Domain origin, String messageId, FinalityState finality, Address validator) {
        return sql.query("select " + COLUMNS + " from metalayer_checkpoint_signatures where origin_domain = $1 and message_id = $2"
                        + " and finality = $3 and validator = $4", PostgresCheckpointSignatures::row, origin.value(),
                messageId.toLowerCase(Locale.ROOT), finality.name(), key(validator)).next();
    }

    /** Every signature of {@code messageId} from {@code origin} for {@code finality}, by any validator. */
    public Flux<SignedCheckpoint> find(Domain origin, String messageId, FinalityState finality) {
        return sql.query("select " + COLUMNS + " from metalayer_checkpoint_signatures where origin_domain = $1 and message_id = $2"
                        + " and finality = $3 order by validator", PostgresCheckpointSignatures::row, origin.value(),
                messageId.toLowerCase(Locale.ROOT), finality.name());
    }

    static String key(Address a) {
        return a.hex();
    }

    private static SignedCheckpoint row(Readable r) {
        var c = new Checkpoint(Domain.of(r.get("origin_domain", Long.class)), Address.of(r.get("merkle_tree_hook", String.class)),
                r.get("root", String.class), r.get("leaf_index", Long.class), r.get("message_id", String.class));
        return new SignedCheckpoint(c, FinalityState.valueOf(r.get("finality", String.class)), Address.of(r.get("validator", String.class)),
                r.get("signature", String.class));
    }
}
