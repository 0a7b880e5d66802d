package io.metaroute.execution.fill;

import io.metaroute.core.chain.Address;
import io.metaroute.core.intent.FillReport;
import io.metaroute.core.intent.IntentSignature;
import io.metaroute.core.intent.SwapIntent;
import io.metaroute.core.route.Route;
import io.metaroute.core.route.RouteReplay;
import io.metaroute.execution.observe.ExecutionEvents;
import io.metaroute.execution.tx.ChainClient;
import io.metaroute.execution.tx.PreparedTransaction;
import io.metaroute.execution.tx.RpcException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import reactor.core.publisher.Mono;

/**
 * Carries a same-rollup fill out through the settler in steps a caller can persist between:
 * {@link #simulate} ({@code eth_call}: the exact output, or the settler's refusal),
 * {@link #prepare} (signed, not sent), {@link #broadcast} and {@link #await}. A batch of intents
 * settled together goes the same way through {@link #simulateSettle}, {@link #prepareSettle},
 * {@link #broadcast} and {@link #await(String, String)} once per intent of the batch.
 */
public final class FillExecutor {
    private final ChainClient chain;
    private final Address settler;
    private final ExecutionEvents events;
    private final Duration receiptTimeout;

    public FillExecutor(ChainClient chain, Address settler, ExecutionEvents events, Duration receiptTimeout) {
        this.chain = chain;
        this.settler = settler;
        this.events = events;
        this.receiptTimeout = receiptTimeout;
    }

    /** The output the recipient would receive now, to the wei; errors with {@link FillRejected}. */
    public Mono<BigInteger> simulate(SwapIntent intent, IntentSignature signature, Route route) {
        return chain.call(settler.hex(), SettlerAbi.encodeFill(intent, signature, route))
                .map(SettlerAbi::decodeUint)
                .onErrorMap(RpcException.class, this::rejected);
    }

    /** Whether the settler has consumed this user's nonce: by a fill, or by a cancellation. */
    public Mono<Boolean> nonceUsed(SwapIntent intent) {
        return chain.call(settler.hex(), SettlerAbi.encodeNonceUsed(intent.user(), intent.nonce()))
                .map(result -> SettlerAbi.decodeUint(result).signum() != 0);
    }

    public Mono<PreparedTransaction> prepare(SwapIntent intent, IntentSignature signature, Route route) {
        return chain.prepare(settler.hex(), SettlerAbi.encodeFill(intent, signature, route))
                .onErrorMap(RpcException.class, this::rejected);
    }

    /**
     * Whether the settler would settle this batch now ({@code eth_call}); completes empty when it would,
     * errors with {@link FillRejected} when it would not. The outputs are the caller's: the settler
     * only checks them.
     */
    public Mono<Void> simulateSettle(List<SwapIntent> intents, List<IntentSignature> signatures,
                                     List<RouteReplay.Step> steps, List<BigInteger> amountsOut) {
        return chain.call(settler.hex(), SettlerAbi.encodeSettle(intents, signatures, steps, amountsOut))
                .onErrorMap(RpcException.class, this::rejected)
                .then();
    }

    public Mono<PreparedTransaction> prepareSettle(List<SwapIntent> intents, List<IntentSignature> signatures,
                                                   List<RouteReplay.Step> steps, List<BigInteger> amountsOut) {
        return chain.prepare(settler.hex(), SettlerAbi.encodeSettle(intents, signatures, steps, amountsOut))
                .onErrorMap(RpcException.class, this::rejected);
    }

    public Mono<String> broadcast(PreparedTransaction tx) {
        return chain.broadcast(tx).doOnNext(hash -> events.submitted(chain.chain(), hash));
    }

    public Mono<FillOutcome> await(String txHash) {
        return awaitReport(txHash, receipt -> SettlerAbi.filledEvent(receipt, settler), "no IntentFilled event in the receipt");
    }

    /**
     * How one intent of a settled batch ended: the {@code IntentFilled} of the intent whose EIP-712
     * digest is {@code intentHash}, among the several the batch's receipt holds.
     */
    public Mono<FillOutcome> await(String txHash, String intentHash) {
        return awaitReport(txHash, receipt -> SettlerAbi.filledEvents(receipt, settler).stream()
                        .filter(report -> report.intentHash().equalsIgnoreCase(intentHash))
                        .findFirst(),
                "no IntentFilled event for " + intentHash + " in the receipt");
    }

    private Mono<FillOutcome> awaitReport(String txHash, Function<TransactionReceipt, Optional<FillReport>> report,
                                          String missing) {
        return chain.awaitReceipt(txHash, receiptTimeout).flatMap(receipt -> {
            if (!receipt.isStatusOK()) {
                events.reverted(chain.chain(), txHash);
                String gas = "gas used " + receipt.getGasUsed();
                return chain.revertData(receipt)
                        .map(data -> SettlerAbi.revertReason(data).orElse("revert data " + data))
                        .defaultIfEmpty("the call succeeds on the state before its block; " + gas)
                        .onErrorReturn("reason unknown; " + gas)
                        .<FillOutcome>map(why -> new FillOutcome.Reverted(txHash, "transaction reverted on chain: " + why));
            }
            return Mono.just(receipt).map(r -> report.apply(r)
                    .<FillOutcome>map(filled -> {
                        events.filled(chain.chain(), txHash, filled.amountOut());
                        return new FillOutcome.Filled(filled, Math.max(1, SettlerAbi.filledEvents(r, settler).size()));
                    })
                    .orElseGet(() -> new FillOutcome.Reverted(txHash, missing)));
        });
    }

    private FillRejected rejected(RpcException e) {
        String reason = SettlerAbi.revertReason(e.revertData()).orElse("SimulationFailed");
        events.simulationRejected(chain.chain(), reason);
        return new FillRejected(reason, "settler refused the fill: " + reason + " (" + e.getMessage() + ")");
    }
}
