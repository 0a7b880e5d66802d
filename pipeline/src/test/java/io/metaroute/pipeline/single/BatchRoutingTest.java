package io.metaroute.pipeline.single;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.intent.SwapIntent;
import io.metaroute.solver.batch.BatchDecision;
import io.metaroute.solver.batch.BatchIntent;
import io.metaroute.solver.batch.BatchResult;
import io.metaroute.solver.routing.RouteOutcome;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** Batch routing survives what goes wrong in one batch, under virtual time. */
class BatchRoutingTest {
    static final Duration WINDOW = Duration.ofMillis(200);
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_000_000), ZoneOffset.UTC);
    static final ChainId CHAIN = ChainId.of(710001);

    static SwapIntent intent(long nonce) {
        Address user = Address.of("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc");
        return new SwapIntent(user, user, BigInteger.valueOf(nonce), CHAIN, CHAIN, Address.of("0x0000000000000000000000000000000000000001"),
                BigInteger.TEN, Address.of("0x0000000000000000000000000000000000000002"), BigInteger.ONE, 2_000_000);
    }

    /** Every intent of a batch gets "no route": a decision that ends its routing at once. */
    static Mono<BatchResult> noRoute(long batch, List<BatchIntent> intents) {
        return Mono.just(new BatchResult(batch, intents.stream().<BatchDecision>map(i ->
                new BatchDecision.Deferred(batch, i, BatchDecision.Reason.NO_ROUTE)).toList(), 0, 0, Duration.ZERO, "test"));
    }

    static BatchRouting routing(BatchRouting.Solver solver) {
        return new BatchRouting(solver, 100, WINDOW, WINDOW, TIMEOUT, CLOCK, Schedulers.immediate(), () -> { });
    }

    @Test
    void aBatchWhoseSolverThrowsFailsItsIntentsAndTheNextBatchIsDecided() {
        var calls = new AtomicInteger();
        BatchRouting.Solver throwsOnce = batch -> {
            if (calls.getAndIncrement() == 0) {
                throw new IllegalStateException("planner broke");
            }
            return noRoute(calls.get(), batch);
        };
        StepVerifier.withVirtualTime(() -> {
                    var routing = routing(throwsOnce);
                    return Flux.concat(answer(routing, 1), answer(routing, 2));
                })
                .thenAwait(WINDOW)
                .expectNext("failed")
                .thenAwait(WINDOW)
                .expectNext("decided")
                .verifyComplete();
        assertThat(calls).hasValue(2);
    }

    @Test
    void anIntentThatBreaksTheSolverIsIsolatedAndTheRestOfItsBatchIsDecided() {
        SwapIntent poison = intent(666);
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        BatchRouting.Solver failsWithPoison = batch -> {
            sizes.add(batch.size());
            if (batch.stream().anyMatch(i -> i.intent().equals(poison))) {
                return Mono.error(new ArithmeticException("BigInteger divide by zero"));
            }
            return noRoute(sizes.size(), batch);
        };
        StepVerifier.withVirtualTime(() -> {
                    var routing = routing(failsWithPoison);
                    return Flux.merge(answer(routing, 1).map(a -> "1 " + a), routing.route(UUID.randomUUID(), poison)
                                    .map(a -> "poison ?").onErrorResume(BatchRouting.Failed.class, e -> Mono.just("poison failed")),
                            answer(routing, 3).map(a -> "3 " + a), answer(routing, 4).map(a -> "4 " + a))
                            .collectSortedList();
                })
                .thenAwait(WINDOW)
                .assertNext(answers -> assertThat(answers).containsExactly("1 decided", "3 decided", "4 decided", "poison failed"))
                .verifyComplete();
        // the batch of four; its first half (1, poison) fails and is split into two singles; its second half (3, 4) is decided
        assertThat(sizes).containsExactly(4, 2, 1, 1, 2);
    }

    @Test
    void aBatchThatNeverAnswersTimesOutAndDoesNotStallTheNext() {
        var calls = new AtomicInteger();
        BatchRouting.Solver hangsOnce = batch -> calls.getAndIncrement() == 0 ? Mono.never() : noRoute(calls.get(), batch);
        StepVerifier.withVirtualTime(() -> {
                    var routing = routing(hangsOnce);
                    return Flux.concat(answer(routing, 1), answer(routing, 2));
                })
                .thenAwait(WINDOW)
                .expectNoEvent(TIMEOUT.minus(WINDOW).minusMillis(1))
                .thenAwait(WINDOW.plusMillis(1))
                .expectNext("failed")
                .thenAwait(WINDOW)
                .expectNext("decided")
                .verifyComplete();
        assertThat(calls).hasValue(2);
    }

    @Test
    void anAnswerQueuedBehindASlowBatchTimesOut() {
        // the first batch takes just under the timeout; the second intent's wait counts from when it joined the queue
        BatchRouting.Solver slow = batch -> noRoute(1, batch).delayElement(TIMEOUT.minusSeconds(1));
        StepVerifier.withVirtualTime(() -> {
                    var routing = routing(slow);
                    return Flux.merge(answer(routing, 1).map(a -> "1 " + a),
                            Mono.delay(WINDOW.multipliedBy(2)).then(answer(routing, 2)).map(a -> "2 " + a));
                })
                .thenAwait(TIMEOUT)
                .expectNext("1 decided")
                .thenAwait(TIMEOUT)
                .expectNext("2 failed")
                .verifyComplete();
    }

    static Mono<String> answer(BatchRouting routing, long nonce) {
        return routing.route(UUID.randomUUID(), intent(nonce))
                .map(a -> a instanceof BatchRouting.Answer.Single s && s.outcome() instanceof RouteOutcome.NoRoute ? "decided" : "?")
                .onErrorResume(BatchRouting.Failed.class, e -> Mono.just("failed"));
    }
}
