package io.metaroute.core.network;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.token.Token;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/** Every rollup Metaroute routes over. Chain ids and domain ids are unique within a network. */
public record Network(List<Rollup> rollups) {
    public Network {
        rollups = List.copyOf(rollups);
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
