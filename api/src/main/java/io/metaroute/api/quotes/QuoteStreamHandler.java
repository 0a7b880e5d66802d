package io.metaroute.api.quotes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaroute.api.problem.ApiProblem;
import io.metaroute.api.problem.ErrorKind;
import io.metaroute.quotefeeds.market.MarketStore;
import io.metaroute.solver.routing.RouteRequest;
import io.metaroute.solver.streaming.StandingQuote;
import java.util.LinkedHashMap;
import java.util.List;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * {@code ws /v1/quotes/stream?chainId=&tokenIn=&tokenOut=&amountIn=}: the best route for a
 * prospective trade, sent at once and again whenever the market changes the answer. A slow client
 * gets the latest answer, not a backlog: a few stale answers, then the latest. Bad parameters get one problem message (the same
 * {@code kind} and {@code field} as the HTTP API) and the socket is closed with 1008.
 */
public final class QuoteStreamHandler implements WebSocketHandler {
    private final QuoteService quotes;
    private final MarketStore market;
    private final StandingQuote standing;
    private final ObjectMapper json;

    public QuoteStreamHandler(QuoteService quotes, MarketStore market, StandingQuote standing, ObjectMapper json) {
        this.quotes = quotes;
        this.market = market;
        this.standing = standing;
        this.json = json;
    }

    @Override
    public Mono<Void> handle(WebSocketSession session) {
        RouteRequest request;
        try {
            var params = UriComponentsBuilder.fromUri(session.getHandshakeInfo().getUri()).build().getQueryParams();
            for (String name : params.keySet()) {
                if (!PARAMS.contains(name)) {
                    throw ApiProblem.of(ErrorKind.UNKNOWN_FIELD, name, name + " is not a parameter of this stream; expected only "
                            + String.join(", ", PARAMS));
                }
                if (params.get(name).size() > 1) {
                    throw ApiProblem.of(ErrorKind.INVALID_FIELD, name, name + " is given more than once");
                }
            }
            String chainId = param(params, "chainId");
            request = quotes.routeRequest(chainId == null ? null : parseChain(chainId), param(params, "tokenIn"),
                    param(params, "tokenOut"), param(params, "amountIn"));
        } catch (ApiProblem p) {
            // the same kind, field and detail as the HTTP API's problem+json for the same fault
            var problem = new LinkedHashMap<String, Object>();
            problem.put("type", "problem");
            problem.put("kind", p.kind().wire());
            problem.put("field", p.field());
            problem.put("detail", p.getMessage());
            return session.send(Mono.just(session.textMessage(write(problem))))
                    .then(session.close(CloseStatus.POLICY_VIOLATION.withReason(p.kind().wire())));
        }
        return outbound(session, request);
    }

    /**
     * The answers, latest wins at the socket ({@link LatestWins}): one answer is in flight at a time,
     * and the next is taken only once the client has read the last one ({@link ReadReceipts});
     * while a client does not read, newer answers replace the one waiting. So the server holds at
     * most two answers per connection, and a resumed client gets the one in flight, then the latest.
     * Re-solving happens on the solver scheduler (see {@link StandingQuote}), never on this socket's
     * event loop. Ends when the client closes the socket.
     */
    private Mono<Void> outbound(WebSocketSession session, RouteRequest request) {
        var receipts = new ReadReceipts(session);
        Mono<Void> answers = LatestWins.deliver(standing.watch(market.snapshots(), request),
                        outcome -> receipts.write(write(RouteMessages.of(outcome))))
                .takeUntilOther(session.closeStatus())
                .then();
        return Mono.when(receipts.listen(), answers);
    }

    private static final List<String> PARAMS = List.of("chainId", "tokenIn", "tokenOut", "amountIn");

    /** A query parameter, percent-decoded; null when absent. */
    private static String param(org.springframework.util.MultiValueMap<String, String> params, String name) {
        String raw = params.getFirst(name);
        try {
            return raw == null ? null : java.net.URLDecoder.decode(raw, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.of(ErrorKind.INVALID_FIELD, name, name + " is not percent-encoded correctly");
        }
    }

    /** An integer as over HTTP: a JSON integer there, decimal digits (optionally signed) here. */
    private static Long parseChain(String text) {
        if (!text.matches("-?[0-9]{1,18}")) {
            throw ApiProblem.of(ErrorKind.INVALID_FIELD, "chainId", "chainId must be an integer, got \"" + text + "\"");
        }
        return Long.parseLong(text);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
