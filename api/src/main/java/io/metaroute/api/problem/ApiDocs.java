package io.metaroute.api.problem;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document at {@code /v3/api-docs} (Swagger UI at {@code /swagger-ui.html}): the
 * endpoints come from the controllers' annotations; this adds what they cannot say — the problem+json
 * shape of every refusal with the {@link ErrorKind} list, and the WebSocket quote stream.
 */
@Configuration(proxyBeanMethods = false)
public class ApiDocs {
    static final String PROBLEM = "Problem";
    static final String KIND = "ErrorKind";

    @Bean
    OpenAPI metarouteApi() {
        return new OpenAPI().info(new Info().title("Metaroute").version("1")
                .description("Intent solver and DEX aggregator for rollups. Amounts are base-unit integers written as decimal strings; "
                        + "unknown fields are refused; every refusal is application/problem+json with a stable `kind` (see the "
                        + "ErrorKind schema) and the `field` at fault."));
    }

    @Bean
    OpenApiCustomizer problemsAndStream() {
        return api -> {
            if (api.getComponents() == null) {
                api.setComponents(new Components());
            }
            api.getComponents().addSchemas(KIND, kindSchema()).addSchemas(PROBLEM, problemSchema());
            if (api.getPaths() != null) {
                api.getPaths().values().forEach(item -> item.readOperations().forEach(ApiDocs::withProblems));
                api.getPaths().addPathItem("/v1/quotes/stream", new PathItem().get(streamOperation()));
            }
        };
    }

    private static Schema<?> kindSchema() {
        var kinds = Arrays.stream(ErrorKind.values());
        var schema = new StringSchema();
        Arrays.stream(ErrorKind.values()).forEach(k -> schema.addEnumItem(k.wire()));
        return schema.description("The stable `kind` of a refusal, the same over HTTP and the WebSocket stream:\n\n"
                + "| kind | status | when |\n|---|---|---|\n"
                + kinds.map(k -> "| `" + k.wire() + "` | " + k.status().value() + " | " + k.description() + " |")
                .collect(Collectors.joining("\n")));
    }

    private static Schema<?> problemSchema() {
        return new ObjectSchema().description("RFC 9457 problem details (application/problem+json)")
                .addProperty("type", new StringSchema().description("https://metaroute.io/problems/<kind with dashes>"))
                .addProperty("title", new StringSchema().description("the kind in words"))
                .addProperty("status", new IntegerSchema().description("the HTTP status, the kind's own"))
                .addProperty("detail", new StringSchema().description("what was wrong, for humans"))
                .addProperty("instance", new StringSchema().description("the request path"))
                .addProperty("kind", new Schema<>().$ref("#/components/schemas/" + KIND))
                .addProperty("field", new StringSchema().description("the field at fault as a JSON path, e.g. typedData.message.amountIn; "
                        + "a header name for 406/415; absent when no field is at fault"));
    }

    private static void withProblems(Operation op) {
        var content = new Content().addMediaType("application/problem+json",
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)));
        op.getResponses().addApiResponse("default", new ApiResponse()
                .description("a refusal: problem+json with a stable kind (see ErrorKind for each kind's status)").content(content));
    }

    private static Operation streamOperation() {
        Map<String, String> params = Map.of(
                "chainId", "chain id of the rollup",
                "tokenIn", "token sold, address or symbol",
                "tokenOut", "token bought, address or symbol",
                "amountIn", "amount sold in base units, decimal digits");
        var op = new Operation().operationId("quoteStream").addTagsItem("quotes")
                .summary("WebSocket: the best route for a prospective trade, pushed on every market change")
                .description("Upgrade to a WebSocket. The server sends the best route at once and again whenever the market changes "
                        + "the answer: `{\"type\":\"route\",\"snapshotVersion\",\"expectedAmountOut\",\"route\",\"certificate\"}` or "
                        + "`{\"type\":\"no_route\",\"reason\",\"detail\"}`; a slow client gets the latest answer, not a backlog. Bad or "
                        + "unknown parameters get one `{\"type\":\"problem\",\"kind\",\"field\",\"detail\"}` message with the same kind "
                        + "and field as POST /v1/quotes, then close 1008.");
        params.forEach((name, what) -> op.addParametersItem(new Parameter().in("query").name(name).required(true)
                .description(what).schema(new StringSchema())));
        op.setResponses(new io.swagger.v3.oas.models.responses.ApiResponses()
                .addApiResponse("101", new ApiResponse().description("switching to the WebSocket protocol")));
        return op;
    }
}
