package io.metaroute.solver.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.core.pool.PoolState;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RouteFinderTest {
    static final ChainId CHAIN = ChainId.of(710001);
    static final ChainId OTHER = ChainId.of(710002);
    static final Address USDC = addr(1), USDT = addr(2), WETH = addr(3), DAI = addr(4), LONELY = addr(9);
    static final BigInteger E6 = BigInteger.TEN.pow(6), E18 = BigInteger.TEN.pow(18);

    static Address addr(int n) {
        return Address.of(String.format("0x%040x", n));
    }

    static PoolState pool(ChainId chain, int id, Address a, Address b, BigInteger ra, BigInteger rb) {
        boolean aFirst = a.hex().compareTo(b.hex()) < 0;
        return new PoolState(chain, addr(0x1000 + id), aFirst ? a : b, aFirst ? b : a, aFirst ? ra : rb, aFirst ? rb : ra, 1);
    }

    static MarketSnapshot snapshot(PoolState... pools) {
        Map<io.metaroute.core.pool.PoolKey, PoolState> m = List.of(pools).stream()
                .collect(Collectors.toMap(PoolState::key, Function.identity()));
        return new MarketSnapshot(7, Instant.EPOCH, m);
    }

    /** The V2 formula written out again here, independently of the code under test. */
    static BigInteger v2(BigInteger in, BigInteger rIn, BigInteger rOut) {
        BigInteger x = in.multiply(BigInteger.valueOf(997));
        return x.multiply(rOut).divide(rIn.multiply(BigInteger.valueOf(1000)).add(x));
    }

    // Shallow direct USDC/WETH pool, deep USDC/USDT and USDT/WETH pools.
    final PoolState direct = pool(CHAIN, 1, USDC, WETH, E6.multiply(BigInteger.valueOf(30_000)), E18.multiply(BigInteger.TEN));
    final PoolState stable = pool(CHAIN, 2, USDC, USDT, E6.multiply(BigInteger.valueOf(5_000_000)), E6.multiply(BigInteger.valueOf(5_000_000)));
    final PoolState deep = pool(CHAIN, 3, USDT, WETH, E6.multiply(BigInteger.valueOf(3_000_000)), E18.multiply(BigInteger.valueOf(1_000)));
    final PoolState daiWeth = pool(CHAIN, 4, DAI, WETH, E18.multiply(BigInteger.valueOf(300_000)), E18.multiply(BigInteger.valueOf(100)));
    final PoolState elsewhere = pool(OTHER, 5, USDC, WETH, E6.multiply(BigInteger.valueOf(30_000_000)), E18.multiply(BigInteger.valueOf(10_000)));

    @Test
    void twoHopsBeatAShallowDirectPoolAndTheAmountIsExact() {
        BigInteger in = E6.multiply(BigInteger.valueOf(10_000));
        var outcome = new RouteFinder().best(snapshot(direct, stable, deep, daiWeth, elsewhere), new RouteRequest(CHAIN, USDC, WETH, in));

        assertThat(outcome).isInstanceOf(RouteOutcome.Found.class);
        var route = ((RouteOutcome.Found) outcome).route();
        BigInteger viaUsdt = v2(v2(in, stable.reserveOf(USDC), stable.reserveOf(USDT)), deep.reserveOf(USDT), deep.reserveOf(WETH));
        BigInteger viaDirect = v2(in, direct.reserveOf(USDC), direct.reserveOf(WETH));
        assertThat(viaUsdt).isGreaterThan(viaDirect);
        assertThat(route.amountOut()).isEqualTo(viaUsdt);
        assertThat(route.pools()).containsExactly(stable.address(), deep.address());
        assertThat(route.path()).containsExactly(USDC, USDT, WETH);
        assertThat(route.legs().get(1).amountIn()).isEqualTo(route.legs().get(0).amountOut());
        assertThat(route.snapshotVersion()).isEqualTo(7);
    }

    @Test
    void smallTradesTakeTheDirectPoolWhenItPaysMore() {
        BigInteger in = E6; // 1 USDC: the 2-hop path pays two fees
        var outcome = new RouteFinder().best(snapshot(direct, stable, deep), new RouteRequest(CHAIN, USDC, WETH, in));
        var route = ((RouteOutcome.Found) outcome).route();
        BigInteger viaDirect = v2(in, direct.reserveOf(USDC), direct.reserveOf(WETH));
        BigInteger viaUsdt = v2(v2(in, stable.reserveOf(USDC), stable.reserveOf(USDT)), deep.reserveOf(USDT), deep.reserveOf(WETH));
        assertThat(route.amountOut()).isEqualTo(viaDirect.max(viaUsdt));
        assertThat(route.legs()).hasSize(viaDirect.compareTo(viaUsdt) >= 0 ? 1 : 2);
    }

    @Test
    void threeHopsAreFoundAndFourAreNot() {
        // USDC -> USDT -> WETH -> DAI needs three pools.
        var request = new RouteRequest(CHAIN, USDC, DAI, E6.multiply(BigInteger.valueOf(1_000)));
        var snap = snapshot(stable, deep, daiWeth);
        assertThat(new RouteFinder(3).best(snap, request)).isInstanceOf(RouteOutcome.Found.class);
        var limited = new RouteFinder(2).best(snap, request);
        assertThat(limited).isInstanceOf(RouteOutcome.NoRoute.class);
        assertThat(((RouteOutcome.NoRoute) limited).reason()).isEqualTo(RouteOutcome.Reason.NO_PATH);
    }

    @Test
    void poolsOnOtherRollupsAreNotUsedForASameRollupRoute() {
        var outcome = new RouteFinder().best(snapshot(elsewhere), new RouteRequest(CHAIN, USDC, WETH, E6));
        assertThat(((RouteOutcome.NoRoute) outcome).reason()).isEqualTo(RouteOutcome.Reason.NO_PATH);
    }

    @Test
    void dustThatPaysNothingIsInsufficientLiquidity() {
        var outcome = new RouteFinder().best(snapshot(pool(CHAIN, 6, USDC, LONELY, E18, BigInteger.ONE)),
                new RouteRequest(CHAIN, USDC, LONELY, BigInteger.ONE));
        assertThat(((RouteOutcome.NoRoute) outcome).reason()).isEqualTo(RouteOutcome.Reason.INSUFFICIENT_LIQUIDITY);
    }

    @Test
    void aMinimumAboveTheBestOutputIsReportedAsUnreachable() {
        BigInteger in = E6.multiply(BigInteger.valueOf(10_000));
        var snap = snapshot(direct, stable, deep);
        var best = ((RouteOutcome.Found) new RouteFinder().best(snap, new RouteRequest(CHAIN, USDC, WETH, in))).route().amountOut();
        assertThat(new RouteFinder().best(snap, new RouteRequest(CHAIN, USDC, WETH, in), best)).isInstanceOf(RouteOutcome.Found.class);
        var tooHigh = new RouteFinder().best(snap, new RouteRequest(CHAIN, USDC, WETH, in), best.add(BigInteger.ONE));
        assertThat(((RouteOutcome.NoRoute) tooHigh).reason()).isEqualTo(RouteOutcome.Reason.BOUND_UNREACHABLE);
    }

    @Test
    void theBestOfAllSimplePathsIsChosenAgainstBruteForce() {
        // Every token pair connected: compare with an explicit enumeration of all simple paths.
        var tokens = List.of(USDC, USDT, WETH, DAI);
        var pools = new java.util.ArrayList<PoolState>();
        var rnd = new java.util.Random(42);
        int id = 100;
        for (int i = 0; i < tokens.size(); i++) {
            for (int j = i + 1; j < tokens.size(); j++) {
                pools.add(pool(CHAIN, id++, tokens.get(i), tokens.get(j),
                        BigInteger.valueOf(1_000_000L + rnd.nextInt(9_000_000)).multiply(E6),
                        BigInteger.valueOf(1_000_000L + rnd.nextInt(9_000_000)).multiply(E6)));
            }
        }
        var snap = snapshot(pools.toArray(PoolState[]::new));
        BigInteger in = E6.multiply(BigInteger.valueOf(250_000));
        BigInteger brute = BigInteger.ZERO;
        for (var p1 : pools) {
            if (!p1.has(USDC)) continue;
            Address t1 = p1.other(USDC);
            BigInteger o1 = v2(in, p1.reserveOf(USDC), p1.reserveOf(t1));
            if (t1.equals(DAI)) { brute = brute.max(o1); continue; }
            for (var p2 : pools) {
                if (p2 == p1 || !p2.has(t1)) continue;
                Address t2 = p2.other(t1);
                if (t2.equals(USDC)) continue;
                BigInteger o2 = v2(o1, p2.reserveOf(t1), p2.reserveOf(t2));
                if (t2.equals(DAI)) { brute = brute.max(o2); continue; }
                for (var p3 : pools) {
                    if (p3 == p1 || p3 == p2 || !p3.has(t2) || !p3.other(t2).equals(DAI)) continue;
                    brute = brute.max(v2(o2, p3.reserveOf(t2), p3.reserveOf(DAI)));
                }
            }
        }
        var route = ((RouteOutcome.Found) new RouteFinder().best(snap, new RouteRequest(CHAIN, USDC, DAI, in))).route();
        assertThat(route.amountOut()).isEqualTo(brute);
    }
}
