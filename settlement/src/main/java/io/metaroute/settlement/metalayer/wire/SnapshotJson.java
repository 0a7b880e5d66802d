package io.metaroute.settlement.metalayer.wire;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.Domain;
import io.metaroute.settlement.metalayer.domain.SignedSnapshot;
import io.metaroute.settlement.metalayer.domain.StateSnapshot;
import java.time.Instant;

/** A validator's signed state snapshot of one rollup; {@code signedAt} is ISO-8601. */
public record SnapshotJson(long domain, long blockNumber, String blockHash, String stateRoot, String validator, String signature,
                           String signedAt) {
    public static SnapshotJson from(SignedSnapshot s) {
        StateSnapshot n = s.snapshot();
        return new SnapshotJson(n.domain().value(), n.blockNumber(), n.blockHash(), n.stateRoot(), s.validator().hex(), s.signature(),
                s.signedAt().toString());
    }

    public SignedSnapshot toDomain() {
        return new SignedSnapshot(new StateSnapshot(Domain.of(domain), blockNumber, blockHash, stateRoot), Address.of(validator),
                signature, Instant.parse(signedAt));
    }
}
