package io.metaroute.api.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaroute.api.input.Strict;
import io.metaroute.api.problem.ApiProblem;
import io.metaroute.api.problem.ErrorKind;
import io.metaroute.api.quotes.CrossQuotes;
import io.metaroute.api.quotes.QuoteRequest;
import io.metaroute.api.quotes.QuoteService;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads the client's messages on the public stream, as strictly as the HTTP API reads a body: a
 * field that is not part of the message is refused by name, every field has its JSON type, and a
 * route's fields are checked by the same code, with the same kinds and fields, as {@code POST /v1/quotes}.
 *
 * <pre>
 * {"op":"subscribe","id":"a","channel":"route","chainId":710001,"tokenIn":"USDC","tokenOut":"WETH","amountIn":"1000000000"}
 * {"op":"subscribe","id":"b","channel":"route","chainId":710001,"destinationChainId":710002,"tokenIn":"USDC","tokenOut":"USDC","amountIn":"100000000"}
 * {"op":"subscribe","id":"c","channel":"intent","intentId":"9e909a08-ee8f-418a-83aa-1644856afad3"}
 * {"op":"subscribe","id":"d","channel":"intents","limit":20}
 * {"op":"unsubscribe","id":"a"}
 * </pre>
 */
final class StreamCommands {
    /** Ids are the client's names for its subscriptions: short, printable, unique per connection. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final List<String> ROUTE_FIELDS = List.of("op", "id", "channel", "chainId", "destinationChainId", "tokenIn",
            "tokenOut", "amountIn");
    static final int MAX_RECENT = 50;

    sealed interface Command {
        String id();
    }

    record Subscribe(String id, Channel channel) implements Command {
    }

    record Unsubscribe(String id) implements Command {
    }

    private final ObjectMapper json;
    private final QuoteService quotes;
    private final CrossQuotes crossQuotes;
    private final int defaultRecent;

    StreamCommands(ObjectMapper json, QuoteService quotes, CrossQuotes crossQuotes, int defaultRecent) {
        this.json = json;
        this.quotes = quotes;
        this.crossQuotes = crossQuotes;
        this.defaultRecent = defaultRecent;
    }

    /** The message as a JSON object; its id, when it has a usable one, for the problem answer. */
    JsonNode tree(String text) {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (java.io.IOException e) {
            throw ApiProblem.of(ErrorKind.MALFORMED_JSON, null, "a stream message must be a JSON object, e.g. "
                    + "{\"op\":\"subscribe\",\"id\":\"a\",\"channel\":\"route\",…}");
        }
        if (node == null || !node.isObject()) {
            throw ApiProblem.of(ErrorKind.MALFORMED_JSON, null, "a stream message must be a JSON object");
        }
        return node;
    }

    /** The id the message names, or null when it names none that could be used. */
    static String idOf(JsonNode node) {
        JsonNode id = node == null ? null : node.get("id");
        return id != null && id.isTextual() && ID.matcher(id.textValue()).matches() ? id.textValue() : null;
    }

    Command read(JsonNode node) {
        String op = Strict.text(node.get("op"), "op");
        String id = Strict.text(node.get("id"), "id");
        if (!ID.matcher(id).matches()) {
            throw ApiProblem.of(ErrorKind.INVALID_FIELD, "id", "id must be 1 to 64 letters, digits or . _ : -");
        }
        return switch (op) {
            case "subscribe" -> new Subscribe(id, channel(node));
            case "unsubscribe" -> {
                Strict.onlyFields(node, List.of("op", "id"), null);
                yield new Unsubscribe(id);
            }
            default -> throw ApiProblem.of(ErrorKind.INVALID_FIELD, "op", "op must be subscribe or unsubscribe, got " + op);
        };
    }

    private Channel channel(JsonNode node) {
        String channel = Strict.text(node.get("channel"), "channel");
        return switch (channel) {
            case Channel.ROUTE -> route(node);
            case Channel.INTENT -> {
                Strict.onlyFields(node, List.of("op", "id", "channel", "intentId"), null);
                String text = Strict.text(node.get("intentId"), "intentId");
                try {
                    yield new Channel.Intent(UUID.fromString(text));
                } catch (IllegalArgumentException e) {
                    throw ApiProblem.of(ErrorKind.INVALID_FIELD, "intentId", "intentId must be a UUID, got " + text);
                }
            }
            case Channel.INTENTS -> {
                Strict.onlyFields(node, List.of("op", "id", "channel", "limit"), null);
                JsonNode limit = node.get("limit");
                long n = Strict.absent(limit) ? defaultRecent : Strict.integer(limit, "limit");
                if (n < 1 || n > MAX_RECENT) {
                    throw ApiProblem.of(ErrorKind.INVALID_FIELD, "limit", "limit must be between 1 and " + MAX_RECENT);
                }
                yield new Channel.RecentIntents((int) n);
            }
            default -> throw ApiProblem.of(ErrorKind.INVALID_FIELD, "channel", "channel must be one of "
                    + String.join(", ", Channel.NAMES) + ", got " + channel);
        };
    }

    /** A route's fields read as POST /v1/quotes reads them, so the same fault gets the same kind and field. */
    private Channel route(JsonNode node) {
        Strict.onlyFields(node, ROUTE_FIELDS, null);
        ObjectNode body = ((ObjectNode) node).deepCopy();
        body.remove(List.of("op", "id", "channel"));
        QuoteRequest q = QuoteRequest.fromJson(body);
        return new Channel.Route(q.crossRollup()
                ? crossQuotes.routeRequest(q.chainId(), q.destinationChainId(), q.tokenIn(), q.tokenOut(), q.amountIn())
                : quotes.routeRequest(q.chainId(), q.tokenIn(), q.tokenOut(), q.amountIn()));
    }
}
