package io.metaroute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;

/** The WebSocket stream refuses a bad prospective trade with the same kind and field as POST /v1/quotes. */
class StreamProblemParityTest extends ApiTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    /** A fault as stream parameters (null: left out) and the kind and field both must answer. */
    record Fault(String name, Map<String, String> params, String kind, String field) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Fault> faults() {
        return List.of(
                new Fault("missing amountIn", params("amountIn", null), "missing_field", "amountIn"),
                new Fault("hex amountIn", params("amountIn", "0x12"), "invalid_amount", "amountIn"),
                new Fault("fractional amountIn", params("amountIn", "1.5"), "invalid_amount", "amountIn"),
                new Fault("empty amountIn", params("amountIn", ""), "invalid_amount", "amountIn"),
                new Fault("zero amountIn", params("amountIn", "0"), "invalid_amount", "amountIn"),
                new Fault("unknown chain", params("chainId", "5"), "unknown_chain", "chainId"),
                new Fault("missing chain", params("chainId", null), "missing_field", "chainId"),
                new Fault("unknown token", params("tokenIn", "NOPE"), "unknown_token", "tokenIn"),
                new Fault("same tokens", params("tokenOut", "USDC"), "invalid_field", "tokenOut"),
                new Fault("token address with a bad checksum", params("tokenIn", "0x5fbDB2315678afecb367f032d93F642f64180aa3"),
                        "invalid_address", "tokenIn"));
    }

    private static Map<String, String> params(String key, String value) {
        var p = new LinkedHashMap<String, String>(Map.of("chainId", "710001", "tokenIn", "USDC", "tokenOut", "WETH", "amountIn", "1000000"));
        p.put(key, value);
        return p;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void sameKindAndFieldOverHttpAndTheStream(Fault fault) {
        var body = new LinkedHashMap<String, Object>();
        body.put("user", wallet(0).address().checksummed());
        fault.params().forEach((k, v) -> {
            if (v != null) {
                body.put(k, k.equals("chainId") ? (Object) Long.parseLong(v) : v);
            }
        });
        JsonNode http = this.http.post().uri("/v1/quotes").bodyValue(body).exchange()
                .expectStatus().is4xxClientError().expectBody(JsonNode.class).returnResult().getResponseBody();

        var query = new StringBuilder();
        fault.params().forEach((k, v) -> {
            if (v != null) {
                query.append(query.isEmpty() ? "?" : "&").append(k).append('=').append(v);
            }
        });
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        new ReactorNettyWebSocketClient().execute(URI.create("ws://127.0.0.1:" + port + "/v1/quotes/stream" + query),
                        session -> session.receive().map(m -> read(m.getPayloadAsText())).doOnNext(received::add).then())
                .block(Duration.ofSeconds(10));

        assertThat(http.get("kind").asText()).isEqualTo(fault.kind());
        assertThat(http.get("field").asText()).isEqualTo(fault.field());
        assertThat(received).singleElement().satisfies(p -> {
            assertThat(p.get("type").asText()).isEqualTo("problem");
            assertThat(p.get("kind").asText()).isEqualTo(http.get("kind").asText());
            assertThat(p.get("field").asText()).isEqualTo(http.get("field").asText());
        });
    }

    @org.junit.jupiter.api.Test
    void anUnknownStreamParameterIsRefusedByName() {
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        new ReactorNettyWebSocketClient().execute(URI.create("ws://127.0.0.1:" + port
                                + "/v1/quotes/stream?chainId=710001&tokenIn=USDC&tokenOut=WETH&amountIn=1000000&slipageBps=5000"),
                        session -> session.receive().map(m -> read(m.getPayloadAsText())).doOnNext(received::add).then())
                .block(Duration.ofSeconds(10));
        assertThat(received).singleElement().satisfies(p -> {
            assertThat(p.get("kind").asText()).isEqualTo("unknown_field");
            assertThat(p.get("field").asText()).isEqualTo("slipageBps");
        });
    }

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
