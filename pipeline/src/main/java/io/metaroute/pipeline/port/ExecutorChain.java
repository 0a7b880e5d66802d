package io.metaroute.pipeline.port;

import io.metaroute.core.intent.IntentSignature;
import io.metaroute.core.intent.SwapIntent;
import io.metaroute.core.route.Route;
import io.metaroute.core.route.RouteReplay;
import io.metaroute.execution.fill.FillExecutor;
import io.metaroute.execution.fill.FillOutcome;
import io.metaroute.execution.tx.PreparedTransaction;
import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;

/** The chain port over the execution module's {@link FillExecutor}: every call passes straight through. */
public final class ExecutorChain implements FillChain {
    private final FillExecutor executor;

    public ExecutorChain(FillExecutor executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    @Override
    public Mono<BigInteger> simulate(SwapIntent intent, IntentSignature signature, Route route) {
        return executor.simulate(intent, signature, route);
    }

    @Override
    public Mono<PreparedTransaction> prepare(SwapIntent intent, IntentSignature signature, Route route) {
        return executor.prepare(intent, signature, route);
    }

    @Override
    public Mono<Void> simulateSettle(List<SwapIntent> intents, List<IntentSignature> signatures, List<RouteReplay.Step> steps,
                                     List<BigInteger> amountsOut) {
        return executor.simulateSettle(intents, signatures, steps, amountsOut);
    }

    @Override
    public Mono<PreparedTransaction> prepareSettle(List<SwapIntent> intents, List<IntentSignature> signatures,
                                                   List<RouteReplay.Step> steps, List<BigInteger> amountsOut) {
        return executor.prepareSettle(intents, signatures, steps, amountsOut);
    }

    @Override
    public Mono<String> broadcast(PreparedTransaction tx) {
        return executor.broadcast(tx);
    }

    @Override
    public Mono<FillOutcome> await(String txHash, String intentHash) {
        return executor.await(txHash, intentHash);
    }

    @Override
    public Mono<Boolean> nonceUsed(SwapIntent intent) {
        return executor.nonceUsed(intent);
    }

    @Override
    public Mono<PreparedTransaction> withBumpedFee(PreparedTransaction tx) {
        return executor.withBumpedFee(tx);
    }

    @Override
    public Mono<PreparedTransaction> withFreshNonce(PreparedTransaction tx) {
        return executor.withFreshNonce(tx);
    }

    @Override
    public BigInteger nonceOf(PreparedTransaction tx) {
        return FillExecutor.nonceOf(tx);
    }

    @Override
    public boolean fillsOneIntent(PreparedTransaction tx) {
        return FillExecutor.fillsOneIntent(tx);
    }
}
