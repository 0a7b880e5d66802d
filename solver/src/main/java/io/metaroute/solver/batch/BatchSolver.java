package io.metaroute.solver.batch;

import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.solver.routing.Inventory;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The reactive front of batch solving. Intents arriving within one window (or until a batch is
 * full) are decided together on the latest snapshot and inventory, because they compete for the
 * same pools and the same solver inventory. Batches are decided one after another, in order: the
 * next one is planned once the previous one's decisions are out. Routing and planning run on the
 * optimizer's worker threads, never on the thread that delivers intents.
 *
 * <p>Backpressure: a batch closes on time (window or size) whatever the optimizer is doing, so
 * batches that close while an earlier one is still being planned wait in an unbounded queue, in
 * order, and no intent is dropped or refused. The queue holds at most what arrives during one
 * planning run; intents are persisted before they get here, so memory is the only limit.
 */
public final class BatchSolver implements AutoCloseable {
    private final BatchSettings settings;
    private final BatchOptimizer optimizer;
    private final ProblemBuilder problems;
    private final Supplier<MarketSnapshot> market;
    private final Supplier<Inventory> inventory;
    private final Clock clock;
    private final AtomicLong batches = new AtomicLong();

    public BatchSolver(BatchSettings settings, BatchOptimizer optimizer, ProblemBuilder problems,
                       Supplier<MarketSnapshot> market, Supplier<Inventory> inventory, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.problems = Objects.requireNonNull(problems, "problems");
        this.market = Objects.requireNonNull(market, "market");
        this.inventory = Objects.requireNonNull(inventory, "inventory");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A decision per intent, batch after batch, each batch's decisions in arrival order. */
    public Flux<BatchDecision> decisions(Flux<BatchIntent> intents) {
        return results(intents).concatMapIterable(BatchResult::decisions);
    }

    /** The result of each batch, in order. */
    public Flux<BatchResult> results(Flux<BatchIntent> intents) {
        return intents
                .bufferTimeout(settings.maxBatchSize(), settings.window())
                .onBackpressureBuffer()
                .concatMap(this::solve);
    }

    /** Decides one batch now. */
    public Mono<BatchResult> solve(List<BatchIntent> intents) {
        return Mono.defer(() -> {
            long batch = batches.incrementAndGet();
            var copy = List.copyOf(intents);
            return optimizer.plan(batch, () -> problems.build(batch, copy, market.get(), inventory.get(), clock.instant()));
        });
    }

    @Override
    public void close() {
        optimizer.close();
    }
}
