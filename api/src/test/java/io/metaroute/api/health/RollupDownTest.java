package io.metaroute.api.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaroute.core.network.Rollup;
import io.metaroute.devnet.Devnet;
import io.metaroute.devnet.DevnetConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.Disposable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * An anvil node killed and started again under the running service: the rollup turns DOWN in
 * {@code /actuator/health} ({@code market}), quotes that need it are declined with the reason while
 * the other rollup still quotes, and once the node is back on its port (its chain kept in a state
 * file) the same service routes there again, without a restart. The devnet is this test's own, so
 * the shared one is never taken down.
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.r2dbc.url=r2dbc:postgresql://127.0.0.1:5432/test",
        "spring.r2dbc.username=postgres",
        "metaroute.database.schema=${metaroute.it.schema:metaroute_it}_down",
        "metaroute.database.clean-on-start=true",
        "metaroute.feeds.resync-every=2s",
        "metaroute.executor.receipt-timeout=5s",
        "metaroute.cross.enabled=false"})
class RollupDownTest {
    private static Devnet devnet;
    private static Path state;

    @Autowired
    WebTestClient http;

    @org.springframework.boot.test.web.server.LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    @DynamicPropertySource
    static void network(DynamicPropertyRegistry registry) throws IOException {
        state = Files.createTempDirectory("metaroute-rollup-down-");
        devnet = Devnet.start(DevnetConfig.defaults().withRollups(DevnetConfig.defaultRollups().subList(0, 2)).withStateDirectory(state));
        registry.add("metaroute.network.file", () -> devnet.descriptionFile().toString());
    }

    @AfterAll
    static void stop() {
        if (devnet != null) {
            devnet.close();
        }
    }

    private JsonNode market() {
        return http.get().uri("/actuator/health").exchange().expectBody(JsonNode.class).returnResult().getResponseBody()
                .at("/components/market");
    }

    private WebTestClient.ResponseSpec quote(Rollup r) {
        return http.mutate().responseTimeout(Duration.ofSeconds(30)).build().post().uri("/v1/quotes")
                .bodyValue(Map.of("chainId", r.chainId().value(), "tokenIn", "USDC", "tokenOut", "WETH", "amountIn", "1000000000",
                        "slippageBps", 50, "user", devnet.wallets().getFirst().address().hex()))
                .exchange();
    }

    private Duration awaitMarket(String rollup, Predicate<JsonNode> condition, Duration limit, String what) throws InterruptedException {
        long t0 = System.nanoTime();
        JsonNode last = market();
        while (!condition.test(last.at("/details/" + rollup))) {
            if (System.nanoTime() - t0 > limit.toNanos()) {
                throw new AssertionError("not within " + limit.toMillis() + " ms: " + what + "; market health " + last.toPrettyString());
            }
            Thread.sleep(50);
            last = market();
        }
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Waits for the stream's next message of {@code type} after those already seen of another type. */
    private static JsonNode awaitStreamed(List<JsonNode> streamed, String type) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (streamed.isEmpty() || !streamed.getLast().path("type").asText().equals(type)) {
            if (System.nanoTime() > until) {
                throw new AssertionError("the stream sent no " + type + " within 15 s: " + streamed);
            }
            Thread.sleep(20);
        }
        return streamed.getLast();
    }

    @Test
    void aKilledNodeIsMarkedDownAvoidedByRoutesAndUsedAgainOnceItIsBack() throws Exception {
        Rollup ember = devnet.rollup("ember");
        Rollup veil = devnet.rollup("veil");
        awaitMarket("ember", d -> d.path("status").asText().equals("UP"), Duration.ofSeconds(10), "ember up at start");
        assertThat(market().path("status").asText()).isEqualTo("UP");
        quote(ember).expectStatus().isOk();
        // a wallet watching the route on ember: it sees the rollup drop out and come back without asking again
        var streamed = new CopyOnWriteArrayList<JsonNode>();
        URI stream = URI.create("ws://127.0.0.1:" + port + "/v1/quotes/stream?chainId=" + ember.chainId().value()
                + "&tokenIn=USDC&tokenOut=WETH&amountIn=1000000000");
        Disposable watching = new ReactorNettyWebSocketClient().execute(stream, session -> session.receive()
                .map(m -> read(m.getPayloadAsText())).doOnNext(streamed::add).then()).subscribe();
        awaitStreamed(streamed, "route");

        devnet.stopNode(ember.chainId());
        assertThat(devnet.nodeRunning(ember.chainId())).isFalse();
        Duration noticed = awaitMarket("ember", d -> d.path("status").asText().equals("DOWN"), Duration.ofSeconds(10), "ember down");
        JsonNode down = market();
        assertThat(down.path("status").asText()).isEqualTo("DOWN");
        assertThat(down.at("/details/ember/reason").asText()).contains("node is failing");
        assertThat(down.at("/details/veil/status").asText()).isEqualTo("UP");

        JsonNode declined = quote(ember).expectStatus().isEqualTo(422).expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(declined.path("kind").asText()).isEqualTo("no_route");
        assertThat(declined.path("detail").asText()).startsWith("rollup_unhealthy: chain " + ember.chainId() + " is down")
                .contains("routes avoid it until its feed recovers");
        quote(veil).expectStatus().isOk();
        JsonNode streamedDecline = awaitStreamed(streamed, "no_route");
        assertThat(streamedDecline.path("reason").asText()).isEqualTo("rollup_unhealthy");

        devnet.startNode(ember.chainId());
        Duration recovered = awaitMarket("ember", d -> d.path("status").asText().equals("UP"), Duration.ofSeconds(20), "ember back up");
        System.out.println("ember marked down " + noticed.toMillis() + " ms after its node stopped; up again "
                + recovered.toMillis() + " ms after it restarted");
        awaitStreamed(streamed, "route");
        watching.dispose();
        JsonNode quoted = quote(ember).expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(new java.math.BigInteger(quoted.path("expectedAmountOut").asText())).isPositive();
        assertThat(market().at("/details/ember/block").asLong()).isPositive();
        JsonNode unhealthy = http.get().uri("/actuator/metrics/metaroute.feeds.rollup.unhealthy?tag=chain:{c}&tag=state:DOWN",
                ember.chainId().value()).exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(unhealthy.at("/measurements/0/value").asDouble()).as("the fall was counted").isGreaterThanOrEqualTo(1);
        JsonNode up = http.get().uri("/actuator/metrics/metaroute.feeds.rollup.up?tag=chain:{c}", ember.chainId().value()).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(up.at("/measurements/0/value").asDouble()).isEqualTo(1.0);
    }
}
