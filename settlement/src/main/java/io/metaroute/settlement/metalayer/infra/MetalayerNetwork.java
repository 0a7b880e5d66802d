package io.metaroute.settlement.metalayer.infra;

import io.metaroute.core.chain.Domain;
import io.metaroute.core.network.MetalayerContracts;
import io.metaroute.core.network.Network;
import io.metaroute.core.network.Rollup;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/** The rollups of a network with a Metalayer deployment, each with its own RPC client. Close it to release them. */
public final class MetalayerNetwork implements AutoCloseable {
    record Chain(Rollup rollup, MetalayerContracts contracts, Web3j web3j, RollupRpc rpc) {
    }

    private final Network network;
    private final Map<Domain, Chain> chains = new LinkedHashMap<>();

    public MetalayerNetwork(Network network) {
        if (!network.metalayer().deployed()) {
            throw new IllegalArgumentException("the network has no Metalayer deployment");
        }
        this.network = network;
        for (Rollup r : network.rollups()) {
            var contracts = network.metalayer().contracts(r.domain())
                    .orElseThrow(() -> new IllegalArgumentException("no Metalayer contracts for " + r.name()));
            Web3j web3j = Web3j.build(new HttpService(r.rpcUrl().toString()));
            chains.put(r.domain(), new Chain(r, contracts, web3j, new RollupRpc(web3j, r.chainId().value())));
        }
    }

    public Network network() {
        return network;
    }

    public List<Domain> domains() {
        return List.copyOf(chains.keySet());
    }

    Chain chain(Domain domain) {
        Chain c = chains.get(domain);
        if (c == null) {
            throw new IllegalArgumentException("no rollup with domain " + domain);
        }
        return c;
    }

    @Override
    public void close() {
        chains.values().forEach(c -> c.web3j().shutdown());
    }
}
