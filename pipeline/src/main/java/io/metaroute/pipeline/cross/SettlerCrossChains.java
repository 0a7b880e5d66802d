package io.metaroute.pipeline.cross;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.cross.CrossOrder;
import io.metaroute.core.cross.CrossSettlerAbi;
import io.metaroute.core.network.FinalityState;
import io.metaroute.core.network.MetalayerContracts;
import io.metaroute.core.network.Network;
import io.metaroute.core.network.Rollup;
import io.metaroute.execution.cross.CrossExecutor;
import io.metaroute.execution.tx.ChainClient;
import io.metaroute.execution.tx.ChainClient.BlockRef;
import io.metaroute.execution.tx.PreparedTransaction;
import io.metaroute.settlement.ledger.CrossLedger;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;

/**
 * {@link CrossChains} over execution's {@link CrossExecutor} per rollup, built on the solver's
 * {@link ChainClient}s (the same clients, and so the same nonces, as its single-rollup fills).
 */
public final class SettlerCrossChains implements CrossChains {
    /** Gas the origin settler's handle may use: a fixed part and a part per entry its read answers (an order, or a range entry). */
    public static final long SETTLE_GAS_BASE = 200_000;
    public static final long SETTLE_GAS_PER_ORDER = 20_000;

    private final Network network;
    private final Map<ChainId, CrossExecutor> executors;
    private final Address solver;
    private final Map<String, Mono<CrossLedger.FeeAccounts>> feeAccounts = new java.util.concurrent.ConcurrentHashMap<>();

    public SettlerCrossChains(Network network, Map<ChainId, ChainClient> chains, Address solver, Duration receiptTimeout) {
        this.network = network;
        this.solver = solver;
        this.executors = network.rollups().stream()
                .filter(r -> chains.containsKey(r.chainId()) && network.metalayer().contracts(r.domain()).isPresent())
                .collect(Collectors.toUnmodifiableMap(Rollup::chainId, r -> new CrossExecutor(chains.get(r.chainId()),
                        network.metalayer().contracts(r.domain()).orElseThrow(), receiptTimeout)));
    }

    @Override
    public Mono<Void> simulateOpen(CrossOrder order, byte[] signature) {
        return on(order.originChainId()).simulateOpen(order, signature);
    }

    @Override
    public Mono<PreparedTransaction> prepareOpen(CrossOrder order, byte[] signature) {
        return on(order.originChainId()).prepareOpen(order, signature);
    }

    /** A successful {@code eth_call} is the verdict; the plan's expectation is the amount (the call returns none). */
    @Override
    public Mono<BigInteger> simulateFill(CrossOrder order, Fill fill) {
        return on(order.destinationChainId()).simulateFill(order, solver, fill.tokenSpent(), fill.amountSpent(), fill.steps())
                .thenReturn(fill.expectedOut());
    }

    @Override
    public Mono<PreparedTransaction> prepareFill(CrossOrder order, Fill fill) {
        return on(order.destinationChainId()).prepareFill(order, solver, fill.tokenSpent(), fill.amountSpent(), fill.steps());
    }

    @Override
    public Mono<PreparedTransaction> prepareSettle(ChainId destination, ChainId origin, CrossSettlerAbi.Kind kind,
                                                   List<CrossOrder> orders) {
        MetalayerContracts from = contracts(origin);
        FinalityState finality = orders.stream().anyMatch(o -> o.finality() == FinalityState.FINALIZED)
                ? FinalityState.FINALIZED : FinalityState.INSTANT;
        return on(destination).prepareSettle(from.domain().value(), from.crossSettler(), kind, orders, finality.code(),
                SETTLE_GAS_BASE, SETTLE_GAS_PER_ORDER);
    }

    @Override
    public Mono<String> broadcast(ChainId chain, PreparedTransaction tx) {
        return on(chain).broadcast(tx);
    }

    @Override
    public Mono<Mined> await(ChainId chain, String txHash) {
        return on(chain).await(txHash).map(m -> new Mined(m.ok(), m.block(), m.reason(), m.messageId()));
    }

    @Override
    public Mono<CrossSettlerAbi.Escrow> escrow(CrossOrder order) {
        return on(order.originChainId()).escrow(order);
    }

    @Override
    public Mono<CrossSettlerAbi.FillRecord> fillRecord(CrossOrder order) {
        return on(order.destinationChainId()).fillRecord(order);
    }

    @Override
    public Mono<Boolean> delivered(ChainId chain, String messageId) {
        return on(chain).delivered(messageId);
    }

    @Override
    public Mono<BlockRef> head(ChainId chain) {
        return on(chain).head();
    }

    @Override
    public Mono<BlockRef> finalized(ChainId chain) {
        return on(chain).finalized();
    }

    /** Fee accounts are the settler owner's to change, rarely: read once per rollup pair. */
    @Override
    public Mono<CrossLedger.FeeAccounts> feeAccounts(ChainId origin, ChainId destination) {
        return feeAccounts.computeIfAbsent(origin.value() + ">" + destination.value(), k -> on(origin)
                .feeAccounts(destination.value())
                .map(a -> new CrossLedger.FeeAccounts(a.get(0), a.get(1), a.get(2)))
                .cache(v -> Duration.ofDays(3650), e -> Duration.ZERO, () -> Duration.ZERO));
    }

    @Override
    public Mono<CrossSettlerAbi.Escrow> escrowAt(CrossOrder order, long block) {
        return on(order.originChainId()).escrowAt(order, block);
    }

    @Override
    public Mono<BigInteger> balanceAt(ChainId chain, Address token, Address holder, long block) {
        return on(chain).balanceAt(token, holder, block);
    }

    @Override
    public Mono<PreparedTransaction> replacement(ChainId chain, PreparedTransaction stuck) {
        return on(chain).replacement(stuck);
    }

    @Override
    public Mono<Long> openBlock(CrossOrder order, long fromBlock) {
        return on(order.originChainId()).openBlock(order, fromBlock);
    }

    @Override
    public void reorganised(ChainId chain) {
        on(chain).reorganised();
    }

    @Override
    public Address repayTo() {
        return solver;
    }

    private CrossExecutor on(ChainId chain) {
        CrossExecutor e = executors.get(chain);
        if (e == null) {
            throw new IllegalArgumentException("no cross settler reachable on chain " + chain);
        }
        return e;
    }

    private MetalayerContracts contracts(ChainId chain) {
        Rollup r = network.rollup(chain).orElseThrow(() -> new IllegalArgumentException("chain " + chain + " is not in the network"));
        return network.metalayer().contracts(r.domain())
                .orElseThrow(() -> new IllegalStateException("no Metalayer contracts on chain " + chain));
    }
}
