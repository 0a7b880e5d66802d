package io.metaroute.api.rfq;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaroute.core.chain.Address;
import io.metaroute.core.network.Network;
import io.metaroute.quotefeeds.observe.RfqEvents;
import io.metaroute.quotefeeds.rfq.QuoteBook;
import io.metaroute.quotefeeds.rfq.QuoteRefused;
import io.metaroute.quotefeeds.rfq.QuoteRefused.Reason;
import io.metaroute.quotefeeds.rfq.RfqHub;
import io.metaroute.quotefeeds.rfq.RfqRequest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * {@code ws /v1/rfq}: where market makers stream firm quotes and receive requests for quotes.
 * The server opens with a {@code challenge}; the maker answers {@code login} with its address and
 * its EIP-191 signature of {@code "Metaroute RFQ login " + challenge} within the login timeout, and
 * is served only if it is an allowed maker ({@code metaroute.rfq.makers}); otherwise it is told why
 * and the socket is closed (1008). Logged in, each {@code quote} it sends is answered
 * {@code accepted} (with its venue id) or {@code refused} (with the reason and a sentence), and it
 * receives an {@code rfq} message for every trade asked about, or, once it has declared the pairs it
 * quotes ({@code cover}, answered {@code covering}; each declaration replaces the last, an empty one
 * stops requests), only for those. What is sent
 * to a maker waits in a bounded queue: a maker that does not read misses requests, it does not grow
 * the server's memory.
 */
public final class RfqSocketHandler implements WebSocketHandler {
    private static final int OUTBOX = 256;
    private final SecureRandom random = new SecureRandom();
    private final RfqMessages messages;
    private final QuoteBook book;
    private final RfqHub hub;
    private final RfqEvents events;
    private final ObjectMapper json;
    private final Network network;
    private final Duration loginTimeout;
    private final Duration minLife;
    private final Duration maxLife;

    public RfqSocketHandler(Network network, QuoteBook book, RfqHub hub, RfqEvents events, ObjectMapper json,
                            Duration loginTimeout, Duration minLife, Duration maxLife) {
        this.messages = new RfqMessages(json, network);
        this.network = network;
        this.book = book;
        this.hub = hub;
        this.events = events;
        this.json = json;
        this.loginTimeout = loginTimeout;
        this.minLife = minLife;
        this.maxLife = maxLife;
    }

    @Override
    public Mono<Void> handle(WebSocketSession session) {
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String challenge = "0x" + HexFormat.of().formatHex(raw);
        Sinks.Many<String> outbox = Sinks.many().unicast().onBackpressureBuffer(Queues.<String>get(OUTBOX).get());
        AtomicReference<Address> maker = new AtomicReference<>();
        AtomicReference<Disposable> requests = new AtomicReference<>();
        // null until the maker declares its pairs: every request
        AtomicReference<java.util.Set<RfqMessages.Pair>> covered = new AtomicReference<>();
        var hello = new LinkedHashMap<String, Object>();
        hello.put("type", "challenge");
        hello.put("challenge", challenge);
        hello.put("message", RfqMessages.loginText(challenge));
        hello.put("loginTimeoutMillis", loginTimeout.toMillis());
        outbox.tryEmitNext(write(hello));

        Mono<Void> inbound = session.receive()
                .filter(m -> m.getType() == WebSocketMessage.Type.TEXT)
                .map(WebSocketMessage::getPayloadAsText)
                .concatMap(text -> reply(session, text, challenge, maker, requests, covered, outbox))
                .then();
        Disposable timeout = Mono.delay(loginTimeout)
                .filter(t -> maker.get() == null)
                .flatMap(t -> close(session, outbox, Reason.UNAUTHORISED, "no login within " + loginTimeout.toMillis() + " ms"))
                .subscribe();
        Mono<Void> outbound = session.send(outbox.asFlux().map(session::textMessage));
        return Mono.firstWithSignal(inbound, outbound)
                .doFinally(s -> {
                    timeout.dispose();
                    Disposable d = requests.get();
                    if (d != null) {
                        d.dispose();
                    }
                    if (maker.get() != null) {
                        events.loggedOut(maker.get());
                    }
                });
    }

    private Mono<Void> reply(WebSocketSession session, String text, String challenge, AtomicReference<Address> maker,
                             AtomicReference<Disposable> requests, AtomicReference<java.util.Set<RfqMessages.Pair>> covered,
                             Sinks.Many<String> outbox) {
        JsonNode node;
        try {
            node = messages.parse(text);
        } catch (QuoteRefused e) {
            return refuse(outbox, e, null);
        }
        String type = node.get("type").textValue();
        if (type.equals("login")) {
            if (maker.get() != null) {
                return refuse(outbox, new QuoteRefused(Reason.MALFORMED, "already logged in as " + maker.get().checksummed()), null);
            }
            try {
                Address who = messages.login(node, challenge);
                if (!book.allowed(who)) {
                    return close(session, outbox, Reason.UNAUTHORISED, who.checksummed() + " is not an allowed maker");
                }
                maker.set(who);
                events.loggedIn(who);
                requests.set(hub.requests().filter(r -> covers(covered.get(), r)).subscribe(r -> offer(outbox, rfq(r))));
                outbox.tryEmitNext(write(ready(who)));
                return Mono.empty();
            } catch (QuoteRefused e) {
                return e.reason() == Reason.MALFORMED ? refuse(outbox, e, null) : close(session, outbox, e.reason(), e.getMessage());
            }
        }
        if (type.equals("quote")) {
            RfqMessages.QuoteMessage quote;
            try {
                quote = messages.quote(node);
            } catch (QuoteRefused e) {
                return refuse(outbox, e, node.path("requestId").asText(null));
            }
            events.received(quote.quote().quote().chain());
            try {
                book.admit(quote.quote(), maker.get());
            } catch (QuoteRefused e) {
                return refuse(outbox, e, quote.requestId());
            }
            var m = new LinkedHashMap<String, Object>();
            m.put("type", "accepted");
            m.put("venue", quote.quote().venue().hex());
            m.put("digest", quote.quote().digest());
            m.put("nonce", quote.quote().quote().nonce().toString());
            if (quote.requestId() != null) {
                m.put("requestId", quote.requestId());
            }
            outbox.tryEmitNext(write(m));
            return Mono.empty();
        }
        if (type.equals("cover")) {
            if (maker.get() == null) {
                return refuse(outbox, new QuoteRefused(Reason.UNAUTHORISED, "log in before declaring pairs"), null);
            }
            try {
                java.util.Set<RfqMessages.Pair> pairs = messages.cover(node);
                covered.set(pairs);
                outbox.tryEmitNext(write(Map.of("type", "covering", "pairs", pairs.size())));
                return Mono.empty();
            } catch (QuoteRefused e) {
                return refuse(outbox, e, null);
            }
        }
        return refuse(outbox, new QuoteRefused(Reason.MALFORMED, "type must be login, quote or cover, not " + type), null);
    }

    private static boolean covers(java.util.Set<RfqMessages.Pair> pairs, RfqRequest r) {
        return pairs == null || pairs.contains(new RfqMessages.Pair(r.chain(), r.tokenIn(), r.tokenOut()));
    }

    private Map<String, Object> ready(Address who) {
        var m = new LinkedHashMap<String, Object>();
        m.put("type", "ready");
        m.put("maker", who.checksummed());
        m.put("minLifeSeconds", minLife.toSeconds());
        m.put("maxLifeSeconds", maxLife.toSeconds());
        m.put("chains", network.rollups().stream().map(r -> Map.of("chainId", r.chainId().value(),
                "settler", r.settler().checksummed())).toList());
        return m;
    }

    private static Map<String, Object> rfq(RfqRequest r) {
        var m = new LinkedHashMap<String, Object>();
        m.put("type", "rfq");
        m.put("requestId", r.id());
        m.put("chainId", r.chain().value());
        m.put("tokenIn", r.tokenIn().checksummed());
        m.put("tokenOut", r.tokenOut().checksummed());
        m.put("amountIn", r.amountIn().toString());
        m.put("answerBy", r.answerBy().toEpochMilli());
        return m;
    }

    private void offer(Sinks.Many<String> outbox, Map<String, Object> message) {
        outbox.tryEmitNext(write(message)); // a full outbox drops the request: it would be late anyway
    }

    private Mono<Void> refuse(Sinks.Many<String> outbox, QuoteRefused e, String requestId) {
        events.refused(e.reason(), e.getMessage());
        var m = new LinkedHashMap<String, Object>();
        m.put("type", "refused");
        m.put("reason", e.reason().wire());
        m.put("detail", e.getMessage());
        if (requestId != null) {
            m.put("requestId", requestId);
        }
        outbox.tryEmitNext(write(m));
        return Mono.empty();
    }

    private Mono<Void> close(WebSocketSession session, Sinks.Many<String> outbox, Reason reason, String detail) {
        events.refused(reason, detail);
        var m = new LinkedHashMap<String, Object>();
        m.put("type", "refused");
        m.put("reason", reason.wire());
        m.put("detail", detail);
        outbox.tryEmitNext(write(m));
        // the refusal goes out first, then the close
        return Mono.delay(Duration.ofMillis(50)).then(session.close(CloseStatus.POLICY_VIOLATION.withReason(reason.wire())));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
