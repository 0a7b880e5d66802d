package io.metaroute.api.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.metaroute.core.chain.InvalidValueException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import reactor.core.publisher.Mono;

/**
 * Turns any failure into one RFC 9457 problem+json answer with a stable {@link ErrorKind}, the same
 * bytes whichever way the failure travelled (a controller, the dispatcher before any controller, a
 * filter). Client faults are logged at DEBUG in one line; only {@link ErrorKind#INTERNAL} logs a
 * stack trace, and no client input reaches it.
 */
public final class Problems {
    private static final Logger log = LoggerFactory.getLogger(Problems.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TYPE_BASE = "https://metaroute.io/problems/";

    private Problems() {
    }

    /** A failure as the answer it gets: kind, field, detail, and extra headers (e.g. {@code Allow}). */
    public record Answer(ErrorKind kind, String field, String detail, HttpHeaders headers) {
        Answer(ErrorKind kind, String field, String detail) {
            this(kind, field, detail, HttpHeaders.EMPTY);
        }
    }

    /** What {@code failure} means to the client. */
    public static Answer classify(Throwable failure) {
        return switch (failure) {
            case ApiProblem p -> new Answer(p.kind(), p.field(), p.getMessage());
            case InvalidValueException e -> new Answer(ErrorKind.INVALID_FIELD, e.field(), e.getMessage());
            case DataBufferLimitException e -> tooLarge();
            case ServerWebInputException e -> input(e);
            case UnsupportedMediaTypeStatusException e -> new Answer(ErrorKind.UNSUPPORTED_MEDIA_TYPE, "Content-Type",
                    "send the body as application/json" + (e.getContentType() == null ? "" : ", not " + e.getContentType()));
            case NotAcceptableStatusException e -> new Answer(ErrorKind.NOT_ACCEPTABLE, "Accept",
                    "this endpoint produces " + types(e) + "; the Accept header allows none of them");
            case MethodNotAllowedException e -> methodNotAllowed(e);
            case ResponseStatusException e -> byStatus(e);
            case java.util.concurrent.RejectedExecutionException e -> overloaded();
            default -> new Answer(ErrorKind.INTERNAL, null, "an unexpected error occurred");
        };
    }

    /** The solver's bounded scheduler refused the task: a 503 with the time to wait, not a 500. */
    private static Answer overloaded() {
        var headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, "1");
        return new Answer(ErrorKind.OVERLOADED, null, "the solver is at capacity; retry shortly", headers);
    }

    /** Writes the problem for {@code failure}; the one way every problem+json answer is written. */
    public static Mono<Void> write(ServerWebExchange exchange, Throwable failure) {
        Answer answer = classify(failure);
        logged(exchange, answer, failure);
        return write(exchange, answer);
    }

    public static Mono<Void> write(ServerWebExchange exchange, Answer answer) {
        var response = exchange.getResponse();
        response.setStatusCode(answer.kind().status());
        response.getHeaders().putAll(answer.headers());
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body(answer, exchange.getRequest().getPath().value()));
        } catch (JsonProcessingException e) {
            bytes = ("{\"kind\":\"" + answer.kind().wire() + "\"}").getBytes(StandardCharsets.UTF_8);
        }
        response.getHeaders().setContentLength(bytes.length);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
    }

    /** The problem+json object: {@code type, title, status, detail, instance, kind, field}. */
    public static Map<String, Object> body(Answer answer, String instance) {
        var m = new LinkedHashMap<String, Object>();
        m.put("type", URI.create(TYPE_BASE + answer.kind().wire().replace('_', '-')).toString());
        m.put("title", answer.kind().wire().replace('_', ' '));
        m.put("status", answer.kind().status().value());
        m.put("detail", answer.detail() == null || answer.detail().isBlank() ? answer.kind().description() : answer.detail());
        if (instance != null) {
            m.put("instance", instance.length() > 200 ? instance.substring(0, 200) + "…" : instance);
        }
        m.put("kind", answer.kind().wire());
        if (answer.field() != null) {
            m.put("field", answer.field());
        }
        return m;
    }

    private static void logged(ServerWebExchange exchange, Answer answer, Throwable failure) {
        if (answer.kind() == ErrorKind.INTERNAL) {
            log.error("unexpected failure answering {} {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), failure);
        } else if (answer.kind().status().is5xxServerError()) {
            log.warn("{} {} answered {}: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
                    answer.kind().wire(), answer.detail());
        } else if (log.isDebugEnabled()) {
            log.debug("{} {} refused {} {}: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
                    answer.kind().wire(), answer.field(), answer.detail());
        }
    }

    static Answer tooLarge() {
        return new Answer(ErrorKind.PAYLOAD_TOO_LARGE, "body", "the request body is larger than this service accepts");
    }

    private static Answer input(ServerWebInputException e) {
        // what the body's own reader decided (a strict DTO refusing a field) wins over the decoder's wrapping
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof ApiProblem p) {
                return classify(p);
            }
        }
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof ApiProblem p) {
                return classify(p);
            }
            if (c instanceof DataBufferLimitException) {
                return tooLarge();
            }
            if (c instanceof UnrecognizedPropertyException u) {
                String path = u.getPath().stream().map(r -> r.getFieldName() == null ? "[" + r.getIndex() + "]" : r.getFieldName())
                        .collect(Collectors.joining("."));
                return new Answer(ErrorKind.UNKNOWN_FIELD, path, path + " is not part of this request");
            }
            if (c instanceof TypeMismatchException t && t.getPropertyName() != null) {
                return new Answer(ErrorKind.INVALID_FIELD, t.getPropertyName(),
                        t.getPropertyName() + " is ill-formed: " + firstLine(String.valueOf(t.getValue())));
            }
            if (c instanceof JsonProcessingException || c instanceof DecodingException) {
                return new Answer(ErrorKind.MALFORMED_JSON, "body",
                        "the request body is not valid JSON of the expected shape: " + firstLine(jsonMessage(c)));
            }
        }
        if (e.getReason() != null && e.getReason().contains("body")) {
            return new Answer(ErrorKind.MALFORMED_JSON, "body", "the request body is missing or not JSON: " + e.getReason());
        }
        String field = e.getMethodParameter() == null ? null : e.getMethodParameter().getParameterName();
        return new Answer(ErrorKind.INVALID_FIELD, field, firstLine(e.getReason()));
    }

    private static String jsonMessage(Throwable c) {
        return c instanceof JsonProcessingException j ? j.getOriginalMessage() : c.getMessage();
    }

    private static Answer methodNotAllowed(MethodNotAllowedException e) {
        var headers = new HttpHeaders();
        headers.setAllow(e.getSupportedMethods());
        return new Answer(ErrorKind.METHOD_NOT_ALLOWED, null, e.getHttpMethod() + " is not allowed here; allowed: "
                + e.getSupportedMethods().stream().map(Object::toString).sorted().collect(Collectors.joining(", ")), headers);
    }

    private static Answer byStatus(ResponseStatusException e) {
        return switch (e.getStatusCode().value()) {
            case 400 -> new Answer(ErrorKind.INVALID_FIELD, null, firstLine(e.getReason()));
            case 404 -> new Answer(ErrorKind.NOT_FOUND, null, "no such endpoint; see /v3/api-docs");
            case 405 -> new Answer(ErrorKind.METHOD_NOT_ALLOWED, null, "this method is not allowed here");
            case 406 -> new Answer(ErrorKind.NOT_ACCEPTABLE, "Accept", "this endpoint produces application/json");
            case 413 -> tooLarge();
            case 414 -> new Answer(ErrorKind.URI_TOO_LONG, null, "the request target is too long");
            case 415 -> new Answer(ErrorKind.UNSUPPORTED_MEDIA_TYPE, "Content-Type", "send the body as application/json");
            default -> new Answer(ErrorKind.INTERNAL, null, "an unexpected error occurred");
        };
    }

    private static String types(NotAcceptableStatusException e) {
        var types = e.getSupportedMediaTypes();
        return types.isEmpty() ? "application/json" : types.stream().map(MediaType::toString).collect(Collectors.joining(", "));
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
