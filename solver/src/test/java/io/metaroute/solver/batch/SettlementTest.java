package io.metaroute.solver.batch;

import static io.metaroute.solver.batch.BatchFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.core.route.Route;
import io.metaroute.core.route.RouteReplay;
import io.metaroute.solver.batch.candidates.Candidate;
import io.metaroute.solver.batch.candidates.CandidateSource;
import io.metaroute.solver.batch.candidates.CostModel;
import io.metaroute.solver.batch.candidates.RouteFinderCandidates;
import io.metaroute.solver.routing.Costs;
import io.metaroute.solver.routing.Inventory;
import io.metaroute.solver.routing.RouteFinder;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettlementTest {
    final io.metaroute.core.pool.PoolState onlyPool = pool(A, 1, USDC, WETH, usdc(1_000_000), weth(500));

    BatchProblem problem(BatchIntent... intents) {
        return new ProblemBuilder(List.of(new RouteFinderCandidates(new RouteFinder(), 1, CostModel.NONE)), COMPLETION)
                .build(1, List.of(intents), snapshot(onlyPool), Inventory.EMPTY, NOW);
    }

    @Test
    void fillsAreReplayedExactlyInArrivalOrderOverThePoolsTheEarlierOnesLeft() {
        var first = swap(1, USDC, usdc(10_000), WETH, weth(4));
        var second = swap(2, USDC, usdc(10_000), WETH, weth(4));
        var result = Settlement.settle(problem(second, first), new int[] {0, 0}, "test", Duration.ZERO);

        var a = (BatchDecision.Filled) result.decisions().get(0);
        var b = (BatchDecision.Filled) result.decisions().get(1);
        assertThat(a.intent()).isEqualTo(first);
        assertThat(a.order()).isZero();
        assertThat(b.order()).isOne();
        var afterFirst = RouteReplay.replay((Route) a.plan(), Map.of(onlyPool.address(), onlyPool));
        var expected = RouteReplay.replay((Route) b.plan(), afterFirst.poolsAfter()).route().amountOut();
        assertThat(b.amountOut()).isEqualTo(expected).isLessThan(a.amountOut());
        assertThat(result.surplusPpm()).isEqualTo(Objective.surplusPpm(a.amountOut(), weth(4))
                + Objective.surplusPpm(b.amountOut(), weth(4)));
    }

    @Test
    void aChoiceThatMissesItsMinimumExactlyIsDeferredAndMovesNothing() {
        var big = swap(1, USDC, usdc(100_000), WETH, weth(45));    // gets about 45.2 WETH alone
        var tight = swap(2, USDC, usdc(1_000), WETH, weth(0.498)); // gets about 0.4985 alone, far less after big
        var last = swap(3, USDC, usdc(1_000), WETH, weth(0.3));
        var problem = problem(big, tight, last);

        var result = Settlement.settle(problem, new int[] {Settlement.DEFER, 0, 0}, "test", Duration.ZERO);
        assertThat(result.decisions().get(0)).isInstanceOfSatisfying(BatchDecision.Deferred.class,
                d -> assertThat(d.reason()).isEqualTo(BatchDecision.Reason.NOT_SELECTED));
        assertThat(result.filled()).isEqualTo(2);

        var forced = Settlement.settle(problem, new int[] {0, 0, 0}, "test", Duration.ZERO);
        assertThat(forced.decisions().get(1)).isInstanceOfSatisfying(BatchDecision.Deferred.class,
                d -> assertThat(d.reason()).isEqualTo(BatchDecision.Reason.BELOW_MINIMUM));
        var lastAlone = RouteReplay.replay((Route) ((BatchDecision.Filled) forced.decisions().get(0)).plan(),
                Map.of(onlyPool.address(), onlyPool)).poolsAfter();
        var lastFill = (BatchDecision.Filled) forced.decisions().get(2);
        assertThat(lastFill.amountOut()).isEqualTo(RouteReplay.replay((Route) lastFill.plan(), lastAlone).route().amountOut());
        assertThat(lastFill.order()).isOne();
    }

    @Test
    void oneByOnePrefersTheBestSurplusNetOfCostsAndDefersAFillWhoseCostsExceedIt() {
        var intent = swap(1, USDC, usdc(1_000), WETH, weth(0.49));
        var second = pool(A, 2, USDC, WETH, usdc(990_000), weth(500));
        var market = snapshot(onlyPool, second);
        var routes = new RouteFinderCandidates(new RouteFinder(), 2, CostModel.NONE).candidates(intent.intent(), market);
        Route better = (Route) routes.get(0).plan();
        Route worse = (Route) routes.get(1).plan();
        assertThat(better.pools()).containsExactly(second.address());
        // The better-paying pool costs 2% of the minimum in gas, more than the 1% or so it pays extra.
        CandidateSource priced = (i, s) -> List.of(new Candidate(better, new Costs(1, BigInteger.ONE, weth(0.0098), BigInteger.ZERO), "a"),
                new Candidate(worse, Costs.NONE, "b"));
        var problem = new ProblemBuilder(List.of(priced), COMPLETION).build(1, List.of(intent), market, Inventory.EMPTY, NOW);
        assertThat(problem.entries().getFirst().options().getFirst().costPpm()).isEqualTo(20_000);

        var chosen = (BatchDecision.Filled) OneByOne.solve(problem).decisions().getFirst();
        assertThat(chosen.plan()).isEqualTo(worse);

        // Gas worth 5% of the minimum exceeds the surplus (about 1.6%): not worth filling now.
        CandidateSource expensive = (i, s) -> List.of(new Candidate(worse, new Costs(1, BigInteger.ONE, weth(0.0245), BigInteger.ZERO), "c"));
        var costly = new ProblemBuilder(List.of(expensive), COMPLETION).build(1, List.of(intent), market, Inventory.EMPTY, NOW);
        assertThat(OneByOne.solve(costly).decisions()).singleElement().isInstanceOfSatisfying(BatchDecision.Deferred.class,
                d -> assertThat(d.reason()).isEqualTo(BatchDecision.Reason.COSTS_EXCEED_SURPLUS));
    }
}
