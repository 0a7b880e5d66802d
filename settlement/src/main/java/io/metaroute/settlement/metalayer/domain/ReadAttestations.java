package io.metaroute.settlement.metalayer.domain;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Where validators record the read attestations they gave, so that they can be served and audited. */
public interface ReadAttestations {
    Mono<Void> publish(ReadAttestation attestation);

    /** Every attestation given for {@code messageId}, in no particular order. */
    Flux<ReadAttestation> find(String messageId);

    /** A store that keeps nothing, for validators that only answer. */
    ReadAttestations NONE = new ReadAttestations() {
        @Override
        public Mono<Void> publish(ReadAttestation attestation) {
            return Mono.empty();
        }

        @Override
        public Flux<ReadAttestation> find(String messageId) {
            return Flux.empty();
        }
    };
}
