package io.metaroute.pipeline.single;

import io.metaroute.core.intent.SwapIntent;
import io.metaroute.solver.batch.BatchDecision;
import io.metaroute.solver.batch.BatchIntent;
import io.metaroute.solver.batch.BatchResult;
import io.metaroute.solver.batch.BatchSettings;
import io.metaroute.solver.batch.BatchSolver;
import io.metaroute.solver.cow.MatchSettlement;
import io.metaroute.solver.routing.Certificate;
import io.metaroute.solver.routing.RouteOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * Routes intents in batches: every intent the pipeline routes within one window is decided
 * together by the {@link BatchSolver}, so intents competing for the same pools are planned
 * against each other's price impact. An intent the batch only left out (not selected, inventory
 * short, costs above its surplus) tries again in the next batch, for at most {@code maxWindows}
 * batches in all and never past its deadline; then it is refused with the reason the last batch
 * gave. One that no route can serve is refused at once, as a single-intent search would.
 * Intents the batch matched against each other are answered with the whole match, so that its
 * first member can settle every member in one transaction.
 *
 * <p>Failures are contained. A batch whose solve fails is decided again in halves, down to the
 * single intent that fails, so one intent that breaks the solver costs the others a few re-solves
 * and no decision; the failing intent's answer is a {@link Failed} error (its step is retried by
 * the pipeline), and the next batch runs as usual. A solve that takes longer than
 * {@code timeout} is abandoned and its intents answered with {@link Failed}; an answer not given
 * within {@code timeout} of joining the queue fails the same way. Batches are solved on the
 * solver scheduler.
 */
public final class BatchRouting implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BatchRouting.class);

    /** Decides one batch ({@link BatchSolver#solve} in the service). */
    @FunctionalInterface
    public interface Solver {
        Mono<BatchResult> solve(List<BatchIntent> batch);
    }

    /** No decision for an intent: its batch failed, or took too long. Routing it again may succeed. */
    public static final class Failed extends RuntimeException {
        Failed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Batches an intent may join before it is refused, unless configured otherwise. */
    public static final int DEFAULT_MAX_WINDOWS = 10;

    private final Solver solver;
    private final int maxWindows;
    private final Duration retryAfter;
    private final Duration timeout;
    private final Clock clock;
    private final Scheduler scheduler;
    private final AutoCloseable resources;
    private final Sinks.Many<BatchIntent> arrivals = Sinks.many().unicast().onBackpressureBuffer();
    private final Map<Long, Sinks.One<BatchDecision>> waiting = new ConcurrentHashMap<>();
    /** The stored intent behind each batch sequence number whose batch is not decided yet. */
    private final Map<Long, UUID> ids = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final Disposable running;

    /**
     * The service's batch routing: {@code solver} decides each batch on {@code scheduler}; an intent
     * joins at most {@code maxWindows} batches.
     */
    public BatchRouting(BatchSolver solver, BatchSettings settings, int maxWindows, Duration timeout, Clock clock,
                        Scheduler scheduler) {
        this(solver::solve, settings.maxBatchSize(), settings.window(), settings.window(), maxWindows, timeout, clock, scheduler,
                solver);
    }

    /**
     * Batches close after {@code window} or at {@code maxSize} intents; an intent left for the next
     * batch asks again after {@code retryAfter}; {@code resources} are closed with this.
     */
    public BatchRouting(Solver solver, int maxSize, Duration window, Duration retryAfter, Duration timeout, Clock clock,
                        Scheduler scheduler, AutoCloseable resources) {
        this(solver, maxSize, window, retryAfter, DEFAULT_MAX_WINDOWS, timeout, clock, scheduler, resources);
    }

    /** As above; an intent left out joins at most {@code maxWindows} batches (at least 1) before it is refused. */
    public BatchRouting(Solver solver, int maxSize, Duration window, Duration retryAfter, int maxWindows, Duration timeout,
                        Clock clock, Scheduler scheduler, AutoCloseable resources) {
        if (maxWindows < 1) {
            throw new IllegalArgumentException("maxWindows must be at least 1, got " + maxWindows);
        }
        this.maxWindows = maxWindows;
        this.solver = solver;
        this.retryAfter = retryAfter;
        this.timeout = timeout;
        this.clock = clock;
        this.scheduler = scheduler;
        this.resources = resources;
        this.running = arrivals.asFlux()
                .bufferTimeout(maxSize, window)
                .onBackpressureBuffer()
                .concatMap(this::decide)
                .subscribe(this::deliverContained,
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

        /**
         * Left out by the batches for a reason of their own, the API's reason string
         * ({@code deadline_unreachable}, {@code not_selected}, {@code inventory_short},
         * {@code costs_exceed_surplus}); {@code windows} is how many batches it joined.
         */
        record Refused(String reason, String detail, int windows) implements Answer {
        }
    }

    /** The batch's answer for the stored intent {@code id}, after at most {@code maxWindows} batches. */
    public Mono<Answer> route(UUID id, SwapIntent intent) {
        return route(id, intent, 1);
    }

    private Mono<Answer> route(UUID id, SwapIntent intent, int window) {
        return Mono.defer(() -> {
            long seq = sequence.incrementAndGet();
            Sinks.One<BatchDecision> answer = Sinks.one();
            waiting.put(seq, answer);
            ids.put(seq, id);
            arrivals.emitNext(new BatchIntent(seq, intent, clock.instant()),
                    Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
            return answer.asMono()
                    .timeout(timeout, Mono.error(() -> new Failed("no batch decision within " + timeout, null)))
                    // a late decision finds no one waiting; the id stays until its batch is decided, for its match partners
                    .doOnError(e -> waiting.remove(seq));
        }).flatMap(decision -> switch (decision) {
            case BatchDecision.Filled f -> Mono.<Answer>just(new Answer.Single(new RouteOutcome.Found(f.plan(),
                    Certificate.unbounded(f.amountOut(), 0, "batch " + f.batch() + ", fill " + f.order() + " (" + f.source() + ")"),
                    f.costs(), null)));
            case BatchDecision.Matched m -> Mono.<Answer>just(new Answer.Joint(m.match(), members(m), m.leads()));
            case BatchDecision.Deferred d when waitsForNextBatch(d.reason()) && window < maxWindows
                    && Instant.ofEpochSecond(intent.deadline()).isAfter(clock.instant().plus(retryAfter)) ->
                    Mono.delay(retryAfter).then(route(id, intent, window + 1));
            case BatchDecision.Deferred d -> Mono.<Answer>just(refused(d, window));
        });
    }

    /** A route search's verdict for what any search would refuse; the batch's own reason for the rest. */
    private Answer refused(BatchDecision.Deferred d, int window) {
        String reason = reason(d.reason());
        String detail = "batch " + d.batch() + " left the intent out (" + reason + "): " + explain(d.reason());
        if (d.reason() == BatchDecision.Reason.NO_ROUTE) {
            return new Answer.Single(new RouteOutcome.NoRoute(RouteOutcome.Reason.NO_PATH, detail));
        }
        if (d.reason() == BatchDecision.Reason.BELOW_MINIMUM) {
            return new Answer.Single(new RouteOutcome.NoRoute(RouteOutcome.Reason.BOUND_UNREACHABLE, detail));
        }
        if (waitsForNextBatch(d.reason())) {
            detail += window < maxWindows
                    ? "; its deadline leaves no time for another batch, after " + window + " of at most " + maxWindows
                    : "; left out of " + window + " batches, the most an intent joins (metaroute.batch.max-windows)";
        }
        return new Answer.Refused(reason, detail, window);
    }

    /** The stored intents of a match, in its order. Resolved at delivery, before any member's sequence is forgotten. */
    private List<UUID> members(BatchDecision.Matched matched) {
        return matched.match().members().stream().map(m -> ids.get(Long.parseLong(m.intentId()))).toList();
    }

    /** One batch, failures contained: halves of a failed batch are decided apart, down to the intent that fails. */
    private Flux<BatchResult> decide(List<BatchIntent> batch) {
        return Mono.defer(() -> solver.solve(batch))
                .subscribeOn(scheduler)
                .timeout(timeout)
                .flux()
                .onErrorResume(e -> {
                    if (e instanceof java.util.concurrent.TimeoutException) {
                        log.warn("a batch of {} intents was not decided within {}; they are routed again", batch.size(), timeout);
                        fail(batch, new Failed("batch not decided within " + timeout, e));
                        return Flux.empty();
                    }
                    if (batch.size() == 1) {
                        log.warn("routing intent {} failed: {}", ids.get(batch.getFirst().sequence()), e.toString());
                        fail(batch, new Failed("batch routing failed for this intent: " + e, e));
                        return Flux.empty();
                    }
                    log.warn("a batch of {} intents failed ({}); deciding its halves apart", batch.size(), e.toString());
                    int half = batch.size() / 2;
                    return Flux.concat(decide(batch.subList(0, half)), decide(batch.subList(half, batch.size())));
                });
    }

    /** Answers every member of {@code batch} that still waits with {@code why}, and forgets them. */
    private void fail(List<BatchIntent> batch, Failed why) {
        for (BatchIntent member : batch) {
            Sinks.One<BatchDecision> answer = waiting.remove(member.sequence());
            if (answer != null) {
                answer.tryEmitError(why);
            }
        }
        batch.forEach(member -> ids.remove(member.sequence()));
    }

    /** Delivers a batch's decisions; a fault in delivering one batch fails that batch's intents, never the next batch. */
    private void deliverContained(BatchResult result) {
        try {
            deliver(result);
        } catch (RuntimeException e) {
            log.warn("delivering batch {} failed: {}", result.batch(), e.toString());
            fail(result.decisions().stream().map(BatchDecision::intent).toList(), new Failed("delivering the batch failed: " + e, e));
        }
    }

    private void deliver(BatchResult result) {
        // Every member's answer needs every member's id: resolve all answers of the batch before forgetting any id.
        var ready = new ArrayList<Runnable>();
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
        return reason == BatchDecision.Reason.NOT_SELECTED || reason == BatchDecision.Reason.INVENTORY_SHORT
                || reason == BatchDecision.Reason.COSTS_EXCEED_SURPLUS;
    }

    /** The reason an intent is rejected with, as the API names it. */
    static String reason(BatchDecision.Reason reason) {
        return switch (reason) {
            case NO_ROUTE -> "no_path";
            case BELOW_MINIMUM -> "bound_unreachable";
            case DEADLINE_UNREACHABLE, INVENTORY_SHORT, NOT_SELECTED, COSTS_EXCEED_SURPLUS -> reason.name().toLowerCase();
        };
    }

    private static String explain(BatchDecision.Reason reason) {
        return switch (reason) {
            case NO_ROUTE -> "no candidate route connects its tokens";
            case BELOW_MINIMUM -> "after the batch's earlier fills no route pays the signed minimum";
            case DEADLINE_UNREACHABLE -> "every route would complete after its deadline";
            case INVENTORY_SHORT -> "its routes need more solver inventory than is left";
            case NOT_SELECTED -> "a route fits, but the batch did better leaving its liquidity to other fills";
            case COSTS_EXCEED_SURPLUS -> "what its routes pay above the signed minimum does not cover their gas and message fees";
        };
    }

    @Override
    public void close() {
        running.dispose();
        try {
            resources.close();
        } catch (Exception e) {
            log.warn("closing the batch solver failed: {}", e.toString());
        }
    }
}
