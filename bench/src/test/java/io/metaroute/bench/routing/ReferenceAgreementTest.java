package io.metaroute.bench.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.bench.routing.reference.Bounds;
import io.metaroute.bench.routing.reference.DualReference;
import io.metaroute.bench.routing.reference.GridReference;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The two reference methods check each other on networks small enough for brute force: the grid's
 * best split never beats the dual bound, and it matches the dual's own split to 1e-9.
 */
class ReferenceAgreementTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void gridAndDualAgreeOnSmallNetworks(long seed) {
        var market = RandomNetworks.generate(seed, 6, 1, seed % 2 == 0 ? 4 : 5);
        var random = new SplittableRandom(seed * 31);
        for (int k = 0; k < 3; k++) {
            var intent = RandomNetworks.intent(market, random, 0.5);
            var pools = market.poolsOn(intent.chain());
            Bounds dual = DualReference.solve(pools, intent.tokenIn(), intent.tokenOut(), intent.amountIn());
            var grid = GridReference.solve(pools, intent.tokenIn(), intent.tokenOut(), intent.amountIn());
            String what = "seed " + seed + " intent " + k + " " + intent + ": dual " + dual + ", grid " + grid;

            assertThat(dual.lower()).as(what).isPositive();
            assertThat(dual.gap()).as(what).isLessThan(1e-9);
            assertThat(grid.value()).as("the grid never beats the dual bound: " + what).isLessThanOrEqualTo(dual.upper());
            double agreement = dual.lower().subtract(grid.value()).abs().divide(dual.upper(), MathContext.DECIMAL64).doubleValue();
            assertThat(agreement).as(what).isLessThan(1e-9);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13})
    void theBaselineNeverBeatsTheDualBound(long seed) {
        var market = RandomNetworks.generate(seed, 100);
        var random = new SplittableRandom(seed);
        for (int k = 0; k < 10; k++) {
            var intent = RandomNetworks.intent(market, random);
            var pools = market.poolsOn(intent.chain());
            Bounds dual = DualReference.solve(pools, intent.tokenIn(), intent.tokenOut(), intent.amountIn());
            var baseline = new StepSplitBaseline().solve(market.snapshot(), intent.chain(), intent.tokenIn(), intent.tokenOut(), intent.amountIn());
            String what = "seed " + seed + " intent " + k + " " + intent + ": dual " + dual + ", baseline " + baseline.amountOut();
            assertThat(dual.gap()).as(what).isLessThan(1e-9);
            assertThat(new BigDecimal(baseline.amountOut())).as(what).isLessThanOrEqualTo(dual.upper());
        }
    }
}
