package io.metaroute.pipeline.inventory;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.network.Network;
import io.metaroute.core.network.Rollup;
import io.metaroute.execution.cross.WarpExecutor;
import io.metaroute.execution.tx.ChainClient;
import io.metaroute.execution.tx.PreparedTransaction;
import java.math.BigInteger;
import java.util.Map;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;

/** {@link WarpChains} over the execution module's {@link WarpExecutor}, one per rollup on the solver's chain clients. */
public final class WarpRouteChains implements WarpChains {
    private final Network network;
    private final Address solver;
    private final Map<ChainId, WarpExecutor> executors;

    public WarpRouteChains(Network network, Map<ChainId, ChainClient> chains, Address solver) {
        this.network = network;
        this.solver = solver;
        this.executors = chains.entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
                e -> new WarpExecutor(e.getValue())));
    }

    @Override
    public Mono<PreparedTransaction> prepareTransfer(ChainId from, Address router, ChainId to, BigInteger amount) {
        Rollup destination = network.rollup(to).orElseThrow(() -> new IllegalArgumentException("chain " + to + " is not in the network"));
        return executor(from).prepareTransfer(router, destination.domain().value(), solver, amount);
    }

    @Override
    public Mono<BigInteger> balance(ChainId chain, Address token, Address holder) {
        return executor(chain).balance(token, holder);
    }

    private WarpExecutor executor(ChainId chain) {
        WarpExecutor e = executors.get(chain);
        if (e == null) {
            throw new IllegalArgumentException("no chain client for chain " + chain);
        }
        return e;
    }
}
