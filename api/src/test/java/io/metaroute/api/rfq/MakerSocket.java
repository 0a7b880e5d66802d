package io.metaroute.api.rfq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaroute.core.chain.Address;
import io.metaroute.core.intent.IntentSignature;
import io.metaroute.core.rfq.MakerQuote;
import io.metaroute.core.rfq.SignedQuote;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Sign;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** A test-side maker on {@code ws /v1/rfq}: sends any text, hostile or not, and reads what the server answers. */
final class MakerSocket implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    /** The server's requests for quotes, apart from its answers. */
    private final BlockingQueue<JsonNode> requests = new LinkedBlockingQueue<>();
    private final Sinks.Many<String> outgoing = Sinks.many().unicast().onBackpressureBuffer();
    private final Sinks.One<CloseStatus> closed = Sinks.one();
    private final Disposable connection;

    MakerSocket(int port) {
        connection = new ReactorNettyWebSocketClient().execute(URI.create("ws://127.0.0.1:" + port + "/v1/rfq"), session ->
                Mono.when(session.receive().filter(m -> m.getType() == WebSocketMessage.Type.TEXT).doOnNext(m -> {
                            try {
                                JsonNode node = JSON.readTree(m.getPayloadAsText());
                                (node.path("type").asText().equals("rfq") ? requests : received).add(node);
                            } catch (java.io.IOException e) {
                                throw new IllegalStateException(e);
                            }
                        }).then(),
                        session.send(outgoing.asFlux().map(session::textMessage)),
                        session.closeStatus().doOnNext(closed::tryEmitValue).then()))
                .subscribe();
    }

    /** Connects and logs in as {@code maker}; answers the server's reply to the login. */
    static MakerSocket loggedIn(int port, Credentials maker) throws Exception {
        var socket = new MakerSocket(port);
        JsonNode challenge = socket.next();
        if (!challenge.get("type").asText().equals("challenge")) {
            throw new AssertionError("expected a challenge, got " + challenge);
        }
        socket.send(login(maker, challenge.get("message").asText()));
        return socket;
    }

    static String login(Credentials maker, String text) {
        var sig = Sign.signPrefixedMessage(text.getBytes(StandardCharsets.UTF_8), maker.getEcKeyPair());
        byte[] raw = new byte[65];
        System.arraycopy(sig.getR(), 0, raw, 0, 32);
        System.arraycopy(sig.getS(), 0, raw, 32, 32);
        raw[64] = sig.getV()[0];
        return json(Map.of("type", "login", "maker", maker.getAddress(), "signature",
                "0x" + java.util.HexFormat.of().formatHex(raw)));
    }

    /** The quote message of {@code quote} as {@code signature} signed it (null: no signature field). */
    static String quote(SignedQuote quote, String signature) {
        MakerQuote q = quote.quote();
        var terms = new LinkedHashMap<String, Object>();
        terms.put("maker", q.maker().checksummed());
        terms.put("tokenIn", q.tokenIn().checksummed());
        terms.put("tokenOut", q.tokenOut().checksummed());
        terms.put("amountIn", q.amountIn().toString());
        terms.put("amountOut", q.amountOut().toString());
        terms.put("expiry", Long.toString(q.expiry()));
        terms.put("nonce", q.nonce().toString());
        var m = new LinkedHashMap<String, Object>();
        m.put("type", "quote");
        m.put("chainId", q.chain().value());
        m.put("quote", terms);
        if (signature != null) {
            m.put("signature", signature);
        }
        return json(m);
    }

    static String quote(SignedQuote quote) {
        return quote(quote, quote.signature().toHex());
    }

    void send(String text) {
        outgoing.tryEmitNext(text);
    }

    /** The next request for quotes the server sent, within 10 s. */
    JsonNode nextRequest() throws InterruptedException {
        JsonNode m = requests.poll(10, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("no rfq message from the server within 10 s");
        }
        return m;
    }

    /** The next request for quotes the server sends within {@code within}; null when it sends none. */
    JsonNode requestWithin(Duration within) throws InterruptedException {
        return requests.poll(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A {@code cover} message of (chain id, token in, token out) triples. */
    static String cover(java.util.List<java.util.List<Object>> pairs) {
        return json(Map.of("type", "cover", "pairs", pairs.stream().map(p -> Map.of("chainId", p.get(0), "tokenIn",
                p.get(1).toString(), "tokenOut", p.get(2).toString())).toList()));
    }

    /** The next message from the server other than a request for quotes, within 10 s. */
    JsonNode next() throws InterruptedException {
        JsonNode m = received.poll(10, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("no message from the server within 10 s");
        }
        return m;
    }

    /** How the server closed the socket, within {@code within}; null when it did not. */
    CloseStatus closedWithin(Duration within) {
        return closed.asMono().timeout(within, Mono.empty()).block();
    }

    static Address address(Credentials c) {
        return Address.of(c.getAddress());
    }

    static IntentSignature sign(byte[] digest, Credentials key) {
        return IntentSignature.sign(digest, key.getEcKeyPair());
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        outgoing.tryEmitComplete();
        connection.dispose();
    }
}
