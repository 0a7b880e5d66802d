package io.metaroute.pipeline.cross;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.cross.CrossOrder;
import io.metaroute.core.cross.CrossSettlerAbi;
import io.metaroute.core.network.FinalityState;
import io.metaroute.core.network.MetalayerContracts;
import io.metaroute.core.network.Network;
import io.metaroute.core.network.Rollup;
import io.metaroute.execution.fill.FillRejected;
import io.metaroute.execution.fill.SettlerErrors;
import io.metaroute.execution.tx.ChainClient;
import io.metaroute.execution.tx.ChainClient.BlockRef;
import io.metaroute.execution.tx.PreparedTransaction;
import io.metaroute.execution.tx.RpcException;
import io.metaroute.execution.tx.RpcFailure;
import io.metaroute.settlement.metalayer.domain.MetalayerBody.ReadOperation;
import io.metaroute.settlement.metalayer.infra.MetalayerClient;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.web3j.protocol.core.DefaultBlockParameterName;
import reactor.core.publisher.Mono;

/**
 * {@link CrossChains} over the solver's {@link ChainClient} per rollup (the same clients, and so the
 * same nonces, as its single-rollup fills) and the network's cross settlers and Metalayer routers.
 */
public final class SettlerCrossChains implements CrossChains {
    /** Gas the origin settler's handle may use: a fixed part and a part per order of the message. */
    static final long SETTLE_GAS_BASE = 200_000;
    static final long SETTLE_GAS_PER_ORDER = 20_000;

    private final Network network;
    private final Map<ChainId, ChainClient> chains;
    private final Address solver;
    private final Duration receiptTimeout;

    public SettlerCrossChains(Network network, Map<ChainId, ChainClient> chains, Address solver, Duration receiptTimeout) {
        this.network = network;
        this.chains = Map.copyOf(chains);
        this.solver = solver;
        this.receiptTimeout = receiptTimeout;
    }

    @Override
    public Mono<Void> simulateOpen(CrossOrder order, byte[] signature) {
        return verdict(chain(order.originChainId()).call(settler(order.originChainId()).hex(),
                CrossSettlerAbi.openFor(order, signature))).then();
    }

    @Override
    public Mono<PreparedTransaction> prepareOpen(CrossOrder order, byte[] signature) {
        return verdict(chain(order.originChainId()).prepare(settler(order.originChainId()).hex(),
                CrossSettlerAbi.openFor(order, signature)));
    }

    @Override
    public Mono<BigInteger> simulateFill(CrossOrder order, Fill fill) {
        ChainId d = order.destinationChainId();
        // eth_call of the fill, then the recipient's balance change is what the settler checks; the call itself
        // returns nothing, so its success is the verdict and the plan's expectation the amount
        return verdict(chain(d).call(settler(d).hex(), fillCall(order, fill))).thenReturn(fill.expectedOut());
    }

    @Override
    public Mono<PreparedTransaction> prepareFill(CrossOrder order, Fill fill) {
        ChainId d = order.destinationChainId();
        return verdict(chain(d).prepare(settler(d).hex(), fillCall(order, fill)));
    }

    private String fillCall(CrossOrder order, Fill fill) {
        return CrossSettlerAbi.fill(order, solver, fill.tokenSpent(), fill.amountSpent(), fill.steps());
    }

    @Override
    public Mono<PreparedTransaction> prepareSettle(ChainId destination, ChainId origin, CrossSettlerAbi.Kind kind,
                                                   List<CrossOrder> orders) {
        Rollup dest = rollup(destination);
        Rollup from = rollup(origin);
        List<byte[]> ids = orders.stream().map(CrossOrder::orderId).toList();
        var read = new ReadOperation(dest.domain(), settler(destination), CrossSettlerAbi.fillStatus(ids));
        FinalityState finality = orders.stream().anyMatch(o -> o.finality() == FinalityState.FINALIZED)
                ? FinalityState.FINALIZED : FinalityState.INSTANT;
        long gas = SETTLE_GAS_BASE + SETTLE_GAS_PER_ORDER * orders.size();
        byte[] body = CrossSettlerAbi.message(kind);
        String router = contracts(destination).router().hex();
        ChainClient c = chain(destination);
        return c.call(router, MetalayerClient.quoteCall(from.domain(), settler(origin), List.of(read), body, finality, gas))
                .map(CrossSettlerAbi::decodeUint)
                .flatMap(fee -> verdict(c.prepare(router, MetalayerClient.dispatchCall(from.domain(), settler(origin),
                        List.of(read), body, finality, gas), fee)));
    }

    @Override
    public Mono<String> broadcast(ChainId chain, PreparedTransaction tx) {
        return chain(chain).broadcast(tx);
    }

    @Override
    public Mono<Mined> await(ChainId chain, String txHash) {
        ChainClient c = chain(chain);
        return c.awaitReceipt(txHash, receiptTimeout).flatMap(r -> {
            long block = r.getBlockNumber().longValueExact();
            if (r.isStatusOK()) {
                var message = MetalayerClient.dispatched(contracts(chain).mailbox(), r).map(m -> m.id());
                return Mono.just(new Mined(true, block, null, message));
            }
            return c.revertData(r).map(d -> SettlerErrors.name(d).orElse("revert data " + d))
                    .defaultIfEmpty("reverted (gas used " + r.getGasUsed() + ")")
                    .onErrorReturn("reverted, reason unknown")
                    .map(why -> new Mined(false, block, why, java.util.Optional.empty()));
        });
    }

    @Override
    public Mono<CrossSettlerAbi.Escrow> escrow(CrossOrder order) {
        ChainId o = order.originChainId();
        return chain(o).call(settler(o).hex(), CrossSettlerAbi.escrowOf(order.orderId())).map(CrossSettlerAbi::decodeEscrow);
    }

    @Override
    public Mono<CrossSettlerAbi.FillRecord> fillRecord(CrossOrder order) {
        ChainId d = order.destinationChainId();
        return chain(d).call(settler(d).hex(), CrossSettlerAbi.fills(order.orderId())).map(CrossSettlerAbi::decodeFillRecord);
    }

    @Override
    public Mono<BlockRef> head(ChainId chain) {
        return chain(chain).block(DefaultBlockParameterName.LATEST);
    }

    @Override
    public Mono<BlockRef> finalized(ChainId chain) {
        return chain(chain).block(DefaultBlockParameterName.FINALIZED);
    }

    @Override
    public Address repayTo() {
        return solver;
    }

    /** A revert is the settler's verdict, named by its error; anything else is the node's trouble, to retry. */
    private static <T> Mono<T> verdict(Mono<T> call) {
        return call.onErrorMap(e -> e instanceof RpcException rpc && rpc.failure() == RpcFailure.REVERTED, e -> {
            String reason = SettlerErrors.name(((RpcException) e).revertData()).orElse("SimulationFailed");
            return new FillRejected(reason, "cross settler refused: " + reason + " (" + SettlerErrors.describe(e.getMessage()) + ")");
        });
    }

    private ChainClient chain(ChainId chain) {
        ChainClient c = chains.get(chain);
        if (c == null) {
            throw new IllegalArgumentException("no chain client for " + chain);
        }
        return c;
    }

    private Rollup rollup(ChainId chain) {
        return network.rollup(chain).orElseThrow(() -> new IllegalArgumentException("chain " + chain + " is not in the network"));
    }

    private MetalayerContracts contracts(ChainId chain) {
        return network.metalayer().contracts(rollup(chain).domain())
                .orElseThrow(() -> new IllegalStateException("no Metalayer contracts on chain " + chain));
    }

    private Address settler(ChainId chain) {
        return contracts(chain).crossSettler();
    }
}
