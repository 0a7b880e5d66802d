package io.metaroute.solver.batch;

import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Decides a batch. The problem is built lazily by the optimizer on its own worker threads
 * (building it routes every intent, which is CPU work that must stay off event-loop threads).
 */
public interface BatchOptimizer extends AutoCloseable {
    Mono<BatchResult> plan(long batch, Supplier<BatchProblem> problem);

    @Override
    default void close() {
    }
}
