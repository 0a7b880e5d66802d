package io.metaroute.api.intents;

import io.metaroute.core.intent.SwapIntent;
import io.metaroute.solver.batch.BatchDecision;
import io.metaroute.solver.batch.BatchIntent;
import io.metaroute.solver.batch.BatchSolver;
import io.metaroute.solver.routing.Certificate;
import io.metaroute.solver.routing.RouteOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Routes intents in batches: every intent the pipeline routes within one window is decided
 * together by the {@link BatchSolver}, so intents competing for the same pools are planned
 * against each other's price impact. An intent the batch only left out (not selected, inventory
 * short) tries again in the next batch until its deadline; one that no route can serve is refused
 * at once, as a single-intent search would.
 */
public final class BatchRouting implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BatchRouting.class);

    private final BatchSolver solver;
    private final Duration retryAfter;
    private final Clock clock;
    private final Sinks.Many<BatchIntent> arrivals = Sinks.many().unicast().onBackpressureBuffer();
    private final Map<Long, Sinks.One<BatchDecision>> waiting = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final Disposable running;

    public BatchRouting(BatchSolver solver, Duration retryAfter, Clock clock) {
        this.solver = solver;
        this.retryAfter = retryAfter;
        this.clock = clock;
        this.running = solver.decisions(arrivals.asFlux()).subscribe(this::deliver,
                e -> log.error("batch routing stopped; intents stay stored and resume on restart", e));
    }

    /** The batch's answer for {@code intent}: a plan that pays at least its minimum, or why there is none. */
    public Mono<RouteOutcome> route(SwapIntent intent) {
        return Mono.defer(() -> {
            long seq = sequence.incrementAndGet();
            Sinks.One<BatchDecision> answer = Sinks.one();
            waiting.put(seq, answer);
            arrivals.emitNext(new BatchIntent(seq, intent, clock.instant()),
                    Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
            return answer.asMono();
        }).flatMap(decision -> switch (decision) {
            case BatchDecision.Filled f -> Mono.<RouteOutcome>just(new RouteOutcome.Found(f.plan(),
                    Certificate.unbounded(f.amountOut(), 0, "batch " + f.batch() + ", fill " + f.order() + " (" + f.source() + ")"),
                    f.costs(), null));
            case BatchDecision.Deferred d when waitsForNextBatch(d.reason())
                    && Instant.ofEpochSecond(intent.deadline()).isAfter(clock.instant().plus(retryAfter)) ->
                    Mono.delay(retryAfter).then(route(intent));
            case BatchDecision.Deferred d -> Mono.<RouteOutcome>just(new RouteOutcome.NoRoute(reason(d.reason()),
                    "batch " + d.batch() + " left the intent out: " + d.reason().name().toLowerCase()));
        });
    }

    private void deliver(BatchDecision decision) {
        Sinks.One<BatchDecision> answer = waiting.remove(decision.intent().sequence());
        if (answer != null) {
            answer.tryEmitValue(decision);
        }
    }

    private static boolean waitsForNextBatch(BatchDecision.Reason reason) {
        return reason == BatchDecision.Reason.NOT_SELECTED || reason == BatchDecision.Reason.INVENTORY_SHORT;
    }

    private static RouteOutcome.Reason reason(BatchDecision.Reason reason) {
        return switch (reason) {
            case NO_ROUTE -> RouteOutcome.Reason.NO_PATH;
            case BELOW_MINIMUM -> RouteOutcome.Reason.BOUND_UNREACHABLE;
            case INVENTORY_SHORT, NOT_SELECTED, DEADLINE_UNREACHABLE -> RouteOutcome.Reason.INSUFFICIENT_LIQUIDITY;
        };
    }

    @Override
    public void close() {
        running.dispose();
        solver.close();
    }
}
