package io.metaroute.solver.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.core.pool.PoolState;
import io.metaroute.solver.streaming.StandingQuote;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class StandingQuoteTest {
    static final ChainId CHAIN = ChainId.of(710001);
    static final Address A = Address.of("0x0000000000000000000000000000000000000001");
    static final Address B = Address.of("0x0000000000000000000000000000000000000002");
    static final Address POOL = Address.of("0x00000000000000000000000000000000000000aa");
    static final Router ROUTER = new Router(RouterTest.network(CHAIN, BigInteger.ZERO), RouterSettings.withoutGas());
    static final RouteRequest SELL_1000_A = new RouteRequest(CHAIN, A, B, BigInteger.valueOf(1000));

    static MarketSnapshot snapshot(long version, long reserveA, long reserveB) {
        var pool = new PoolState(CHAIN, POOL, A, B, BigInteger.valueOf(reserveA), BigInteger.valueOf(reserveB), version);
        return new MarketSnapshot(version, Instant.EPOCH, Map.of(pool.key(), pool));
    }

    static BigInteger out(RouteOutcome o) {
        return ((RouteOutcome.Found) o).route().amountOut();
    }

    @Test
    void republishesOnlyWhenTheAnswerChanges() {
        Sinks.Many<MarketSnapshot> market = Sinks.many().multicast().onBackpressureBuffer();
        StepVerifier.create(new StandingQuote(ROUTER).watch(market.asFlux(), SELL_1000_A))
                .then(() -> market.tryEmitNext(snapshot(1, 1_000_000, 2_000_000)))
                .assertNext(o -> assertThat(out(o)).isEqualTo(BigInteger.valueOf(1992)))
                .then(() -> market.tryEmitNext(snapshot(2, 1_000_000, 2_000_000))) // same pool state, new version: silent
                .then(() -> market.tryEmitNext(snapshot(3, 1_000_000, 3_000_000)))
                .assertNext(o -> assertThat(out(o)).isEqualTo(BigInteger.valueOf(2988)))
                .then(() -> market.tryEmitNext(snapshot(4, 1_000_000, 0)))
                .assertNext(o -> assertThat(o).isInstanceOf(RouteOutcome.NoRoute.class))
                .then(market::tryEmitComplete)
                .verifyComplete();
    }

    @Test
    void aSlowWatcherGetsTheLatestAnswerNotABacklog() {
        Sinks.Many<MarketSnapshot> market = Sinks.many().multicast().onBackpressureBuffer();
        StepVerifier.create(new StandingQuote(ROUTER).watch(market.asFlux(), SELL_1000_A), 0)
                .then(() -> {
                    for (int i = 1; i <= 100; i++) {
                        market.tryEmitNext(snapshot(i, 1_000_000, 2_000_000 + i * 1_000L));
                    }
                })
                .thenRequest(1)
                .assertNext(o -> assertThat(out(o)).isEqualTo(new RouteFinder().best(snapshot(100, 1_000_000, 2_100_000), SELL_1000_A)
                        instanceof RouteOutcome.Found f ? f.route().amountOut() : BigInteger.ZERO))
                .thenCancel()
                .verify();
    }

    @Test
    void reSolvesRunOnTheSolverSchedulerAndABusyWatcherSolvesOnlyTheLatestSnapshot() {
        Queue<Runnable> solverTasks = new ConcurrentLinkedQueue<>();
        Scheduler solver = Schedulers.fromExecutor(solverTasks::add);
        Sinks.Many<MarketSnapshot> market = Sinks.many().multicast().onBackpressureBuffer();
        var ran = new int[1];
        StepVerifier.create(new StandingQuote(ROUTER, solver).watch(market.asFlux(), SELL_1000_A), 0)
                .then(() -> {
                    for (int i = 1; i <= 100; i++) {
                        market.tryEmitNext(snapshot(i, 1_000_000, 2_000_000 + i * 1_000L));
                    }
                })
                // the publishing thread solved nothing: one solve waits on the solver scheduler, the rest is conflated
                .then(() -> assertThat(solverTasks).hasSize(1))
                .then(() -> {
                    Runnable task;
                    while ((task = solverTasks.poll()) != null) {
                        task.run();
                        ran[0]++;
                    }
                })
                .then(() -> assertThat(ran[0]).as("solves for 100 snapshots: the first, then the latest").isEqualTo(2))
                .thenRequest(1)
                .assertNext(o -> assertThat(out(o)).isEqualTo(((RouteOutcome.Found) ROUTER.route(snapshot(100, 1_000_000, 2_100_000),
                        SELL_1000_A, BigInteger.ZERO, null)).route().amountOut()))
                .thenRequest(1)
                .expectNoEvent(java.time.Duration.ofMillis(50))
                .thenCancel()
                .verify();
    }
}
