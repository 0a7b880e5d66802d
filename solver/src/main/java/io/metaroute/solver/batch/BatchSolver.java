package io.metaroute.solver.batch;

import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.solver.routing.Inventory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

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
    private final MatchStage matching;

    public BatchSolver(BatchSettings settings, BatchOptimizer optimizer, ProblemBuilder problems,
                       Supplier<MarketSnapshot> market, Supplier<Inventory> inventory, Clock clock) {
        this(settings, optimizer, problems, market, inventory, clock, null);
    }

    /** With {@code matching} set, opposite intents are matched against each other before the rest is planned. */
    public BatchSolver(BatchSettings settings, BatchOptimizer optimizer, ProblemBuilder problems,
                       Supplier<MarketSnapshot> market, Supplier<Inventory> inventory, Clock clock, MatchStage matching) {
        this.matching = matching;
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

    /** Decides one batch now: matches first (on a worker thread), then the planner on what is left. */
    public Mono<BatchResult> solve(List<BatchIntent> intents) {
        return Mono.defer(() -> {
            long batch = batches.incrementAndGet();
            var copy = List.copyOf(intents);
            if (matching == null) {
                return optimizer.plan(batch, () -> problems.build(batch, copy, market.get(), inventory.get(), clock.instant()));
            }
            long started = System.nanoTime();
            return Mono.fromCallable(() -> matching.stage(batch, copy, market.get()))
                    .subscribeOn(Schedulers.boundedElastic())
                    .flatMap(staged -> staged.rest().isEmpty()
                            ? Mono.just(matchedOnly(batch, staged, Duration.ofNanos(System.nanoTime() - started)))
                            : optimizer.plan(batch, () -> problems.build(batch, staged.rest(), staged.market(), inventory.get(),
                                    clock.instant())).map(planned -> withMatches(planned, staged)));
        });
    }

    private static BatchResult matchedOnly(long batch, MatchStage.Staged staged, Duration elapsed) {
        return new BatchResult(batch, List.copyOf(staged.matched()), 0, 0, elapsed, "coincidence of wants");
    }

    /** The planner's result with the matched members added, all decisions in arrival order. */
    private static BatchResult withMatches(BatchResult planned, MatchStage.Staged staged) {
        if (staged.matched().isEmpty()) {
            return planned;
        }
        var all = new ArrayList<BatchDecision>(planned.decisions());
        all.addAll(staged.matched());
        all.sort(Comparator.comparingLong(d -> d.intent().sequence()));
        return new BatchResult(planned.batch(), all, planned.surplusPpm(), planned.costPpm(), planned.elapsed(),
                staged.matched().size() + " matched, then " + planned.method());
    }

    @Override
    public void close() {
        optimizer.close();
    }
}
