package io.metaroute.api.problem;

import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Maps every failure the dispatcher sees (in a controller, or before one: no handler, wrong method,
 * unacceptable type) to problem+json, once, at the edge, through {@link Problems}.
 */
@RestControllerAdvice
public class ProblemHandler {

    @ExceptionHandler(Throwable.class)
    Mono<Void> any(Throwable failure, ServerWebExchange exchange) {
        return Problems.write(exchange, failure);
    }
}
