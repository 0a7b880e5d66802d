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
import io.metaroute.quotefeeds.market.MarketStore;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import org.web3j.tx.response.NoOpProcessor;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import org.springframework.web.reactive.socket.WebSocketMessage;
import reactor.core.scheduler.Schedulers;

/** Clients watch the best route move in real time over a WebSocket. */
class QuoteStreamTest extends ApiTestBase {
    @LocalServerPort int port;
    @Autowired ObjectMapper json;
    @Autowired MarketStore market;

    /** Market changes driven while the slow client does not read. */
    static final int CHANGES = 80;
    /**
     * Most answers on versions up to the last change a resumed client may get, the latest included.
     * The server sends the next answer only after the client has read the last (its ping answered,
     * see ReadReceipts), so it holds one in flight and the latest: the one in flight, then the
     * latest. The slow client here answers pings when its application reads them, in order with
     * the answers. (A WebSocket stack that answers pings as it decodes them, before the application
     * has taken the answers ahead of them - Reactor Netty's default, a browser's - reads ahead into
     * its own memory, and the server cannot tell; in full-suite runs such a client got 22 and 23.)
     */
    static final int BOUND = 2;

    @Test
    void aClientThatStopsReadingGetsABoundedFewStaleAnswersThenTheLatest() throws Exception {
        Rollup ember = gaming();
        URI uri = URI.create("ws://127.0.0.1:" + port + "/v1/quotes/stream?chainId=" + ember.chainId().value()
                + "&tokenIn=USDC&tokenOut=WETH&amountIn=1000000000");
        var fast = new CopyOnWriteArrayList<JsonNode>();
        var slow = new CopyOnWriteArrayList<JsonNode>();
        // the slow client answers pings itself when it reads them (handlePing), not as its stack decodes them
        var pongs = Sinks.many().unicast().<byte[]>onBackpressureBuffer();
        var slowReader = new BaseSubscriber<WebSocketMessage>() {
            @Override
            protected void hookOnSubscribe(Subscription subscription) {
                subscription.request(1); // reads the first answer, then stops reading
            }

            @Override
            protected void hookOnNext(WebSocketMessage m) {
                if (m.getType() == WebSocketMessage.Type.PING) {
                    byte[] payload = new byte[m.getPayload().readableByteCount()];
                    m.getPayload().read(payload);
                    pongs.tryEmitNext(payload);
                } else if (m.getType() == WebSocketMessage.Type.TEXT) {
                    slow.add(read(m.getPayloadAsText()));
                }
            }
        };
        Disposable fastClient = new ReactorNettyWebSocketClient().execute(uri, session -> session.receive()
                .map(m -> read(m.getPayloadAsText())).doOnNext(fast::add).then()).subscribe();
        Disposable slowClient = new ReactorNettyWebSocketClient(HttpClient.create(),
                () -> WebsocketClientSpec.builder().handlePing(true)).execute(uri, session -> {
            session.receive().subscribe(slowReader);
            return session.send(pongs.asFlux().map(p -> session.pongMessage(f -> f.wrap(p))));
        }).subscribe();
        try {
            await("both clients have their first answer", () -> !fast.isEmpty() && !slow.isEmpty());
            int fastBefore = fast.size();
            Address pool = Address.of(fast.getFirst().at("/route/legs/0/pool").asText());
            BigInteger balance = donateAndSync(ember, pool, CHANGES);
            await("the market holds the last change", () -> market.current().pools().values().stream()
                    .anyMatch(p -> p.address().equals(pool) && (p.reserve0().equals(balance))));
            long lastVersion = market.current().version();
            await("the reading client has the answer on the last change",
                    () -> fast.getLast().get("snapshotVersion").asLong() >= lastVersion);
            JsonNode latest = fast.getLast();
            assertThat(fast.size() - fastBefore).as("answers the market changes produced for a client that reads")
                    .isGreaterThan(CHANGES / 2);
            assertThat(slow).hasSize(1);

            slowReader.request(Long.MAX_VALUE); // resumes reading
            await("the resumed client has the latest answer", () -> slow.getLast().get("expectedAmountOut").asText()
                    .equals(latest.get("expectedAmountOut").asText()) && slow.getLast().get("snapshotVersion").asLong() >= lastVersion);
            Thread.sleep(500); // anything still queued for it arrives now, and would be counted
            var afterResume = List.copyOf(slow.subList(1, slow.size()));
            // the market goes on after the last change (the rollup's base fee settles block by block, and gas is
            // priced into the route): answers on later versions are news, not backlog; only the older ones are stale
            long stale = afterResume.stream().filter(a -> a.get("snapshotVersion").asLong() <= lastVersion).count();
            System.out.printf("slow client: %d answers after resuming (%d on versions up to the last change); a reading client"
                    + " got %d while it paused%n", afterResume.size(), stale, fast.size() - fastBefore);
            assertThat(afterResume).as("answers after resuming").isNotEmpty();
            assertThat(stale).as("stale answers after resuming (on versions up to the last change)").isLessThanOrEqualTo(BOUND);
            assertThat(afterResume).as("the latest answer among them").anySatisfy(a -> assertThat(a.get("expectedAmountOut").asText())
                    .isEqualTo(latest.get("expectedAmountOut").asText()));
        } finally {
            fastClient.dispose();
            slowClient.dispose();
        }
    }

    /**
     * {@code changes} market changes on {@code pool}: each donates a little of its token0 and
     * calls {@code sync()}, waiting for the sync to be mined before the next, so that each is a
     * market version of its own. Returns the pool's token0 balance after the last, its reserve.
     */
    BigInteger donateAndSync(Rollup r, Address pool, int changes) throws Exception {
        Address token0 = r.pools().stream().filter(p -> p.address().equals(pool)).findFirst().orElseThrow().token0();
        var web3j = devnet().web3j(r.chainId());
        var wallet = wallet(0);
        var noWait = new RawTransactionManager(web3j, wallet.credentials(), r.chainId().value(), new NoOpProcessor(web3j));
        var waits = new RawTransactionManager(web3j, wallet.credentials(), r.chainId().value(), devnet().receiptProcessor(r.chainId()));
        var gas = new StaticGasProvider(BigInteger.valueOf(3_000_000_000L), BigInteger.valueOf(300_000));
        BigInteger tenth = BigInteger.TEN.pow(r.token(token0).orElseThrow().decimals() - 1);
        var token = TestToken.load(token0.hex(), web3j, noWait, gas);
        var pair = UniswapV2Pair.load(pool.hex(), web3j, waits, gas);
        for (int i = 0; i < changes; i++) {
            token.transfer(pool.hex(), tenth).send();
            pair.sync().send();
        }
        return TestToken.load(token0.hex(), web3j, waits, gas).balanceOf(pool.hex()).send();
    }

    static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("not within 60 s: " + what);
            }
            Thread.sleep(20);
        }
    }

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
