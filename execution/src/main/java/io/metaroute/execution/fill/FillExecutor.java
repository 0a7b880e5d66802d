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
import io.metaroute.execution.tx.RpcFailure;
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

    /**
     * The output the recipient would receive now, to the wei; errors with {@link FillRejected} when
     * the settler refuses the fill (the call reverts). A node that fails to answer is no verdict: its
     * transient failures are retried by the chain client, and what outlives the retries reaches the
     * caller as an {@link RpcException}, for the step to be tried again, never as a rejection.
     */
    public Mono<BigInteger> simulate(SwapIntent intent, IntentSignature signature, Route route) {
        return chain.call(settler.hex(), SettlerAbi.encodeFill(intent, signature, route))
                .map(SettlerAbi::decodeUint)
                .onErrorMap(FillExecutor::isVerdict, e -> rejected((RpcException) e));
    }

    /** Whether the settler has consumed this user's nonce: by a fill, or by a cancellation. */
    public Mono<Boolean> nonceUsed(SwapIntent intent) {
        return chain.call(settler.hex(), SettlerAbi.encodeNonceUsed(intent.user(), intent.nonce()))
                .map(result -> SettlerAbi.decodeUint(result).signum() != 0);
    }

    public Mono<PreparedTransaction> prepare(SwapIntent intent, IntentSignature signature, Route route) {
        return chain.prepare(settler.hex(), SettlerAbi.encodeFill(intent, signature, route))
                .onErrorMap(FillExecutor::isVerdict, e -> rejected((RpcException) e));
    }

    /**
     * Whether the settler would settle this batch now ({@code eth_call}); completes empty when it would,
     * errors with {@link FillRejected} when it would not. The outputs are the caller's: the settler
     * only checks them.
     */
    public Mono<Void> simulateSettle(List<SwapIntent> intents, List<IntentSignature> signatures,
                                     List<RouteReplay.Step> steps, List<BigInteger> amountsOut) {
        return chain.call(settler.hex(), SettlerAbi.encodeSettle(intents, signatures, steps, amountsOut))
                .onErrorMap(FillExecutor::isVerdict, e -> rejected((RpcException) e))
                .then();
    }

    public Mono<PreparedTransaction> prepareSettle(List<SwapIntent> intents, List<IntentSignature> signatures,
                                                   List<RouteReplay.Step> steps, List<BigInteger> amountsOut) {
        return chain.prepare(settler.hex(), SettlerAbi.encodeSettle(intents, signatures, steps, amountsOut))
                .onErrorMap(FillExecutor::isVerdict, e -> rejected((RpcException) e));
    }

    /**
     * Sends a signed fill and answers the hash to follow; refusals come back as an
     * {@link RpcException} whose {@link RpcFailure} says what to do (see {@link ChainClient#broadcast}).
     */
    public Mono<String> broadcast(PreparedTransaction tx) {
        return chain.broadcast(tx).doOnNext(hash -> events.submitted(chain.chain(), hash));
    }

    /** {@code tx} re-signed so that it replaces its pending self: same nonce, higher fee. */
    public Mono<PreparedTransaction> withBumpedFee(PreparedTransaction tx) {
        return chain.withBumpedFee(tx);
    }

    /** {@code tx}'s call re-signed with a fresh sender nonce, after another transaction took its nonce. */
    public Mono<PreparedTransaction> withFreshNonce(PreparedTransaction tx) {
        return chain.withFreshNonce(tx);
    }

    /** The nonce {@code tx} was signed with. */
    public static java.math.BigInteger nonceOf(PreparedTransaction tx) {
        return ChainClient.nonceOf(tx);
    }

    /** Whether {@code tx} fills one intent ({@code fill}, {@code fillWithQuotes}), rather than settling several together ({@code settle}). */
    public static boolean fillsOneIntent(PreparedTransaction tx) {
        return SettlerAbi.fillsOneIntent(ChainClient.callData(tx));
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
                        .<FillOutcome>map(data -> new FillOutcome.Reverted(txHash, "transaction reverted on chain: "
                                + SettlerAbi.revertReason(data).orElse("revert data " + data), SettlerErrors.maker(data).orElse(null)))
                        .defaultIfEmpty(new FillOutcome.Reverted(txHash,
                                "transaction reverted on chain: the call succeeds on the state before its block; " + gas))
                        .onErrorReturn(new FillOutcome.Reverted(txHash, "transaction reverted on chain: reason unknown; " + gas));
            }
            return Mono.just(receipt).map(r -> report.apply(r)
                    .<FillOutcome>map(filled -> {
                        events.filled(chain.chain(), txHash, filled.amountOut());
                        return new FillOutcome.Filled(filled, Math.max(1, SettlerAbi.filledEvents(r, settler).size()));
                    })
                    .orElseGet(() -> new FillOutcome.Reverted(txHash, missing)));
        });
    }

    /** Only a revert is the settler's verdict; every other failure says nothing about the intent. */
    private static boolean isVerdict(Throwable e) {
        return e instanceof RpcException rpc && rpc.failure() == RpcFailure.REVERTED;
    }

    private FillRejected rejected(RpcException e) {
        String reason = SettlerAbi.revertReason(e.revertData()).orElse("SimulationFailed");
        events.simulationRejected(chain.chain(), reason);
        return new FillRejected(reason, "settler refused the fill: " + reason + " (" + SettlerErrors.describe(e.getMessage()) + ")",
                SettlerErrors.maker(e.revertData()).orElse(null));
    }
}
