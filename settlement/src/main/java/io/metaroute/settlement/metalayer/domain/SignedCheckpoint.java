package io.metaroute.settlement.metalayer.domain;

import io.metaroute.core.chain.Address;
import io.metaroute.core.network.FinalityState;
import java.util.Objects;

/** One validator's signature (65 bytes r ‖ s ‖ v, hex) over a checkpoint, for one finality mode. */
public record SignedCheckpoint(Checkpoint checkpoint, FinalityState finality, Address validator, String signature) {
    public SignedCheckpoint {
        Objects.requireNonNull(checkpoint, "checkpoint");
        Objects.requireNonNull(finality, "finality");
        Objects.requireNonNull(validator, "validator");
        if (signature == null || !signature.matches("0x[0-9a-fA-F]{130}")) {
            throw new IllegalArgumentException("a signature is 65 bytes of hex, got " + signature);
        }
    }
}
