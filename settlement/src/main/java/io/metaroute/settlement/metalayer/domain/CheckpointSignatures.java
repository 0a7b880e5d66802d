package io.metaroute.settlement.metalayer.domain;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.Domain;
import io.metaroute.core.network.FinalityState;
import java.util.Optional;

/**
 * Where validators publish their checkpoint signatures and relayers find them (Hyperlane's
 * checkpoint storage). Keyed by origin, message id, finality and validator.
 */
public interface CheckpointSignatures {
    void publish(SignedCheckpoint signed);

    Optional<SignedCheckpoint> find(Domain origin, String messageId, FinalityState finality, Address validator);
}
