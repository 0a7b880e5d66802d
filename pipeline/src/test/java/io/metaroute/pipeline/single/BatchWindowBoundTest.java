package io.metaroute.pipeline.single;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.core.chain.Address;
import io.metaroute.core.intent.SwapIntent;
import io.metaroute.solver.batch.BatchDecision;
import io.metaroute.solver.batch.BatchIntent;
import io.metaroute.solver.batch.BatchResult;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** An intent the batches keep leaving out is decided after a bounded number of windows, under virtual time. */
class BatchWindowBoundTest {
    static final Duration WINDOW = Duration.ofMillis(200);
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_000_000), ZoneOffset.UTC);
    static final int MAX_WINDOWS = 4;

    static SwapIntent intent(long deadline) {
        Address user = Address.of("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc");
        return new SwapIntent(user, user, BigInteger.ONE, BatchRoutingTest.CHAIN, BatchRoutingTest.CHAIN,
                Address.of("0x0000000000000000000000000000000000000001"), BigInteger.TEN,
                Address.of("0x0000000000000000000000000000000000000002"), BigInteger.ONE, deadline);
    }

    /** Leaves every intent out, with the given reasons in turn (the last one repeated), and counts its batches. */
    static BatchRouting.Solver leavesOut(AtomicInteger batches, BatchDecision.Reason... reasons) {
        return batch -> {
            int n = batches.incrementAndGet();
            var reason = reasons[Math.min(n, reasons.length) - 1];
            return Mono.just(new BatchResult(n, batch.stream().<BatchDecision>map(i -> new BatchDecision.Deferred(n, i, reason))
                    .toList(), 0, 0, Duration.ZERO, "test"));
        };
    }

    static BatchRouting routing(BatchRouting.Solver solver) {
        return new BatchRouting(solver, 100, WINDOW, WINDOW, MAX_WINDOWS, TIMEOUT, CLOCK, Schedulers.immediate(), () -> { });
    }

    @Test
    void anIntentLeftOutOfEveryBatchIsRefusedAfterTheLastWindowWithTheLastBatchsReason() {
        var batches = new AtomicInteger();
        var solver = leavesOut(batches, BatchDecision.Reason.INVENTORY_SHORT, BatchDecision.Reason.NOT_SELECTED,
                BatchDecision.Reason.COSTS_EXCEED_SURPLUS);
        // each window: the batch closes after WINDOW, the intent waits WINDOW before it joins the next
        Duration last = WINDOW.multipliedBy(2L * MAX_WINDOWS - 1);
        StepVerifier.withVirtualTime(() -> routing(solver).route(UUID.randomUUID(), intent(2_000_000)))
                .expectSubscription()
                .expectNoEvent(last.minusMillis(1))
                .thenAwait(Duration.ofMillis(1))
                .assertNext(answer -> assertThat(answer).isInstanceOfSatisfying(BatchRouting.Answer.Refused.class, r -> {
                    assertThat(r.reason()).isEqualTo("costs_exceed_surplus");
                    assertThat(r.windows()).isEqualTo(MAX_WINDOWS);
                    assertThat(r.detail()).contains("left out of " + MAX_WINDOWS + " batches");
                }))
                .verifyComplete();
        assertThat(batches).hasValue(MAX_WINDOWS);
    }

    @Test
    void anIntentWhoseDeadlineLeavesNoTimeForAnotherWindowIsRefusedAtOnce() {
        var batches = new AtomicInteger();
        // a deadline at the clock's now leaves no room for the wait before the next batch
        long now = CLOCK.instant().getEpochSecond();
        StepVerifier.withVirtualTime(() -> routing(leavesOut(batches, BatchDecision.Reason.NOT_SELECTED))
                        .route(UUID.randomUUID(), intent(now)))
                .thenAwait(WINDOW)
                .assertNext(answer -> assertThat(answer).isInstanceOfSatisfying(BatchRouting.Answer.Refused.class, r -> {
                    assertThat(r.reason()).isEqualTo("not_selected");
                    assertThat(r.windows()).isEqualTo(1);
                    assertThat(r.detail()).contains("deadline leaves no time");
                }))
                .verifyComplete();
        assertThat(batches).hasValue(1);
    }

    @Test
    void anIntentTheBatchCanFillAfterBeingLeftOutIsNotRefused() {
        var batches = new AtomicInteger();
        BatchRouting.Solver secondFits = batch -> {
            int n = batches.incrementAndGet();
            var reason = n == 1 ? BatchDecision.Reason.NOT_SELECTED : BatchDecision.Reason.NO_ROUTE;
            return Mono.just(new BatchResult(n, batch.stream().<BatchDecision>map(i -> new BatchDecision.Deferred(n, i, reason))
                    .toList(), 0, 0, Duration.ZERO, "test"));
        };
        StepVerifier.withVirtualTime(() -> routing(secondFits).route(UUID.randomUUID(), intent(2_000_000)))
                .thenAwait(WINDOW.multipliedBy(3))
                .assertNext(answer -> assertThat(answer).isInstanceOf(BatchRouting.Answer.Single.class))
                .verifyComplete();
        assertThat(batches).hasValue(2);
    }

    @Test
    void theBoundMustAllowOneWindow() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> new BatchRouting(
                batch -> Mono.<BatchResult>never(), 1, WINDOW, WINDOW, 0, TIMEOUT, CLOCK, Schedulers.immediate(), () -> { }));
    }
}
