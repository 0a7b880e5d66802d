package io.metaroute.api.intents;

import io.metaroute.core.intent.SwapIntent;
import io.metaroute.solver.batch.BatchDecision;
import io.metaroute.solver.batch.BatchIntent;
import io.metaroute.solver.batch.BatchResult;
import io.metaroute.solver.batch.BatchSolver;
import io.metaroute.solver.cow.MatchSettlement;
import io.metaroute.solver.routing.Certificate;
import io.metaroute.solver.routing.RouteOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
 * at once, as a single-intent search would. Intents the batch matched against each other are
 * answered with the whole match, so that its first member can settle every member in one
 * transaction.
 */
public final class BatchRouting implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BatchRouting.class);

    private final BatchSolver solver;
    private final Duration retryAfter;
    private final Clock clock;
    private final Sinks.Many<BatchIntent> arrivals = Sinks.many().unicast().onBackpressureBuffer();
    private final Map<Long, Sinks.One<BatchDecision>> waiting = new ConcurrentHashMap<>();
    /** The stored intent behind each batch sequence number still waiting for its decision. */
    private final Map<Long, UUID> ids = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final Disposable running;

    public BatchRouting(BatchSolver solver, Duration retryAfter, Clock clock) {
        this.solver = solver;
        this.retryAfter = retryAfter;
        this.clock = clock;
        this.running = solver.results(arrivals.asFlux()).subscribe(this::deliver,
                e -> log.error("batch routing stopped; intents stay stored and resume on restart", e));
    }

    /** What the batch decided for one stored intent. */
    public sealed interface Answer {
        /** Routed alone: a plan that pays at least its minimum, or why there is none. */
        record Single(RouteOutcome outcome) implements Answer {
        }

        /**
         * Matched: settled with the other members of {@code match} in one transaction, which the member
         * that {@code leads} sends; {@code members} are the stored intents in the match's order.
         */
        record Joint(MatchSettlement match, List<UUID> members, boolean leads) implements Answer {
        }
    }

    /** The batch's answer for the stored intent {@code id}. */
    public Mono<Answer> route(UUID id, SwapIntent intent) {
        return Mono.defer(() -> {
            long seq = sequence.incrementAndGet();
            Sinks.One<BatchDecision> answer = Sinks.one();
            waiting.put(seq, answer);
            ids.put(seq, id);
            arrivals.emitNext(new BatchIntent(seq, intent, clock.instant()),
                    Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
            return answer.asMono();
        }).flatMap(decision -> switch (decision) {
            case BatchDecision.Filled f -> Mono.<Answer>just(new Answer.Single(new RouteOutcome.Found(f.plan(),
                    Certificate.unbounded(f.amountOut(), 0, "batch " + f.batch() + ", fill " + f.order() + " (" + f.source() + ")"),
                    f.costs(), null)));
            case BatchDecision.Matched m -> Mono.<Answer>just(new Answer.Joint(m.match(), members(m), m.leads()));
            case BatchDecision.Deferred d when waitsForNextBatch(d.reason())
                    && Instant.ofEpochSecond(intent.deadline()).isAfter(clock.instant().plus(retryAfter)) ->
                    Mono.delay(retryAfter).then(route(id, intent));
            case BatchDecision.Deferred d -> Mono.<Answer>just(new Answer.Single(new RouteOutcome.NoRoute(reason(d.reason()),
                    "batch " + d.batch() + " left the intent out: " + d.reason().name().toLowerCase())));
        });
    }

    /** The stored intents of a match, in its order. Resolved at delivery, before any member's sequence is forgotten. */
    private List<UUID> members(BatchDecision.Matched matched) {
        return matched.match().members().stream().map(m -> ids.get(Long.parseLong(m.intentId()))).toList();
    }

    private void deliver(BatchResult result) {
        // Every member's answer needs every member's id: resolve all answers of the batch before forgetting any id.
        var ready = new java.util.ArrayList<Runnable>();
        for (BatchDecision decision : result.decisions()) {
            Sinks.One<BatchDecision> answer = waiting.remove(decision.intent().sequence());
            if (answer != null) {
                ready.add(() -> answer.tryEmitValue(decision));
            }
        }
        ready.forEach(Runnable::run);
        result.decisions().forEach(d -> ids.remove(d.intent().sequence()));
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
