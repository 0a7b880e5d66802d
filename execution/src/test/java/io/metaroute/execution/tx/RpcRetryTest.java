package io.metaroute.execution.tx;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.intent.IntentSignature;
import io.metaroute.core.intent.IntentTypedData;
import io.metaroute.core.intent.SigningDomain;
import io.metaroute.core.intent.SwapIntent;
import io.metaroute.core.route.Leg;
import io.metaroute.core.route.Route;
import io.metaroute.execution.fill.FillExecutor;
import io.metaroute.execution.fill.FillRejected;
import io.metaroute.execution.observe.ExecutionEvents;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.exceptions.ClientConnectionException;
import org.web3j.utils.Numeric;
import reactor.test.StepVerifier;

/**
 * A node that hiccups is not a verdict: simulation over a scripted node, under virtual time, is
 * retried through timeouts, "header not found" and 5xx answers, and only a revert rejects the fill.
 */
class RpcRetryTest {
    static final ChainId CHAIN = ChainId.of(710001);
    static final Address SETTLER = Address.of("0x5fc8d32690cc91d4c39d9d3abcbd16989f875707");
    static final Address USDC = Address.of("0x0000000000000000000000000000000000000001");
    static final Address WETH = Address.of("0x0000000000000000000000000000000000000002");
    static final Address POOL = Address.of("0x00000000000000000000000000000000000000aa");
    static final Credentials USER = Credentials.create("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
    static final Credentials EXECUTOR = Credentials.create("0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a");
    static final BigInteger IN = BigInteger.valueOf(1_000_000);
    static final SwapIntent INTENT = new SwapIntent(Address.of(USER.getAddress()), Address.of(USER.getAddress()), BigInteger.ONE,
            CHAIN, CHAIN, USDC, IN, WETH, BigInteger.ONE, 4_000_000_000L);
    static final IntentSignature SIGNATURE = IntentSignature.sign(
            IntentTypedData.digest(SigningDomain.of(CHAIN, SETTLER), INTENT), USER.getEcKeyPair());
    static final Route ROUTE = new Route(CHAIN, USDC, WETH, IN, BigInteger.ONE, List.of(new Leg(POOL, USDC, WETH, IN, BigInteger.ONE)), 0);
    static final RpcPolicy POLICY = new RpcPolicy(Duration.ofSeconds(10), 5, Duration.ofMillis(100), Duration.ofSeconds(2));

    static FillExecutor fills(FakeNode node) {
        return new FillExecutor(new ChainClient(CHAIN, Web3j.build(node), EXECUTOR, Duration.ofMillis(20), POLICY), SETTLER,
                ExecutionEvents.noMetrics(), Duration.ofSeconds(20));
    }

    static CompletableFuture<EthCall> returns(long value) {
        var call = new EthCall();
        call.setResult(Numeric.toHexStringWithPrefixZeroPadded(BigInteger.valueOf(value), 64));
        return CompletableFuture.completedFuture(call);
    }

    @Test
    void aSimulationWhoseFirstCallsTimeOutIsRetriedAndAnswers() {
        var node = new FakeNode((k, request) -> k < 2 ? new CompletableFuture<>() : returns(12_345));
        StepVerifier.withVirtualTime(() -> fills(node).simulate(INTENT, SIGNATURE, ROUTE))
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(10)) // the first call is still within its timeout
                .thenAwait(Duration.ofMinutes(1))
                .expectNext(BigInteger.valueOf(12_345))
                .verifyComplete();
        assertThat(node.calls()).containsExactly("eth_call", "eth_call", "eth_call");
    }

    @Test
    void headerNotFoundAndABadGatewayAreRetried() {
        var node = new FakeNode((k, request) -> switch (k) {
            case 0 -> FakeNode.error(EthCall.class, -32000, "header not found", null);
            case 1 -> CompletableFuture.failedFuture(new ClientConnectionException("Invalid response received: 502; Bad Gateway"));
            default -> returns(7);
        });
        StepVerifier.withVirtualTime(() -> fills(node).simulate(INTENT, SIGNATURE, ROUTE))
                .thenAwait(Duration.ofMinutes(1))
                .expectNext(BigInteger.valueOf(7))
                .verifyComplete();
        assertThat(node.calls()).hasSize(3);
    }

    @Test
    void aNodeThatNeverAnswersFailsTheStepWithoutRejectingTheIntent() {
        var node = new FakeNode((k, request) -> new CompletableFuture<>());
        StepVerifier.withVirtualTime(() -> fills(node).simulate(INTENT, SIGNATURE, ROUTE))
                .thenAwait(Duration.ofMinutes(5))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isNotInstanceOf(FillRejected.class).isInstanceOf(RpcException.class);
                    assertThat(((RpcException) e).failure()).isEqualTo(RpcFailure.TRANSIENT);
                })
                .verify();
        assertThat(node.calls()).as("the first try and %s retries", POLICY.retries()).hasSize(1 + POLICY.retries());
    }

    @Test
    void onlyARevertRejectsAndItIsNotRetried() {
        String intentExpired = Hash.sha3String("IntentExpired()").substring(0, 10);
        var node = new FakeNode((k, request) -> FakeNode.error(EthCall.class, 3, "execution reverted", intentExpired));
        StepVerifier.withVirtualTime(() -> fills(node).simulate(INTENT, SIGNATURE, ROUTE))
                .thenAwait(Duration.ofMinutes(1))
                .expectErrorSatisfies(e -> assertThat(((FillRejected) e).reason()).isEqualTo("IntentExpired"))
                .verify();
        assertThat(node.calls()).hasSize(1);
    }

    @Test
    void aFatalAnswerIsHandedBackAtOnce() {
        var node = new FakeNode((k, request) -> FakeNode.error(EthCall.class, -32602, "invalid params", null));
        StepVerifier.withVirtualTime(() -> fills(node).simulate(INTENT, SIGNATURE, ROUTE))
                .thenAwait(Duration.ofMinutes(1))
                .expectErrorSatisfies(e -> assertThat(((RpcException) e).failure()).isEqualTo(RpcFailure.FATAL))
                .verify();
        assertThat(node.calls()).hasSize(1);
    }
}
