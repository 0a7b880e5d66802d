package io.metaroute.settlement.metalayer.domain;

import reactor.core.publisher.Mono;

/** Where validators keep their signed state snapshots: per (rollup, validator) the latest one. */
public interface StateSnapshots extends StateSnapshotSource {
    /** Keeps {@code signed} unless the validator already has a snapshot of a higher block of that rollup. */
    Mono<Void> publish(SignedSnapshot signed);
}
