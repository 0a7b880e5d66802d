package io.metaroute.api.problem;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What never reaches a controller gets problem+json too: request targets and bodies over the
 * limits ({@link HttpLimits}) are refused by a filter ahead of everything, and whatever failure
 * escapes the dispatcher is answered by a {@link WebExceptionHandler} ahead of Spring Boot's own
 * (which would log a stack trace and answer in its own shape).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HttpLimits.class)
public class EdgeProblems {

    @Bean
    @Order(-2)
    WebExceptionHandler problemExceptionHandler() {
        return (exchange, failure) -> exchange.getResponse().isCommitted()
                ? Mono.error(failure)
                : Problems.write(exchange, failure);
    }

    @Bean
    LimitsFilter requestLimitsFilter(HttpLimits limits) {
        return new LimitsFilter(limits.maxBody().toBytes(), limits.maxUriLength());
    }

    /** Refuses over-long request targets and over-large bodies, by header first and by counting when chunked. */
    @Order(Ordered.HIGHEST_PRECEDENCE)
    static final class LimitsFilter implements WebFilter {
        private final long maxBody;
        private final int maxUri;

        LimitsFilter(long maxBody, int maxUri) {
            this.maxBody = maxBody;
            this.maxUri = maxUri;
        }

        @Override
        public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
            var request = exchange.getRequest();
            var uri = request.getURI();
            int length = (uri.getRawPath() == null ? 0 : uri.getRawPath().length())
                    + (uri.getRawQuery() == null ? 0 : uri.getRawQuery().length() + 1);
            if (length > maxUri) {
                return Problems.write(exchange, ApiProblem.of(ErrorKind.URI_TOO_LONG, null,
                        "the request target has " + length + " characters; at most " + maxUri + " are read"));
            }
            var method = request.getMethod();
            if (method == org.springframework.http.HttpMethod.GET || method == org.springframework.http.HttpMethod.HEAD) {
                return chain.filter(exchange); // no body to count (and WebSocket upgrades stay as they are)
            }
            long declared = request.getHeaders().getContentLength();
            if (declared > maxBody) {
                return Problems.write(exchange, tooLarge(declared + " bytes"));
            }
            var counted = new ServerHttpRequestDecorator(request) {
                @Override
                public Flux<DataBuffer> getBody() {
                    long[] seen = {0};
                    return super.getBody().handle((buffer, sink) -> {
                        seen[0] += buffer.readableByteCount();
                        if (seen[0] > maxBody) {
                            org.springframework.core.io.buffer.DataBufferUtils.release(buffer);
                            sink.error(tooLarge("more than " + maxBody + " bytes"));
                        } else {
                            sink.next(buffer);
                        }
                    });
                }
            };
            return chain.filter(exchange.mutate().request(counted).build());
        }

        private ApiProblem tooLarge(String size) {
            return ApiProblem.of(ErrorKind.PAYLOAD_TOO_LARGE, "body",
                    "the request body has " + size + "; at most " + maxBody + " bytes are read (metaroute.http.max-body)");
        }
    }
}
