package io.metaroute.settlement.metalayer.domain;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.Domain;
import java.util.Optional;

/** Where validators keep their signed state snapshots, and where relayers look up the latest ones. */
public interface StateSnapshots {
    void publish(SignedSnapshot signed);

    /** The latest (highest block) snapshot {@code validator} signed of {@code domain}. */
    Optional<SignedSnapshot> latest(Domain domain, Address validator);

    /** The latest snapshot of {@code domain} any validator signed. */
    Optional<SignedSnapshot> latest(Domain domain);
}
