package io.metaroute.bench.routing;

import io.metaroute.bench.routing.RandomNetworks.Intent;
import io.metaroute.bench.routing.RandomNetworks.Market;
import io.metaroute.bench.routing.reference.Bounds;
import io.metaroute.bench.routing.reference.DualReference;
import io.metaroute.bench.routing.reference.ExactPaths;
import io.metaroute.bench.routing.reference.GreedyRemoval;
import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.core.pool.PoolState;
import io.metaroute.solver.routing.RouteOutcome;
import io.metaroute.solver.routing.RouteRequest;
import io.metaroute.solver.routing.Router;
import io.metaroute.solver.routing.RouterSettings;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The router as the service runs it — a leg limit, gas priced in the output token — on markets
 * where one rollup holds every pool, against references computed apart from it: it never pays
 * less net than the best single path within the limit ({@link ExactPaths}) or than greedy removal
 * from the optimum ({@link GreedyRemoval}); it reaches the unlimited optimum when that fits the
 * limit; its certificate is never below the exact output of a feasible route; and no amount from
 * one base unit to 2¹¹² makes it throw.
 */
class ShippedRouterQualityTest {
    /** Greedy removal re-optimises in 50-digit decimals over the reals; the router in integers after a double search. */
    static final double GREEDY_SLACK = 1e-6;
    /** Greedy removal costs a reference solve per leg and step: run it where the optimum has at most this many legs. */
    static final int GREEDY_UP_TO = 30;

    @ParameterizedTest(name = "seed {0}, {1} pools on one rollup, at most {2} legs, gas {3}")
    @CsvSource({"1, 100, 8, true", "2, 100, 8, false", "3, 100, 4, true", "4, 100, 8, true", "5, 1000, 8, true",
        "6, 1000, 8, false"})
    void shippedRouterIsNeverBelowTheObviousAndItsCertificatesHold(long seed, int pools, int maxLegs, boolean gas) {
        Market m = RandomNetworks.generate(seed, pools, 1, 0);
        var router = new Router(m.network(), new RouterSettings(105_000, 60_000, gas, maxLegs, BigInteger.ZERO, null));
        var random = new SplittableRandom(seed * 7919);
        var soft = new SoftAssertions();
        int intents = pools >= 1000 ? 3 : 6;
        for (int k = 0; k < intents; k++) {
            Intent it = RandomNetworks.intent(m, random);
            for (BigInteger amount : List.of(it.amountIn(), BigInteger.ONE, BigInteger.TEN.pow(6), BigInteger.TEN.pow(12))) {
                // Greedy removal is over the reals: compare with it where integer rounding is negligible, at the
                // intents' own sizes (worth $100 or more); the tiny amounts meet the exact checks only.
                check(soft, m, router, it, amount, maxLegs, amount.equals(it.amountIn()) && (k == 0 || pools < 1000));
            }
        }
        soft.assertAll();
    }

    @ParameterizedTest(name = "seed {0}: amounts from 1 to 2^112")
    @CsvSource({"11", "12"})
    void noAmountMakesTheRouterThrowOrItsCertificateLie(long seed) {
        Market m = RandomNetworks.generate(seed, 100, 1, 0);
        var router = new Router(m.network(), new RouterSettings(105_000, 60_000, true, 8, BigInteger.ZERO, null));
        var random = new SplittableRandom(seed);
        var soft = new SoftAssertions();
        for (int k = 0; k < 3; k++) {
            Intent it = RandomNetworks.intent(m, random);
            for (int exp = 0; exp <= 112; exp += 8) {
                check(soft, m, router, it, BigInteger.TWO.pow(exp), 8, false);
            }
        }
        soft.assertAll();
    }

    /**
     * A market that holds arbitrage (every pool's price moved by up to 3%, ten times the fee): the relaxation's
     * optimum sends flow round cycles, which the search approaches only slowly. It stops once the gap stops
     * closing instead of running to its iteration cap, and its certificates stay true (the bound at least every
     * feasible route's output, the best single path's included). (On the scale devnet's mispriced market every
     * cold solve ran to the cap, 100-400 ms each.) The route pays at least the best path that visits no token twice;
     * paths through a token twice, which run an arbitrage cycle inside the route, can pay more here and are not
     * routes the router builds. Before the path search kept such arrivals out of its few kept
     * per token, they crowded the simple paths out and the route fell 2.0% short of one (seed 22).
     */
    @ParameterizedTest(name = "seed {0}: 500 pools holding arbitrage")
    @CsvSource({"21", "22"})
    void onAMarketHoldingArbitrageTheSearchStopsWhenItsGapStopsClosingAndItsAnswersHold(long seed) {
        Market fair = RandomNetworks.generate(seed, 500, 1, 0);
        var random = new SplittableRandom(seed);
        MarketSnapshot skewed = fair.snapshot();
        for (PoolState p : fair.snapshot().pools().values().stream().sorted((a, b) -> a.address().hex().compareTo(b.address().hex())).toList()) {
            BigInteger r1 = new BigDecimal(p.reserve1()).multiply(BigDecimal.valueOf(0.97 + 0.06 * random.nextDouble()))
                    .toBigInteger().max(BigInteger.ONE);
            skewed = skewed.with(p.withReserves(p.reserve0(), r1, p.blockNumber()), skewed.takenAt());
        }
        Market m = new Market(seed, fair.network(), skewed, fair.referencePriceUsd());
        var router = new Router(m.network(), new RouterSettings(105_000, 60_000, true, 8, BigInteger.ZERO, null));
        var soft = new SoftAssertions();
        int solves = 0;
        int atCap = 0;
        for (int k = 0; k < 6; k++) {
            Intent it = RandomNetworks.intent(m, random);
            check(soft, m, router, it, it.amountIn(), 8, false, true);
            if (router.route(m.snapshot(), new RouteRequest(it.chain(), it.tokenIn(), it.tokenOut(), it.amountIn()))
                    instanceof RouteOutcome.Found f) {
                solves++;
                atCap += f.certificate().iterations() >= COLD_ITERATION_CAP ? 1 : 0;
            }
        }
        soft.assertThat(solves).as("intents routed").isPositive();
        soft.assertThat(atCap).as("cold solves run to the %d-iteration cap, of %d", COLD_ITERATION_CAP, solves).isLessThanOrEqualTo(1);
        soft.assertAll();
    }

    /**
     * Cases a run of {@link ShippedRoutingReport} on fresh markets caught below greedy removal (seeds 101-130 of 100
     * pools, its intent stream), each the optimum spread over 93-99 of the 100 pools: on seed 118 the route was the
     * best single path (6 legs) where two paths side by side (7 legs) pay 17% more; on seed 119 a 7-leg set 0.6%
     * below greedy removal's, with room for an eighth leg; on seed 111 greedy removal's own 8 legs, split 2.8e-5
     * short of their optimum. Greedy removal is run however many pools the optimum uses.
     */
    @ParameterizedTest(name = "seed {0}, intent {1}: 100 pools on one rollup, at most 8 legs, gas")
    @CsvSource({"118, 5", "119, 5", "111, 5"})
    void casesTheFreshMarketRunCaught(long seed, int intent) {
        Market m = RandomNetworks.generate(seed, 100, 1, 0);
        var router = new Router(m.network(), new RouterSettings(105_000, 60_000, true, 8, BigInteger.ZERO, null));
        var random = new SplittableRandom(seed * 31);
        Intent it = null;
        for (int k = 0; k <= intent; k++) {
            it = RandomNetworks.intent(m, random);
        }
        var soft = new SoftAssertions();
        check(soft, m, router, it, it.amountIn(), 8, true, false, Integer.MAX_VALUE);
        soft.assertAll();
    }

    /** The cold search's iteration cap ({@code SplitRouter}). */
    private static final int COLD_ITERATION_CAP = 400;

    private static void check(SoftAssertions soft, Market m, Router router, Intent it, BigInteger amount, int maxLegs,
                              boolean greedy) {
        check(soft, m, router, it, amount, maxLegs, greedy, false);
    }

    /**
     * The route must pay at least the best single path: of any path ({@code simplePaths} false; on a fair market no
     * path gains by passing a token twice), or of those that visit no token twice, the shape of the settler's routes.
     */
    private static void check(SoftAssertions soft, Market m, Router router, Intent it, BigInteger amount, int maxLegs,
                              boolean greedy, boolean simplePaths) {
        check(soft, m, router, it, amount, maxLegs, greedy, simplePaths, GREEDY_UP_TO);
    }

    /** As above, running greedy removal where the optimum has at most {@code greedyUpTo} pools. */
    private static void check(SoftAssertions soft, Market m, Router router, Intent it, BigInteger amount, int maxLegs,
                              boolean greedy, boolean simplePaths, int greedyUpTo) {
        var request = new RouteRequest(it.chain(), it.tokenIn(), it.tokenOut(), amount);
        var pools = m.poolsOn(it.chain());
        String what = "seed " + m.seed() + " " + it.tokenIn() + " -> " + it.tokenOut() + " amount " + amount;
        RouteOutcome outcome;
        try {
            outcome = router.route(m.snapshot(), request);
        } catch (RuntimeException e) {
            soft.fail(what + ": the router threw " + e);
            return;
        }
        IntFunction<BigInteger> gas = legs -> router.gasCost(m.snapshot(), it.chain(), it.tokenOut(), legs);
        List<BigInteger> byHops = ExactPaths.bestByHops(pools, it.tokenIn(), it.tokenOut(), amount, Math.min(maxLegs, 8), simplePaths);
        BigInteger pathNet = null;
        for (int h = 1; h <= byHops.size(); h++) {
            if (byHops.get(h - 1).signum() > 0) {
                BigInteger net = byHops.get(h - 1).subtract(gas.apply(h));
                pathNet = pathNet == null ? net : pathNet.max(net);
            }
        }
        if (!(outcome instanceof RouteOutcome.Found f)) {
            soft.assertThat(pathNet).as(what + ": no route although a path pays (" + outcome + ")").isNull();
            return;
        }
        BigInteger net = f.certificate().value();
        BigInteger bound = f.certificate().upperBound();
        soft.assertThat(f.certificate().holds()).as(what + ": certificate holds").isTrue();
        if (pathNet != null) {
            soft.assertThat(net).as(what + ": net at least the best single path's").isGreaterThanOrEqualTo(pathNet);
            soft.assertThat(bound).as(what + ": bound at least the best single path's net").isGreaterThanOrEqualTo(pathNet);
        }
        Bounds reference = DualReference.solve(pools, it.tokenIn(), it.tokenOut(), amount);
        soft.assertThat(new BigDecimal(bound).add(new BigDecimal(gas.apply(1))))
                .as(what + ": bound at least the reference's feasible split").isGreaterThanOrEqualTo(reference.lower().setScale(0, java.math.RoundingMode.FLOOR));
        if (!greedy || reference.activePools() > greedyUpTo) {
            return;
        }
        BigDecimal greedyNet = GreedyRemoval.bestNet(GreedyRemoval.run(pools, it.tokenIn(), it.tokenOut(), amount), maxLegs, gas);
        if (greedyNet == null) {
            return;
        }
        soft.assertThat(new BigDecimal(net)).as(what + ": net " + net + " (" + f.route().legs().size() + " legs) at least greedy removal's " + greedyNet)
                .isGreaterThanOrEqualTo(greedyNet.subtract(greedyNet.abs().multiply(BigDecimal.valueOf(GREEDY_SLACK)))
                        .subtract(BigDecimal.valueOf(maxLegs)));
        if (reference.activePools() <= maxLegs && gas.apply(2).equals(gas.apply(1))) {
            soft.assertThat(reference.fractionOf(f.plan().amountOut())).as(what + ": the unlimited optimum fits the limit")
                    .isGreaterThanOrEqualTo(RouterQualityTest.REQUIRED_SHARE);
        }
    }
}
