package io.metaroute.settlement.metalayer.domain;

import reactor.core.publisher.Mono;

/**
 * Where validators publish their checkpoint signatures and relayers find them (Hyperlane's
 * checkpoint storage). Keyed by origin, message id, finality and validator; publishing the same
 * key again keeps the first signature.
 */
public interface CheckpointSignatures extends CheckpointSignatureSource {
    Mono<Void> publish(SignedCheckpoint signed);
}
