package io.metaroute.pipeline.port;

import io.metaroute.core.intent.IntentSignature;
import io.metaroute.core.intent.SwapIntent;
import io.metaroute.core.route.Route;
import io.metaroute.core.route.RouteReplay;
import io.metaroute.execution.fill.FillOutcome;
import io.metaroute.execution.fill.FillRejected;
import io.metaroute.execution.tx.PreparedTransaction;
import io.metaroute.execution.tx.RpcException;
import java.math.BigInteger;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * What the single-rollup pipeline needs from one rollup's settler, in steps it can persist
 * between: simulate, prepare (signed, not sent), broadcast, await. The settler's refusal of a fill
 * is a {@link FillRejected}; a node that did not answer, or refused a send, is an
 * {@link RpcException} whose failure says what it means, never a verdict on the intent.
 * {@link ExecutorChain} adapts the execution module's {@code FillExecutor} to it.
 */
public interface FillChain {
    /** The output the recipient would receive now, to the wei; {@link FillRejected} when the settler refuses. */
    Mono<BigInteger> simulate(SwapIntent intent, IntentSignature signature, Route route);

    /** The fill signed and not sent. */
    Mono<PreparedTransaction> prepare(SwapIntent intent, IntentSignature signature, Route route);

    /** Completes empty when the settler would settle these intents together now; {@link FillRejected} when not. */
    Mono<Void> simulateSettle(List<SwapIntent> intents, List<IntentSignature> signatures, List<RouteReplay.Step> steps,
                              List<BigInteger> amountsOut);

    /** The settlement of several intents, signed and not sent. */
    Mono<PreparedTransaction> prepareSettle(List<SwapIntent> intents, List<IntentSignature> signatures,
                                            List<RouteReplay.Step> steps, List<BigInteger> amountsOut);

    /** Sends signed bytes and answers the hash to follow (sending bytes the chain has is harmless). */
    Mono<String> broadcast(PreparedTransaction tx);

    /** How the intent whose EIP-712 digest is {@code intentHash} ended in the transaction {@code txHash}. */
    Mono<FillOutcome> await(String txHash, String intentHash);

    /** Whether the settler has consumed this intent's nonce: by a fill, or by a cancellation. */
    Mono<Boolean> nonceUsed(SwapIntent intent);

    /** {@code tx} re-signed to replace its pending self: same nonce, higher fee. */
    Mono<PreparedTransaction> withBumpedFee(PreparedTransaction tx);

    /** {@code tx}'s call re-signed with a fresh sender nonce. */
    Mono<PreparedTransaction> withFreshNonce(PreparedTransaction tx);

    /** The sender nonce {@code tx} was signed with. */
    BigInteger nonceOf(PreparedTransaction tx);

    /** Whether {@code tx} fills one intent, rather than settling several together. */
    boolean fillsOneIntent(PreparedTransaction tx);
}
