package io.metaroute.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.core.chain.Address;
import io.metaroute.core.intent.IntentSignature;
import io.metaroute.core.intent.IntentTypedData;
import io.metaroute.core.intent.SigningDomain;
import io.metaroute.core.intent.SwapIntent;
import io.metaroute.core.network.PoolRef;
import io.metaroute.core.network.Rollup;
import io.metaroute.core.route.Leg;
import io.metaroute.core.route.Route;
import io.metaroute.devnet.Devnet;
import io.metaroute.devnet.DevnetExtension;
import io.metaroute.execution.fill.FillExecutor;
import io.metaroute.execution.fill.FillOutcome;
import io.metaroute.execution.fill.FillRejected;
import io.metaroute.execution.observe.ExecutionEvents;
import io.metaroute.execution.tx.ChainClient;
import io.metaroute.execution.tx.NonceManager;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.protocol.core.DefaultBlockParameterName;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

@ExtendWith(DevnetExtension.class)
class FillExecutorTest {

    @Test
    void concurrentReservationsGetDistinctConsecutiveNonces(Devnet devnet) throws Exception {
        Rollup r = devnet.rollup("veil");
        var account = devnet.wallets().get(2).address().hex();
        var web3j = devnet.web3j(r.chainId());
        long pending = web3j.ethGetTransactionCount(account, DefaultBlockParameterName.PENDING).send().getTransactionCount().longValueExact();
        var nonces = new NonceManager(web3j, account);

        StepVerifier.create(Flux.range(0, 50).flatMap(i -> nonces.reserve(), 50).map(BigInteger::longValueExact).sort())
                .expectNextSequence(java.util.stream.LongStream.range(pending, pending + 50).boxed().toList())
                .verifyComplete();
    }

    @Test
    void aFillTheSettlerRefusesIsRejectedInSimulationAndBurnsNoNonce(Devnet devnet) throws Exception {
        Rollup r = devnet.rollup("ember");
        var wallet = devnet.wallets().get(1);
        var executor = devnet.executor();
        var client = new ChainClient(r.chainId(), devnet.web3j(r.chainId()), executor.credentials(), Duration.ofMillis(20));
        var fills = new FillExecutor(client, r.settler(), ExecutionEvents.noMetrics(), Duration.ofSeconds(20));
        Address usdc = r.tokenBySymbol("USDC").orElseThrow().address();
        Address weth = r.tokenBySymbol("WETH").orElseThrow().address();
        PoolRef direct = r.pools().stream().filter(p -> p.token0().equals(usdc) && p.token1().equals(weth)
                || p.token0().equals(weth) && p.token1().equals(usdc)).findFirst().orElseThrow();
        BigInteger amountIn = BigInteger.valueOf(1_000_000);
        var route = new Route(r.chainId(), usdc, weth, amountIn, BigInteger.ONE,
                List.of(new Leg(direct.address(), usdc, weth, amountIn, BigInteger.ONE)), 0);

        var greedy = intent(wallet.address(), r, usdc, weth, amountIn, new BigInteger("1000000000000000000000"));
        var greedySig = sign(greedy, r, wallet);
        long before = pendingNonce(devnet, r, executor.address());
        StepVerifier.create(fills.simulate(greedy, greedySig, route))
                .expectErrorSatisfies(e -> assertThat(((FillRejected) e).reason()).isEqualTo("InsufficientOutput"))
                .verify(Duration.ofSeconds(10));
        StepVerifier.create(fills.prepare(greedy, greedySig, route))
                .expectErrorSatisfies(e -> assertThat(((FillRejected) e).reason()).isEqualTo("InsufficientOutput"))
                .verify(Duration.ofSeconds(10));

        // the next good fill takes exactly the nonce the chain expects: nothing was burnt
        var fair = intent(wallet.address(), r, usdc, weth, amountIn, BigInteger.ONE);
        var fairSig = sign(fair, r, wallet);
        BigInteger simulated = fills.simulate(fair, fairSig, route).block(Duration.ofSeconds(10));
        var tx = fills.prepare(fair, fairSig, route).block(Duration.ofSeconds(10));
        assertThat(tx.nonce().longValueExact()).isEqualTo(before);
        StepVerifier.create(fills.broadcast(tx).flatMap(fills::await))
                .assertNext(outcome -> {
                    assertThat(outcome).as("the fair fill").isInstanceOf(FillOutcome.Filled.class);
                    assertThat(((FillOutcome.Filled) outcome).report().amountOut()).isEqualTo(simulated);
                })
                .verifyComplete();
        // sending the same bytes again (as after a restart) is harmless: the chain already has them
        StepVerifier.create(fills.broadcast(tx).onErrorResume(e -> reactor.core.publisher.Mono.just("refused")))
                .expectNextCount(1).verifyComplete();
        assertThat(pendingNonce(devnet, r, executor.address())).isEqualTo(before + 1);
    }

    static SwapIntent intent(Address user, Rollup r, Address in, Address out, BigInteger amountIn, BigInteger minOut) {
        return new SwapIntent(user, user, new BigInteger(100, new java.security.SecureRandom()), r.chainId(), r.chainId(), in,
                amountIn, out, minOut, Instant.now().getEpochSecond() + 600);
    }

    static IntentSignature sign(SwapIntent intent, Rollup r, io.metaroute.devnet.DevAccount wallet) {
        return IntentSignature.sign(IntentTypedData.digest(SigningDomain.of(r.chainId(), r.settler()), intent),
                wallet.credentials().getEcKeyPair());
    }

    static long pendingNonce(Devnet devnet, Rollup r, Address account) throws Exception {
        return devnet.web3j(r.chainId()).ethGetTransactionCount(account.hex(), DefaultBlockParameterName.PENDING).send()
                .getTransactionCount().longValueExact();
    }
}
