package io.metaroute.execution.tx;

import java.time.Duration;
import java.util.Objects;

/**
 * How a chain client treats a node that hiccups: each call may take {@code callTimeout}; a
 * {@link RpcFailure#TRANSIENT} failure is retried up to {@code retries} times with exponential
 * backoff from {@code firstBackoff} to {@code maxBackoff} (with jitter). Every other failure is an
 * answer and is not retried.
 */
public record RpcPolicy(Duration callTimeout, int retries, Duration firstBackoff, Duration maxBackoff) {
    public RpcPolicy {
        Objects.requireNonNull(callTimeout, "callTimeout");
        Objects.requireNonNull(firstBackoff, "firstBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (retries < 0 || callTimeout.isNegative() || callTimeout.isZero() || firstBackoff.isNegative()
                || maxBackoff.compareTo(firstBackoff) < 0) {
            throw new IllegalArgumentException("bad RPC policy: " + callTimeout + ", " + retries + ", " + firstBackoff + ", " + maxBackoff);
        }
    }

    public static RpcPolicy defaults() {
        return new RpcPolicy(Duration.ofSeconds(10), 5, Duration.ofMillis(100), Duration.ofSeconds(2));
    }
}
