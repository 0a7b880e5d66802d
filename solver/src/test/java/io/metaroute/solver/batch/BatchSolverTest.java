package io.metaroute.solver.batch;

import static io.metaroute.solver.batch.BatchFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.solver.batch.candidates.CandidateSource;
import io.metaroute.solver.batch.candidates.CarryCandidates;
import io.metaroute.solver.batch.candidates.CostModel;
import io.metaroute.solver.batch.candidates.RouteFinderCandidates;
import io.metaroute.solver.batch.planning.BatchPlanner;
import io.metaroute.solver.routing.Inventory;
import io.metaroute.solver.routing.RouteFinder;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.publisher.TestPublisher;

class BatchSolverTest {
    static final MarketSnapshot MARKET = snapshot(
            pool(A, 1, USDC, WETH, usdc(20_000_000), weth(10_000)),
            pool(B, 2, USDC, WETH, usdc(20_000_000), weth(10_000)));
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final BatchSettings SETTINGS = new BatchSettings(Duration.ofMillis(200), 10, Duration.ofMillis(200),
            Duration.ofMillis(30));

    final RouteFinder finder = new RouteFinder();
    final Set<String> routingThreads = ConcurrentHashMap.newKeySet();
    final CandidateSource recordingThreads = (intent, snapshot) -> {
        routingThreads.add(Thread.currentThread().getName());
        return List.of();
    };
    final BatchPlanner planner = new BatchPlanner(SETTINGS);

    @AfterEach
    void close() {
        planner.close();
    }

    BatchSolver solver(BatchSettings settings, Inventory inventory) {
        var sources = List.of(recordingThreads, new RouteFinderCandidates(finder, 2, CostModel.NONE),
                new CarryCandidates(finder, List.of(new CarryCandidates.Carry(A, WETH, B, WETH, weth(0.001))), CostModel.NONE));
        return new BatchSolver(settings, planner, new ProblemBuilder(sources, COMPLETION), () -> MARKET, () -> inventory, CLOCK);
    }

    static BatchIntent buy(long sequence) {
        return swap(sequence, USDC, usdc(1_000), WETH, weth(0.45));
    }

    static boolean filled(BatchDecision d, long batch, long sequence) {
        return d instanceof BatchDecision.Filled && d.batch() == batch && d.intent().sequence() == sequence;
    }

    @Test
    void intentsArrivingWithinTheWindowAreSolvedTogether() {
        TestPublisher<BatchIntent> intents = TestPublisher.create();
        var solver = solver(SETTINGS, Inventory.EMPTY);

        StepVerifier.withVirtualTime(() -> solver.decisions(intents.flux()))
                .expectSubscription()
                .then(() -> intents.next(buy(1)))
                .thenAwait(Duration.ofMillis(120))
                .then(() -> intents.next(buy(2)))
                .expectNoEvent(Duration.ofMillis(79))
                .thenAwait(Duration.ofMillis(1))
                .expectNextMatches(d -> filled(d, 1, 1))
                .expectNextMatches(d -> filled(d, 1, 2))
                .then(() -> intents.next(buy(3)))
                .expectNoEvent(Duration.ofMillis(199))
                .thenAwait(Duration.ofMillis(1))
                .expectNextMatches(d -> filled(d, 2, 3))
                .then(intents::complete)
                .verifyComplete();
    }

    @Test
    void aFullBatchClosesBeforeTheWindowEnds() {
        TestPublisher<BatchIntent> intents = TestPublisher.create();
        var solver = solver(SETTINGS.withWindow(Duration.ofMillis(200), 2), Inventory.EMPTY);

        StepVerifier.withVirtualTime(() -> solver.decisions(intents.flux()))
                .expectSubscription()
                .then(() -> intents.next(buy(1), buy(2), buy(3)))
                .expectNextMatches(d -> filled(d, 1, 1))
                .expectNextMatches(d -> filled(d, 1, 2))
                .expectNoEvent(Duration.ofMillis(199))
                .thenAwait(Duration.ofMillis(1))
                .expectNextMatches(d -> filled(d, 2, 3))
                .then(intents::complete)
                .verifyComplete();
    }

    @Test
    void batchesClosingWhileTheOptimizerIsBusyWaitTheirTurnInOrder() {
        TestPublisher<BatchIntent> intents = TestPublisher.create();
        BatchOptimizer slow = (batch, problem) -> Mono.fromCallable(() -> OneByOne.solve(problem.get()))
                .delayElement(Duration.ofMillis(500));
        var solver = new BatchSolver(SETTINGS, slow, new ProblemBuilder(List.of(new RouteFinderCandidates(finder)), COMPLETION),
                () -> MARKET, () -> Inventory.EMPTY, CLOCK);

        StepVerifier.withVirtualTime(() -> solver.decisions(intents.flux()))
                .expectSubscription()
                .then(() -> intents.next(buy(1)))
                .thenAwait(Duration.ofMillis(250)) // batch 1 closed at 200 ms and is being planned until 700 ms
                .then(() -> intents.next(buy(2)))
                .thenAwait(Duration.ofMillis(50))
                .then(() -> intents.next(buy(3)))
                .expectNoEvent(Duration.ofMillis(399))
                .thenAwait(Duration.ofMillis(1))
                .expectNextMatches(d -> filled(d, 1, 1))
                .expectNoEvent(Duration.ofMillis(499)) // batch 2 closed at 450 ms, planned from 700 ms to 1,200 ms
                .thenAwait(Duration.ofMillis(1))
                .expectNextMatches(d -> filled(d, 2, 2))
                .expectNextMatches(d -> filled(d, 2, 3))
                .then(intents::complete)
                .verifyComplete();
    }

    @Test
    void crossRollupFillsStayWithinTheSolverInventoryOnTheDestination() {
        // Each intent needs about 0.49 WETH delivered on B; the solver holds 0.6 WETH there.
        var solver = solver(SETTINGS, Inventory.EMPTY.with(B, WETH, weth(0.6)));
        var first = queued(1, intent(1, A, USDC, usdc(1_000), B, WETH, weth(0.45), DEADLINE));
        var second = queued(2, intent(2, A, USDC, usdc(1_000), B, WETH, weth(0.45), DEADLINE));

        BatchResult result = solver.solve(List.of(first, second)).block(Duration.ofSeconds(10));

        assertThat(result.filled()).isEqualTo(1);
        assertThat(result.decisions()).filteredOn(d -> d instanceof BatchDecision.Deferred)
                .singleElement()
                .satisfies(d -> assertThat(((BatchDecision.Deferred) d).reason()).isEqualTo(BatchDecision.Reason.INVENTORY_SHORT));
        var fill = (BatchDecision.Filled) result.decisions().stream().filter(d -> d instanceof BatchDecision.Filled).findFirst().orElseThrow();
        assertThat(fill.plan().destinationChain()).isEqualTo(B);
        assertThat(routingThreads).isNotEmpty().noneMatch(name -> name.equals(Thread.currentThread().getName()));
    }

    @Test
    void aPlanThatCannotCompleteBeforeTheDeadlineIsNotChosen() {
        var solver = solver(SETTINGS, Inventory.EMPTY.with(B, WETH, weth(10)));
        long soon = NOW.getEpochSecond() + 5; // a same-rollup fill completes in 2.3 s, a cross-rollup one in 14.3 s
        var local = queued(1, intent(1, A, USDC, usdc(1_000), A, WETH, weth(0.45), soon));
        var remote = queued(2, intent(2, A, USDC, usdc(1_000), B, WETH, weth(0.45), soon));

        BatchResult result = solver.solve(List.of(local, remote)).block(Duration.ofSeconds(10));

        assertThat(result.decisions().get(0)).isInstanceOf(BatchDecision.Filled.class);
        assertThat(result.decisions().get(1)).isInstanceOfSatisfying(BatchDecision.Deferred.class,
                d -> assertThat(d.reason()).isEqualTo(BatchDecision.Reason.DEADLINE_UNREACHABLE));
    }

    @Test
    void aFailureWhileRoutingFailsTheBatchInsteadOfHangingIt() {
        CandidateSource broken = (intent, snapshot) -> {
            throw new IllegalStateException("pool index corrupt");
        };
        var solver = new BatchSolver(SETTINGS, planner, new ProblemBuilder(List.of(broken), COMPLETION), () -> MARKET,
                () -> Inventory.EMPTY, CLOCK);

        StepVerifier.create(solver.solve(List.of(buy(1))))
                .expectErrorSatisfies(e -> assertThat(e).hasMessage("pool index corrupt"))
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void anIntentWithoutAnyRouteIsDeferredAsSuch() {
        var solver = solver(SETTINGS, Inventory.EMPTY);
        var nowhere = swap(1, USDC, usdc(1_000), DAI, usdc(1));

        BatchResult result = solver.solve(List.of(nowhere)).block(Duration.ofSeconds(10));

        assertThat(result.decisions()).singleElement().isInstanceOfSatisfying(BatchDecision.Deferred.class,
                d -> assertThat(d.reason()).isEqualTo(BatchDecision.Reason.NO_ROUTE));
    }
}
