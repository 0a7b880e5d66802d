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
            describeResponses(api.getComponents());
            if (api.getPaths() != null) {
                api.getPaths().values().forEach(item -> item.readOperations().forEach(ApiDocs::withProblems));
                api.getPaths().addPathItem("/v1/quotes/stream", new PathItem().get(streamOperation()));
                api.getPaths().addPathItem("/v1/rfq", new PathItem().get(rfqOperation()));
                api.getPaths().addPathItem("/v1/stream", new PathItem().get(publicStreamOperation()));
            }
        };
    }

    private static final String AMOUNT = "base units, decimal string";

    /** What each field of the answers means, for answer records that carry no annotations of their own. */
    private static final Map<String, Map<String, String>> RESPONSE_FIELDS = Map.of(
            "QuoteResponse", Map.ofEntries(
                    Map.entry("chainId", "the rollup"), Map.entry("tokenIn", "token sold (checksummed address)"),
                    Map.entry("tokenOut", "token bought (checksummed address)"), Map.entry("amountIn", "amount sold, " + AMOUNT),
                    Map.entry("expectedAmountOut", "what the route pays on the current market, " + AMOUNT),
                    Map.entry("minAmountOut", "(expected − gas − fees) × (1 − slippage), rounded down: the signed minimum, "
                            + "with certificate.netAmountOut the expected output net of gas and fees, " + AMOUNT),
                    Map.entry("slippageBps", "the slippage bound used"), Map.entry("deadline", "unix seconds the intent is valid until"),
                    Map.entry("route", "the best route: legs in execution order with exact amounts"),
                    Map.entry("certificate", "optimality certificate of the route"),
                    Map.entry("typedData", "the EIP-712 SwapIntent to sign with eth_signTypedData_v4, then post to /v1/intents")),
            "RouteDto", Map.of("chainId", "the rollup", "tokenIn", "token sold", "tokenOut", "token bought",
                    "amountIn", "amount sold, " + AMOUNT, "amountOut", "amount the route pays, " + AMOUNT,
                    "snapshotVersion", "market snapshot the route was found on", "legs", "pool trades in execution order"),
            "LegDto", Map.of("pool", "pool address", "tokenIn", "token the leg sells", "tokenOut", "token the leg buys",
                    "amountIn", "amount the leg sells, " + AMOUNT, "amountOut", "amount the leg buys, " + AMOUNT,
                    "share", "parts in 10^18 of what the route holds of tokenIn when the leg runs",
                    "maker", "the market maker whose firm quote the leg takes (then pool is the quote's venue id); absent for pools"),
            "CertificateDto", Map.of("netAmountOut", "output less gas priced in the output token, " + AMOUNT,
                    "upperBound", "a dual bound no route on this market can beat (net of the cheapest gas)",
                    "relativeGap", "(upperBound − netAmountOut) / upperBound", "gasInTokenOut", "gas cost in the output token, " + AMOUNT,
                    "gasUnits", "gas the fill is expected to use", "iterations", "dual iterations of the search",
                    "method", "how the route was found",
                    "holds", "false when the bound fell below the route: a fault of the search, shown rather than hidden",
                    "gapParts", "the gap split into the solver's, the leg limit's and gas's shares of the bound"),
            "GapParts", Map.of("solver", "(bound − unlimited optimum's exact output) / bound",
                    "legLimit", "(unlimited optimum's output − the route's gross output) / bound",
                    "gas", "(the route's gas − one leg's gas) / bound",
                    "unlimitedAmountOut", "exact output of the unlimited optimum's program, " + AMOUNT,
                    "unlimitedLegs", "legs of the unlimited optimum's program"),
            "IntentView", Map.ofEntries(
                    Map.entry("id", "the intent's id"), Map.entry("status", "received, routed, submitted, filled, rejected or failed"),
                    Map.entry("reason", "why it was rejected or failed (e.g. bound_unreachable, a settler error by name such as TransferFailed)"),
                    Map.entry("intentHash", "EIP-712 digest of the signed intent"), Map.entry("user", "the signer"),
                    Map.entry("recipient", "who receives the output"), Map.entry("nonce", "the settler nonce"),
                    Map.entry("originChainId", "chain the intent sells on"), Map.entry("destinationChainId", "chain it buys on"),
                    Map.entry("tokenIn", "token sold"), Map.entry("amountIn", "amount sold, " + AMOUNT), Map.entry("tokenOut", "token bought"),
                    Map.entry("minAmountOut", "the signed minimum, " + AMOUNT),
                    Map.entry("deadline", "unix seconds the intent is valid until"),
                    Map.entry("quotedAmountOut", "what routing expected to pay, " + AMOUNT),
                    Map.entry("realisedAmountOut", "what the chain paid, " + AMOUNT), Map.entry("txHash", "the fill transaction"),
                    Map.entry("route", "the route executed (pool legs, or coincidence_of_wants with matchedIn, aloneAmountOut, members)"),
                    Map.entry("createdAt", "when it was accepted"), Map.entry("updatedAt", "its last change"),
                    Map.entry("history", "every step with its time")),
            "Step", Map.of("status", "the status entered", "detail", "what happened", "at", "when"),
            "ChainView", Map.ofEntries(
                    Map.entry("name", "rollup name"), Map.entry("profile", "its role (gaming, zk_privacy, enterprise)"),
                    Map.entry("chainId", "EVM chain id"), Map.entry("domain", "Metalayer domain id (not the chain id)"),
                    Map.entry("rpcUrl", "JSON-RPC over HTTP"), Map.entry("wsUrl", "JSON-RPC over WebSocket"),
                    Map.entry("blockTimeMillis", "block time"), Map.entry("gasPriceWei", "gas price the router assumes"),
                    Map.entry("settler", "the settler contract: approve it for tokenIn, and it is verifyingContract of the signing domain"),
                    Map.entry("poolFactory", "the Uniswap V2 factory"), Map.entry("signingDomain", "the EIP-712 domain intents on it are signed in"),
                    Map.entry("tokens", "number of tokens listed"), Map.entry("pools", "number of pools followed")),
            "TokenView", Map.of("chainId", "the rollup", "symbol", "symbol", "address", "checksummed address", "decimals", "decimals"));

    private static void describeResponses(Components components) {
        if (components.getSchemas() == null) {
            return;
        }
        RESPONSE_FIELDS.forEach((name, fields) -> {
            Schema<?> schema = components.getSchemas().get(name);
            if (schema != null && schema.getProperties() != null) {
                fields.forEach((field, what) -> {
                    Schema<?> property = schema.getProperties().get(field);
                    if (property != null && property.getDescription() == null) {
                        property.setDescription(what);
                    }
                });
            }
        });
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

    private static Operation rfqOperation() {
        var op = new Operation().operationId("rfq").addTagsItem("rfq")
                .summary("WebSocket: market makers stream EIP-712 signed firm quotes and receive requests for quotes")
                .description("Upgrade to a WebSocket. The server sends `{\"type\":\"challenge\",\"challenge\",\"message\"}`; the maker "
                        + "answers `{\"type\":\"login\",\"maker\",\"signature\"}` (EIP-191 personal_sign of `message`) and, if it is "
                        + "an allowed maker, gets `{\"type\":\"ready\",\"maker\",\"chains\",\"minLifeSeconds\",\"maxLifeSeconds\"}`; "
                        + "otherwise `refused` (reason unauthorised) and close 1008. Then each `{\"type\":\"quote\",\"chainId\",\"quote\":"
                        + "{maker,tokenIn,tokenOut,amountIn,amountOut,expiry,nonce},\"signature\",\"requestId\"?}`, the EIP-712 "
                        + "`MakerQuote(address maker,address tokenIn,address tokenOut,uint256 amountIn,uint256 amountOut,uint256 expiry,"
                        + "uint256 nonce)` in the settler's domain with uints as decimal strings, is answered `{\"type\":\"accepted\","
                        + "\"venue\",\"digest\",\"nonce\"}` or `{\"type\":\"refused\",\"reason\",\"detail\"}` with reason one of "
                        + "malformed, unsigned, bad_signature, expired, expiry_too_far, crossed, replayed, unauthorised, unknown_chain, "
                        + "unknown_token, faded; and the server sends `{\"type\":\"rfq\",\"requestId\",\"chainId\",\"tokenIn\","
                        + "\"tokenOut\",\"amountIn\",\"answerBy\"}` for every trade quoted or intent received.");
        op.setResponses(new io.swagger.v3.oas.models.responses.ApiResponses()
                .addApiResponse("101", new ApiResponse().description("switching to the WebSocket protocol")));
        return op;
    }

    private static Operation publicStreamOperation() {
        var op = new Operation().operationId("publicStream").addTagsItem("quotes")
                .summary("WebSocket: many subscriptions on one socket — routes (one rollup or across two), intents, recent intents")
                .description("Upgrade to a WebSocket, then send JSON messages: `{\"op\":\"subscribe\",\"id\",\"channel\":\"route\","
                        + "\"chainId\",\"destinationChainId\"?,\"tokenIn\",\"tokenOut\",\"amountIn\"}` (the fields of POST /v1/quotes, "
                        + "checked the same way), `{\"op\":\"subscribe\",\"id\",\"channel\":\"intent\",\"intentId\"}`, "
                        + "`{\"op\":\"subscribe\",\"id\",\"channel\":\"intents\",\"limit\"?}` and `{\"op\":\"unsubscribe\",\"id\"}`. "
                        + "The server answers `subscribed`/`unsubscribed`, then updates carrying the subscription's `id`: `route` or "
                        + "`no_route` (as /v1/quotes/stream; cross-rollup ones with `crossRollup: true`), `intent` (as GET /v1/intents/{id}), "
                        + "`intents` (the most recently changed). Each subscription gets at most metaroute.stream.max-updates-per-second "
                        + "updates, latest wins. A bad message gets `{\"type\":\"problem\",\"id\"?,\"kind\",\"field\",\"detail\"}` "
                        + "with the HTTP API's kinds (also subscription_limit, unknown_subscription) and the socket stays open.");
        op.setResponses(new io.swagger.v3.oas.models.responses.ApiResponses()
                .addApiResponse("101", new ApiResponse().description("switching to the WebSocket protocol")));
        return op;
    }
}
