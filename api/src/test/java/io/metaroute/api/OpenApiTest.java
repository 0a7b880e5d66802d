package io.metaroute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaroute.api.problem.ErrorKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OpenAPI document describes every endpoint, every request field and every error kind. */
class OpenApiTest extends ApiTestBase {

    private JsonNode document() {
        return http.get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    @Test
    void everyEndpointIsDescribed() {
        JsonNode paths = document().get("paths");
        Map<String, String> endpoints = Map.of("/v1/quotes", "post", "/v1/intents", "post", "/v1/intents/{id}", "get",
                "/v1/chains", "get", "/v1/tokens", "get", "/v1/network", "get", "/v1/market/snapshot", "get",
                "/v1/quotes/stream", "get", "/v1/rfq", "get", "/v1/rfq/makers", "get");
        endpoints.forEach((path, method) -> {
            JsonNode op = paths.path(path).path(method);
            assertThat(op.isObject()).as(method + " " + path + " in the document").isTrue();
            assertThat(op.path("responses").has("default") || path.endsWith("/stream") || path.equals("/v1/rfq"))
                    .as(method + " " + path + " documents its problem+json refusals").isTrue();
        });
        assertThat(paths.path("/v1/intents/{id}").path("get").path("summary").asText()).isNotBlank();
        assertThat(paths.path("/v1/quotes/stream").path("get").path("parameters").findValuesAsText("name"))
                .containsExactlyInAnyOrder("chainId", "tokenIn", "tokenOut", "amountIn");
    }

    @Test
    void everyErrorKindIsListedWithItsStatus() {
        JsonNode kind = document().path("components").path("schemas").path("ErrorKind");
        List<String> listed = new ArrayList<>();
        kind.path("enum").forEach(k -> listed.add(k.asText()));
        String table = kind.path("description").asText();
        for (ErrorKind k : ErrorKind.values()) {
            assertThat(listed).contains(k.wire());
            assertThat(table).contains("| `" + k.wire() + "` | " + k.status().value() + " |");
        }
        JsonNode problem = document().path("components").path("schemas").path("Problem").path("properties");
        assertThat(problem.path("kind").path("$ref").asText()).endsWith("/ErrorKind");
        assertThat(problem.has("field")).isTrue();
    }

    @Test
    void everyRequestFieldIsDescribed() {
        JsonNode schemas = document().path("components").path("schemas");
        for (String f : List.of("chainId", "tokenIn", "tokenOut", "amountIn", "slippageBps", "user", "recipient", "deadlineSeconds", "nonce")) {
            assertThat(schemas.path("QuoteRequest").path("properties").path(f).path("description").asText())
                    .as("QuoteRequest." + f).isNotBlank();
        }
        for (String schema : List.of("QuoteResponse", "RouteDto", "LegDto", "CertificateDto", "IntentView", "Step", "ChainView", "TokenView")) {
            JsonNode properties = schemas.path(schema).path("properties");
            assertThat(properties.isObject()).as(schema + " in the document").isTrue();
            properties.fields().forEachRemaining(p -> assertThat(p.getValue().path("description").asText())
                    .as(schema + "." + p.getKey() + " is described").isNotBlank());
        }
        for (String f : List.of("typedData", "signature")) {
            assertThat(schemas.path("IntentSubmission").path("properties").path(f).path("description").asText())
                    .as("IntentSubmission." + f).isNotBlank();
        }
    }

    @Test
    void swaggerUiIsServed() {
        http.get().uri("/webjars/swagger-ui/index.html").exchange().expectStatus().isOk();
        http.get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();
    }
}
