package io.metaroute.settlement.metalayer.domain;

import io.metaroute.core.chain.Address;
import java.time.Instant;
import java.util.Objects;

/** A validator's signature (65 bytes r | s | v, hex) over a {@link StateSnapshot}, and when it signed. */
public record SignedSnapshot(StateSnapshot snapshot, Address validator, String signature, Instant signedAt) {
    public SignedSnapshot {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(validator, "validator");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(signedAt, "signedAt");
    }
}
