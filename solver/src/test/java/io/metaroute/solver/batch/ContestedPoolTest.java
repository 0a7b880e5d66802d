package io.metaroute.solver.batch;

import static io.metaroute.solver.batch.BatchFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.core.pool.PoolState;
import io.metaroute.core.route.Route;
import io.metaroute.solver.batch.candidates.RouteFinderCandidates;
import io.metaroute.solver.batch.planning.BatchPlanner;
import io.metaroute.solver.routing.Inventory;
import io.metaroute.solver.routing.RouteFinder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two intents want the same shallow pool. Greedy in arrival order, the first (large) takes it
 * although a deep pool serves it almost as well, and its price impact leaves the second (small,
 * tight minimum) unfillable. Solved together, the first goes to the deep pool and both are filled.
 */
class ContestedPoolTest {
    // Shallow pool, 2% better mid price; deep pool, 2% worse.
    static final PoolState SHALLOW = pool(A, 1, USDC, WETH, usdc(1_000_000), weth(500));
    static final PoolState DEEP = pool(A, 2, USDC, WETH, usdc(100_000_000), weth(49_000));
    static final MarketSnapshot MARKET = snapshot(SHALLOW, DEEP);

    final BatchIntent large = swap(1, USDC, usdc(18_000), WETH, weth(8.70));
    final BatchIntent small = swap(2, USDC, usdc(1_000), WETH, weth(0.49));

    final BatchProblem problem = new ProblemBuilder(List.of(new RouteFinderCandidates(new RouteFinder(), 2,
            io.metaroute.solver.batch.candidates.CostModel.NONE)), COMPLETION)
            .build(1, List.of(small, large), MARKET, Inventory.EMPTY, NOW);

    @Test
    void eachIntentIsOfferedBothPoolsBestFirst() {
        assertThat(problem.entries()).extracting(e -> e.intent().sequence()).containsExactly(1L, 2L);
        for (var entry : problem.entries()) {
            assertThat(entry.options()).extracting(o -> ((Route) o.plan()).pools().getFirst())
                    .containsExactly(SHALLOW.address(), DEEP.address());
        }
    }

    @Test
    void oneByOneFillsTheFirstOnTheShallowPoolAndFailsTheSecond() {
        BatchResult greedy = OneByOne.solve(problem);

        assertThat(greedy.decisions().get(0)).isInstanceOfSatisfying(BatchDecision.Filled.class,
                f -> assertThat(((Route) f.plan()).pools()).containsExactly(SHALLOW.address()));
        assertThat(greedy.decisions().get(1)).isInstanceOfSatisfying(BatchDecision.Deferred.class,
                d -> assertThat(d.reason()).isEqualTo(BatchDecision.Reason.BELOW_MINIMUM));
        assertThat(greedy.filled()).isEqualTo(1);
    }

    @Test
    void theBatchFillsBothAndBeatsOneByOneOnTotalSurplus() {
        BatchResult greedy = OneByOne.solve(problem);
        BatchResult batch;
        try (var planner = new BatchPlanner(BatchSettings.defaults().withLimits(Duration.ofSeconds(2), Duration.ofMillis(300)))) {
            batch = planner.plan(1, () -> problem).block(Duration.ofSeconds(10));
        }

        assertThat(batch.filled()).isEqualTo(2);
        var first = (BatchDecision.Filled) batch.decisions().get(0);
        var second = (BatchDecision.Filled) batch.decisions().get(1);
        assertThat(((Route) first.plan()).pools()).containsExactly(DEEP.address());
        assertThat(((Route) second.plan()).pools()).containsExactly(SHALLOW.address());
        assertThat(second.amountOut()).isGreaterThanOrEqualTo(small.intent().minAmountOut());
        assertThat(batch.surplusPpm()).isGreaterThan(greedy.surplusPpm());
    }
}
