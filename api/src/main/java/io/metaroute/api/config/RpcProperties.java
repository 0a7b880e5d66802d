package io.metaroute.api.config;

import io.metaroute.execution.tx.RpcPolicy;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code metaroute.rpc.*}: how execution treats a rollup node that hiccups. Each JSON-RPC call may
 * take {@code timeout}; transient failures (timeouts, refused connections, 5xx, rate limits,
 * "header not found") are retried {@code retries} times with backoff from {@code firstBackoff} up
 * to {@code maxBackoff}.
 */
@ConfigurationProperties("metaroute.rpc")
public record RpcProperties(Duration timeout, int retries, Duration firstBackoff, Duration maxBackoff) {
    public RpcPolicy policy() {
        return new RpcPolicy(timeout, retries, firstBackoff, maxBackoff);
    }
}
