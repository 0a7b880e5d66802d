package io.metaroute.core.network;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.token.Token;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * Every rollup Metaroute routes over, and the Metalayer deployment linking them ({@link Metalayer#NONE}
 * if there is none). Chain ids and domain ids are unique within a network.
 */
public record Network(List<Rollup> rollups, Metalayer metalayer) {
    public Network(List<Rollup> rollups) {
        this(rollups, Metalayer.NONE);
    }

    public Network {
        rollups = List.copyOf(rollups);
        metalayer = metalayer == null ? Metalayer.NONE : metalayer;
        var chains = new HashSet<ChainId>();
        var domains = new HashSet<Long>();
        for (Rollup r : rollups) {
            if (!chains.add(r.chainId())) {
                throw new IllegalArgumentException("chain id " + r.chainId() + " appears twice");
            }
            if (!domains.add(r.domain().value())) {
                throw new IllegalArgumentException("domain " + r.domain() + " appears twice");
            }
        }
        for (MetalayerContracts c : metalayer.rollups()) {
            if (!domains.contains(c.domain().value())) {
                throw new IllegalArgumentException("Metalayer contracts for domain " + c.domain() + ", which no rollup has");
            }
        }
    }

    /** The same rollups with the given Metalayer deployment. */
    public Network withMetalayer(Metalayer deployment) {
        return new Network(rollups, deployment);
    }

    public Optional<Rollup> rollup(ChainId chainId) {
        return rollups.stream().filter(r -> r.chainId().equals(chainId)).findFirst();
    }

    public Optional<Token> token(ChainId chainId, Address address) {
        return rollup(chainId).flatMap(r -> r.token(address));
    }

    public List<Token> tokens() {
        return rollups.stream().flatMap(r -> r.tokens().stream()).toList();
    }
}
