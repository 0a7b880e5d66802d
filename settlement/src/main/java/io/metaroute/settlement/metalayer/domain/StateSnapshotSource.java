package io.metaroute.settlement.metalayer.domain;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.Domain;
import reactor.core.publisher.Mono;

/** Where relayers look up the latest signed state snapshots. */
public interface StateSnapshotSource {
    /** The latest (highest block) snapshot {@code validator} signed of {@code domain}; empty if none. */
    Mono<SignedSnapshot> latest(Domain domain, Address validator);

    /** The latest snapshot of {@code domain} any validator signed; empty if none. */
    Mono<SignedSnapshot> latest(Domain domain);
}
