package io.metaroute.settlement.metalayer.domain;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.Domain;
import io.metaroute.core.network.FinalityState;
import reactor.core.publisher.Mono;

/** Where a relayer finds validators' checkpoint signatures (a store in this process, or validators over HTTP). */
public interface CheckpointSignatureSource {
    /** Empty while {@code validator} has not signed the checkpoint of {@code messageId} for {@code finality}. */
    Mono<SignedCheckpoint> find(Domain origin, String messageId, FinalityState finality, Address validator);
}
