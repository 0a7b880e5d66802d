package io.metaroute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaroute.contracts.generated.TestToken;
import io.metaroute.contracts.generated.UniswapV2Pair;
import io.metaroute.core.chain.Address;
import io.metaroute.core.network.Rollup;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Clients watch the best route move in real time over a WebSocket. */
class QuoteStreamTest extends ApiTestBase {
    @LocalServerPort int port;
    @Autowired ObjectMapper json;

    @Test
    void aPoolChangeOnChainPushesANewBestRoute() {
        Rollup veil = devnet().rollup("veil");
        var received = new CopyOnWriteArrayList<JsonNode>();
        URI uri = URI.create("ws://127.0.0.1:" + port + "/v1/quotes/stream?chainId=" + veil.chainId().value()
                + "&tokenIn=USDC&tokenOut=WETH&amountIn=1000000000");

        new ReactorNettyWebSocketClient().execute(uri, session -> session.receive()
                        .map(m -> read(m.getPayloadAsText()))
                        .doOnNext(received::add)
                        .concatMap(m -> received.size() == 1 ? movePool(veil, m).thenReturn(m) : Mono.just(m))
                        .take(2)
                        .then())
                .block(Duration.ofSeconds(30));

        assertThat(received).hasSize(2).allSatisfy(m -> assertThat(m.get("type").asText()).isEqualTo("route"));
        assertThat(received.get(1).get("expectedAmountOut").asText()).isNotEqualTo(received.get(0).get("expectedAmountOut").asText());
        assertThat(received.get(1).get("snapshotVersion").asLong()).isGreaterThan(received.get(0).get("snapshotVersion").asLong());
    }

    @Test
    void badParametersGetOneProblemMessageAndTheSocketCloses() {
        URI uri = URI.create("ws://127.0.0.1:" + port + "/v1/quotes/stream?chainId=" + gaming().chainId().value()
                + "&tokenIn=USDC&tokenOut=WETH&amountIn=0");
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        new ReactorNettyWebSocketClient().execute(uri, session -> session.receive()
                        .map(m -> read(m.getPayloadAsText())).doOnNext(received::add).then())
                .block(Duration.ofSeconds(10));
        assertThat(received).singleElement().satisfies(p -> {
            assertThat(p.get("kind").asText()).isEqualTo("invalid_amount");
            assertThat(p.get("field").asText()).isEqualTo("amountIn");
        });
    }

    /** Donate the first leg's token0 to its pool and sync(): the reserves, and so the best output, change. */
    Mono<Void> movePool(Rollup r, JsonNode first) {
        return Mono.fromCallable(() -> {
            Address pool = Address.of(first.at("/route/legs/0/pool").asText());
            Address token0 = r.pools().stream().filter(p -> p.address().equals(pool)).findFirst().orElseThrow().token0();
            var wallet = wallet(0);
            var tm = new RawTransactionManager(devnet().web3j(r.chainId()), wallet.credentials(), r.chainId().value(),
                    devnet().receiptProcessor(r.chainId()));
            var gas = new StaticGasProvider(BigInteger.valueOf(3_000_000_000L), BigInteger.valueOf(300_000));
            int decimals = r.token(token0).orElseThrow().decimals();
            BigInteger hundredTokens = BigInteger.valueOf(100).multiply(BigInteger.TEN.pow(decimals));
            TestToken.load(token0.hex(), devnet().web3j(r.chainId()), tm, gas).transfer(pool.hex(), hundredTokens).send();
            UniswapV2Pair.load(pool.hex(), devnet().web3j(r.chainId()), tm, gas).sync().send();
            return true;
        }).subscribeOn(Schedulers.boundedElastic()).then();
    }

    JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
