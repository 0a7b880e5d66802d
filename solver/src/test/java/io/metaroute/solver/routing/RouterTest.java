package io.metaroute.solver.routing;

import static io.metaroute.solver.routing.RouteFinderTest.CHAIN;
import static io.metaroute.solver.routing.RouteFinderTest.DAI;
import static io.metaroute.solver.routing.RouteFinderTest.E18;
import static io.metaroute.solver.routing.RouteFinderTest.E6;
import static io.metaroute.solver.routing.RouteFinderTest.USDC;
import static io.metaroute.solver.routing.RouteFinderTest.USDT;
import static io.metaroute.solver.routing.RouteFinderTest.WETH;
import static io.metaroute.solver.routing.RouteFinderTest.pool;
import static io.metaroute.solver.routing.RouteFinderTest.snapshot;
import static io.metaroute.solver.routing.RouteFinderTest.v2;
import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.chain.Domain;
import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.core.network.Network;
import io.metaroute.core.network.Rollup;
import io.metaroute.core.network.RollupProfile;
import io.metaroute.core.pool.PoolState;
import io.metaroute.core.route.Route;
import io.metaroute.core.route.RouteReplay;
import io.metaroute.core.token.Token;
import java.math.BigInteger;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RouterTest {
    static BigInteger usdc(long n) {
        return E6.multiply(BigInteger.valueOf(n));
    }

    static BigInteger weth(long n) {
        return E18.multiply(BigInteger.valueOf(n));
    }

    static Network network(ChainId chain, BigInteger gasPriceWei) {
        var tokens = List.of(new Token(chain, USDC, "USDC", 6), new Token(chain, USDT, "USDT", 6),
                new Token(chain, WETH, "WETH", 18), new Token(chain, DAI, "DAI", 18));
        return new Network(List.of(new Rollup("r", RollupProfile.GAMING, chain, Domain.of(chain.value()),
                URI.create("http://127.0.0.1:1"), null, Duration.ofSeconds(1), gasPriceWei, Address.of("0x" + "5".repeat(40)),
                Address.of("0x" + "6".repeat(40)), tokens, List.of())));
    }

    final Router pure = new Router(network(CHAIN, BigInteger.ZERO), RouterSettings.withoutGas());

    // Two USDC/WETH pools at the same price, one three times deeper; and a route through USDT.
    final PoolState a = pool(CHAIN, 1, USDC, WETH, usdc(1_000_000), weth(400));
    final PoolState b = pool(CHAIN, 2, USDC, WETH, usdc(3_000_000), weth(1_200));
    final PoolState ab = pool(CHAIN, 3, USDC, USDT, usdc(2_000_000), usdc(2_000_000));
    final PoolState bt = pool(CHAIN, 4, USDT, WETH, usdc(2_000_000), weth(800));

    /** The best two-way split over two pools, by brute force over every 1/10000 of the input, in integers. */
    static BigInteger gridTwoPools(BigInteger in, PoolState p, PoolState q) {
        BigInteger best = BigInteger.ZERO;
        for (int k = 0; k <= 10_000; k++) {
            BigInteger x = in.multiply(BigInteger.valueOf(k)).divide(BigInteger.valueOf(10_000));
            BigInteger out = v2(x, p.reserveOf(USDC), p.reserveOf(WETH)).add(v2(in.subtract(x), q.reserveOf(USDC), q.reserveOf(WETH)));
            best = best.max(out);
        }
        return best;
    }

    @Test
    void splitsOverParallelPoolsAsWellAsAFineGrid() {
        BigInteger in = usdc(400_000);
        var found = (RouteOutcome.Found) pure.route(snapshot(a, b), new RouteRequest(CHAIN, USDC, WETH, in));
        BigInteger grid = gridTwoPools(in, a, b);
        Route route = found.route();
        assertThat(route.legs()).hasSize(2);
        // At the optimum each pool gets input in proportion to its depth: 1/4 and 3/4.
        assertThat(new java.math.BigDecimal(route.legs().stream().filter(l -> l.pool().equals(a.address())).findFirst()
                .orElseThrow().amountIn()).divide(new java.math.BigDecimal(in), java.math.MathContext.DECIMAL64).doubleValue())
                .isCloseTo(0.25, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(route.amountOut()).isGreaterThanOrEqualTo(grid.multiply(BigInteger.valueOf(99_999)).divide(BigInteger.valueOf(100_000)));
        // The bound is a true bound: no split on the grid beats it.
        assertThat(found.certificate().upperBound()).isGreaterThanOrEqualTo(grid);
        assertThat(found.certificate().gap()).isLessThan(1e-6);
    }

    @Test
    void theQuotedOutputIsWhatTheExactReplayPays() {
        BigInteger in = usdc(700_000);
        var found = (RouteOutcome.Found) pure.route(snapshot(a, b, ab, bt), new RouteRequest(CHAIN, USDC, WETH, in));
        Route route = found.route();
        Map<Address, PoolState> pools = List.of(a, b, ab, bt).stream().collect(Collectors.toMap(PoolState::address, p -> p));
        assertThat(RouteReplay.replay(route, pools).route()).isEqualTo(route);
        assertThat(route.legs()).hasSize(4);
    }

    @Test
    void beatsTheBestSinglePathAndEveryGridSplitOverThreePaths() {
        BigInteger in = usdc(900_000);
        MarketSnapshot snap = snapshot(a, b, ab, bt);
        var found = (RouteOutcome.Found) pure.route(snap, new RouteRequest(CHAIN, USDC, WETH, in));
        var single = ((RouteOutcome.Found) new RouteFinder().best(snap, new RouteRequest(CHAIN, USDC, WETH, in))).route();
        assertThat(found.plan().amountOut()).isGreaterThan(single.amountOut());
        // Brute force over splits in steps of 1% between direct a, direct b and the USDT path.
        BigInteger best = BigInteger.ZERO;
        for (int i = 0; i <= 100; i++) {
            for (int j = 0; i + j <= 100; j++) {
                BigInteger xa = in.multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(100));
                BigInteger xb = in.multiply(BigInteger.valueOf(j)).divide(BigInteger.valueOf(100));
                BigInteger xc = in.subtract(xa).subtract(xb);
                BigInteger out = v2(xa, a.reserveOf(USDC), a.reserveOf(WETH)).add(v2(xb, b.reserveOf(USDC), b.reserveOf(WETH)))
                        .add(v2(v2(xc, ab.reserveOf(USDC), ab.reserveOf(USDT)), bt.reserveOf(USDT), bt.reserveOf(WETH)));
                best = best.max(out);
            }
        }
        assertThat(found.plan().amountOut()).isGreaterThanOrEqualTo(best);
        assertThat(found.certificate().upperBound()).isGreaterThanOrEqualTo(found.plan().amountOut());
    }

    @Test
    void gasKeepsASmallTradeOnOnePool() {
        // 1 gwei gas on a 105k + 60k/leg fill is worth about 0.4 USDC here: a second leg gains far less for 100 USDC.
        var router = new Router(network(CHAIN, BigInteger.valueOf(1_000_000_000L)), RouterSettings.defaults(),
                () -> Inventory.EMPTY, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
        var found = (RouteOutcome.Found) router.route(snapshot(a, b, ab, bt), new RouteRequest(CHAIN, WETH, USDC, E18.divide(BigInteger.TEN)));
        assertThat(found.route().legs()).hasSize(1);
        assertThat(found.route().pools()).containsExactly(b.address());
        assertThat(found.costs().gasInTokenOut()).isPositive();
        assertThat(found.netOutput()).isEqualTo(found.plan().amountOut().subtract(found.costs().gasInTokenOut()));
        assertThat(found.certificate().upperBound()).isGreaterThanOrEqualTo(found.netOutput());
    }

    @Test
    void refusesWithReasons() {
        var none = (RouteOutcome.NoRoute) pure.route(snapshot(a), new RouteRequest(CHAIN, USDC, DAI, usdc(1)));
        assertThat(none.reason()).isEqualTo(RouteOutcome.Reason.NO_PATH);
        var high = (RouteOutcome.NoRoute) pure.route(snapshot(a, b), new RouteRequest(CHAIN, USDC, WETH, usdc(1000)), weth(1));
        assertThat(high.reason()).isEqualTo(RouteOutcome.Reason.BOUND_UNREACHABLE);
        var strict = new Router(network(CHAIN, BigInteger.ZERO), RouterSettings.defaults(), () -> Inventory.EMPTY,
                Clock.fixed(Instant.EPOCH.plusSeconds(31), ZoneOffset.UTC));
        var stale = (RouteOutcome.NoRoute) strict.route(snapshot(a, b), new RouteRequest(CHAIN, USDC, WETH, usdc(1000)));
        assertThat(stale.reason()).isEqualTo(RouteOutcome.Reason.MARKET_STALE);
    }

    @Test
    void aRollupWhoseFeedIsUnhealthyIsDeclinedWithItsReasonAndRoutedAgainOnceItRecovers() {
        var down = new java.util.concurrent.atomic.AtomicReference<String>("chain " + CHAIN + " is down: its node is failing");
        Router.MarketFreshness freshness = new Router.MarketFreshness() {
            @Override
            public java.util.Optional<Instant> confirmedAt(ChainId chain, MarketSnapshot snapshot) {
                return java.util.Optional.of(snapshot.takenAt());
            }

            @Override
            public java.util.Optional<String> unhealthy(ChainId chain) {
                return java.util.Optional.ofNullable(down.get());
            }
        };
        var router = new Router(network(CHAIN, BigInteger.ZERO), RouterSettings.withoutGas(), () -> Inventory.EMPTY,
                Clock.systemUTC(), freshness);
        var request = new RouteRequest(CHAIN, USDC, WETH, usdc(1000));
        var declined = (RouteOutcome.NoRoute) router.route(snapshot(a, b), request);
        assertThat(declined.reason()).isEqualTo(RouteOutcome.Reason.ROLLUP_UNHEALTHY);
        assertThat(declined.detail()).contains("is down: its node is failing", "routes avoid it");
        down.set(null);
        assertThat(router.route(snapshot(a, b), request)).isInstanceOf(RouteOutcome.Found.class);
    }

    @Test
    void aWarmStartAfterOnePoolMovedGivesTheColdAnswer() {
        BigInteger in = usdc(900_000);
        var request = new RouteRequest(CHAIN, USDC, WETH, in);
        var first = (RouteOutcome.Found) pure.route(snapshot(a, b, ab, bt), request);
        PoolState moved = b.withReserves(b.reserve0().multiply(BigInteger.TWO), b.reserve1(), 2);
        MarketSnapshot next = snapshot(a, moved, ab, bt);
        var cold = (RouteOutcome.Found) pure.route(next, request);
        var warm = (RouteOutcome.Found) pure.route(next, request, BigInteger.ZERO, first.warmStart());
        assertThat(warm.plan().amountOut()).isGreaterThanOrEqualTo(cold.plan().amountOut().multiply(BigInteger.valueOf(999_999))
                .divide(BigInteger.valueOf(1_000_000)));
        assertThat(warm.certificate().upperBound()).isGreaterThanOrEqualTo(cold.plan().amountOut());
        assertThat(warm.certificate().iterations()).isLessThanOrEqualTo(cold.certificate().iterations());
    }
}
