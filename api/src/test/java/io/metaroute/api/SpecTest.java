package io.metaroute.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.metaroute.api.problem.ErrorKind;
import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.intent.IntentSignature;
import io.metaroute.core.intent.IntentTypedData;
import io.metaroute.core.intent.SwapIntent;
import io.metaroute.core.network.Rollup;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

/**
 * By-spec tests: every file under {@code src/test/resources/spec/<endpoint>/<case>.json} holds one
 * request and the response it must get — status, headers and a subset of the body — and runs here
 * against the real service on the devnet. Every refusal must also be problem+json whose status is
 * its kind's, store nothing, and leave no ERROR line or stack trace in the log.
 *
 * <p>A request has {@code method}, {@code path}, {@code headers} and either {@code body} (JSON),
 * {@code rawBody} (sent as written; {@code chunked: true} sends it without a length) or
 * {@code intent}: a signed {@code POST /v1/intents} body built here — wallet 0 selling 1 USDC for
 * WETH on ember unless {@code message} overrides signed fields; {@code after} then sets (or with
 * {@code null} removes) values by JSON pointer without re-signing, and {@code signature} may set
 * {@code r} or {@code s} to {@code 0} or {@code n}. {@code before} is a request made first; its
 * answer's {@code id} is {@code ${before.id}}. Strings may hold {@code ${wallet.N}},
 * {@code ${wallet.N.lower}}, {@code ${wallet.N.badChecksum}}, {@code ${settler.NAME}},
 * {@code ${token.NAME.SYMBOL}}, {@code ${now+SECONDS}} and {@code ${repeat:TEXT:COUNT}}. In the
 * expected body, {@code "$any"} matches any present value and arrays match element-wise from the start.
 */
class SpecTest extends ApiTestBase {
    private static final Path SPEC = Path.of("src", "test", "resources", "spec");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]+)}");
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private String beforeId;

    static Stream<String> cases() throws IOException {
        try (var files = Files.walk(SPEC)) {
            List<String> all = files.filter(p -> p.toString().endsWith(".json")).map(p -> SPEC.relativize(p).toString()).sorted().toList();
            assertThat(all).as("spec files").isNotEmpty();
            return all.stream();
        }
    }

    @BeforeEach
    void watchTheLog() {
        logged.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logged);
    }

    @AfterEach
    void stopWatching() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logged);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answersAsSpecified(String name) throws Exception {
        JsonNode spec = JSON.readTree(Files.readString(SPEC.resolve(name)));
        if (spec.has("before")) {
            var first = send(spec.get("before"));
            beforeId = JSON.readTree(first.body()).path("id").asText();
        }
        JsonNode request = resolve(spec.get("request"));
        JsonNode expected = resolve(spec.get("response"));
        long storedBefore = intentCount();
        HttpResponse<String> response = send(request);

        int status = expected.get("status").asInt();
        assertThat(response.statusCode()).as(name + " status; body " + response.body()).isEqualTo(status);
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.path("headers").fields(); it.hasNext(); ) {
            var h = it.next();
            assertThat(response.headers().firstValue(h.getKey())).as(name + " header " + h.getKey())
                    .hasValueSatisfying(v -> assertThat(v).startsWith(h.getValue().asText()));
        }
        JsonNode body = response.body().isEmpty() ? null : JSON.readTree(response.body());
        if (expected.has("body")) {
            assertThat(body).as(name + " body").isNotNull();
            assertSubset(expected.get("body"), body, "$", name);
        }
        if (status >= 400) {
            assertThat(response.headers().firstValue("Content-Type")).as(name + " content type")
                    .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
            String kind = body.path("kind").asText();
            ErrorKind known = Arrays.stream(ErrorKind.values()).filter(k -> k.wire().equals(kind)).findFirst().orElse(null);
            assertThat(known).as(name + ": kind " + kind + " is one of ErrorKind").isNotNull();
            assertThat(known.status().value()).as(name + ": status of " + kind).isEqualTo(status);
            assertThat(body.path("status").asInt()).isEqualTo(status);
            assertThat(body.path("detail").asText()).as(name + " detail").isNotBlank();
            assertThat(intentCount()).as(name + ": a refused request stores nothing").isEqualTo(storedBefore);
        }
        java.util.List<ILoggingEvent> events;
        synchronized (logged) { // the appender appends under its own lock, from every thread that logs
            events = java.util.List.copyOf(logged.list);
        }
        assertThat(events).as(name + ": nothing logged at ERROR and no stack trace")
                .noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.ERROR) || e.getThrowableProxy() != null);
    }

    private HttpResponse<String> send(JsonNode request) throws Exception {
        String method = request.path("method").asText("GET");
        var builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + request.get("path").asText()))
                .timeout(Duration.ofSeconds(30));
        for (Iterator<Map.Entry<String, JsonNode>> it = request.path("headers").fields(); it.hasNext(); ) {
            var h = it.next();
            builder.header(h.getKey(), h.getValue().asText());
        }
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
        if (request.has("intent")) {
            body = HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(intentBody(request.get("intent"))));
        } else if (request.has("body")) {
            body = HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request.get("body")));
        } else if (request.has("rawBody")) {
            byte[] raw = request.get("rawBody").asText().getBytes(StandardCharsets.UTF_8);
            body = request.path("chunked").asBoolean()
                    ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(raw))
                    : HttpRequest.BodyPublishers.ofByteArray(raw);
        }
        return client.send(builder.method(method, body).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A signed intent body: the defaults, the signed overrides, then the unsigned edits. */
    private JsonNode intentBody(JsonNode spec) {
        Rollup ember = gaming();
        Credentials signer = spec.path("wallet").asText().equals("fresh")
                ? Credentials.create(org.web3j.crypto.ECKeyPair.create(freshNonce().add(BigInteger.ONE)))
                : wallet(spec.path("wallet").asInt(0)).credentials();
        Address user = Address.of(signer.getAddress());
        JsonNode m = spec.path("message");
        var intent = new SwapIntent(user, addr(m, "recipient", user), new BigInteger(m.path("nonce").asText(freshNonce().toString())),
                ember.chainId(), ChainId.of(m.path("destinationChainId").asLong(ember.chainId().value())),
                addr(m, "tokenIn", token(ember, "USDC")), new BigInteger(m.path("amountIn").asText("1000000")),
                addr(m, "tokenOut", token(ember, "WETH")), new BigInteger(m.path("minAmountOut").asText("1")),
                m.path("deadline").asLong(Instant.now().getEpochSecond() + 600));
        byte[] digest = IntentTypedData.digest(domainOf(ember), intent);
        String signature = IntentSignature.sign(digest, signer.getEcKeyPair()).toHex();
        if (spec.has("signature")) {
            signature = withScalar(signature, spec.get("signature").asText());
        }
        ObjectNode body = JSON.createObjectNode();
        body.set("typedData", JSON.valueToTree(IntentTypedData.of(domainOf(ember), intent)));
        body.put("signature", signature);
        for (Iterator<Map.Entry<String, JsonNode>> it = spec.path("after").fields(); it.hasNext(); ) {
            var edit = it.next();
            String pointer = edit.getKey();
            int cut = pointer.lastIndexOf('/');
            JsonNode parent = body.at(pointer.substring(0, cut));
            String last = pointer.substring(cut + 1);
            if (edit.getValue().isNull()) {
                ((ObjectNode) parent).remove(last);
            } else {
                ((ObjectNode) parent).set(last, edit.getValue());
            }
        }
        return body;
    }

    private static Address addr(JsonNode m, String field, Address otherwise) {
        return m.has(field) ? Address.of(m.get(field).asText()) : otherwise;
    }

    /** {@code r=0}, {@code r=n}, {@code s=0} or {@code s=n}: a scalar the curve does not allow. */
    private static String withScalar(String signature, String what) {
        byte[] sig = HexFormat.of().parseHex(signature.substring(2));
        byte[] value = what.endsWith("=n") ? word(Sign.CURVE_PARAMS.getN()) : new byte[32];
        System.arraycopy(value, 0, sig, what.startsWith("r") ? 0 : 32, 32);
        return "0x" + HexFormat.of().formatHex(sig);
    }

    private static byte[] word(BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[32];
        System.arraycopy(raw, Math.max(0, raw.length - 32), out, Math.max(0, 32 - raw.length), Math.min(32, raw.length));
        return out;
    }

    private JsonNode resolve(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            return new TextNode(substitute(node.asText()));
        }
        if (node.isObject()) {
            ObjectNode out = JSON.createObjectNode();
            node.fields().forEachRemaining(e -> out.set(e.getKey(), resolve(e.getValue())));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JSON.createArrayNode();
            node.forEach(e -> out.add(resolve(e)));
            return out;
        }
        return node;
    }

    private String substitute(String text) {
        Matcher m = PLACEHOLDER.matcher(text);
        var out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(value(m.group(1))));
        }
        return m.appendTail(out).toString();
    }

    private String value(String key) {
        String[] p = key.split("[.:]");
        return switch (p[0]) {
            case "wallet" -> {
                String checksummed = wallet(Integer.parseInt(p[1])).address().checksummed();
                yield p.length == 2 ? checksummed : switch (p[2]) {
                    case "lower" -> checksummed.toLowerCase();
                    case "badChecksum" -> badChecksum(checksummed);
                    default -> throw new IllegalArgumentException(key);
                };
            }
            case "settler" -> devnet().rollup(p[1]).settler().checksummed();
            case "token" -> token(devnet().rollup(p[1]), p[2]).checksummed();
            case "before" -> beforeId;
            case "repeat" -> p[1].repeat(Integer.parseInt(p[2]));
            default -> key.startsWith("now+") ? Long.toString(Instant.now().getEpochSecond() + Long.parseLong(key.substring(4)))
                    : failUnknown(key);
        };
    }

    private static String failUnknown(String key) {
        throw new IllegalArgumentException("unknown placeholder ${" + key + "}");
    }

    /** The address with the case of its first letter flipped: still 40 hex digits, no longer its checksum. */
    private static String badChecksum(String checksummed) {
        char[] c = checksummed.toCharArray();
        for (int i = 2; i < c.length; i++) {
            if (Character.isLetter(c[i])) {
                c[i] = Character.isUpperCase(c[i]) ? Character.toLowerCase(c[i]) : Character.toUpperCase(c[i]);
                break;
            }
        }
        return new String(c);
    }

    private static void assertSubset(JsonNode expected, JsonNode actual, String path, String name) {
        if (expected.isTextual() && expected.asText().equals("$any")) {
            assertThat(actual).as(name + " " + path + " present").isNotNull();
            assertThat(actual.isNull()).as(name + " " + path + " not null").isFalse();
            return;
        }
        assertThat(actual).as(name + " " + path).isNotNull();
        if (expected.isObject()) {
            assertThat(actual.isObject()).as(name + " " + path + " is an object: " + actual).isTrue();
            expected.fields().forEachRemaining(e -> assertSubset(e.getValue(), actual.get(e.getKey()), path + "." + e.getKey(), name));
        } else if (expected.isArray()) {
            assertThat(actual.isArray()).as(name + " " + path + " is an array").isTrue();
            assertThat(actual.size()).as(name + " " + path + " size").isGreaterThanOrEqualTo(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                assertSubset(expected.get(i), actual.get(i), path + "[" + i + "]", name);
            }
        } else if (expected.isNumber()) {
            assertThat(actual.isNumber()).as(name + " " + path + " is a number: " + actual).isTrue();
            assertThat(actual.decimalValue()).as(name + " " + path).isEqualByComparingTo(expected.decimalValue());
        } else {
            assertThat(actual).as(name + " " + path).isEqualTo(expected);
        }
    }
}
