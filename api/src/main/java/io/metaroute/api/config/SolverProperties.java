package io.metaroute.api.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code metaroute.solver.*}: the one bounded scheduler every routing call runs on (HTTP quotes,
 * quote streams, batch routing), and how long batch routing may keep an intent waiting.
 *
 * @param threads      solver threads; 0 means one per core
 * @param queue        routing tasks that may wait per solver thread before new ones are refused
 * @param batchTimeout longest wait for a batch's decision, counted from when the intent joins the
 *                     batch queue; past it the batch (or the wait) fails and the intent is routed again
 */
@ConfigurationProperties("metaroute.solver")
public record SolverProperties(int threads, int queue, Duration batchTimeout) {
    public SolverProperties {
        if (threads < 0) {
            throw new IllegalArgumentException("metaroute.solver.threads must be 0 (one per core) or more, got " + threads);
        }
        if (queue < 1) {
            throw new IllegalArgumentException("metaroute.solver.queue must be at least 1, got " + queue);
        }
        if (batchTimeout == null || batchTimeout.isZero() || batchTimeout.isNegative()) {
            throw new IllegalArgumentException("metaroute.solver.batch-timeout must be positive, got " + batchTimeout);
        }
    }

    public int threadsOrCores() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }
}
