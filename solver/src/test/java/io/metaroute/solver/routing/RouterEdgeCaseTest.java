package io.metaroute.solver.routing;

import static io.metaroute.solver.routing.RouteFinderTest.CHAIN;
import static io.metaroute.solver.routing.RouteFinderTest.DAI;
import static io.metaroute.solver.routing.RouteFinderTest.USDC;
import static io.metaroute.solver.routing.RouteFinderTest.USDT;
import static io.metaroute.solver.routing.RouteFinderTest.WETH;
import static io.metaroute.solver.routing.RouteFinderTest.pool;
import static io.metaroute.solver.routing.RouteFinderTest.snapshot;
import static io.metaroute.solver.routing.RouterTest.network;
import static io.metaroute.solver.routing.RouterTest.usdc;
import static io.metaroute.solver.routing.RouterTest.weth;
import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.core.chain.Address;
import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.core.pool.PoolState;
import io.metaroute.core.token.Uint256;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** Requests at the edges are answered with a reason, never with an exception or a route a pair would refuse. */
class RouterEdgeCaseTest {
    static final BigInteger MAX_RESERVE = BigInteger.TWO.pow(112).subtract(BigInteger.ONE);

    final Router shipped = new Router(network(CHAIN, BigInteger.valueOf(1_000_000_000)),
            new RouterSettings(105_000, 60_000, true, 32, BigInteger.ZERO, null));
    final MarketSnapshot market = snapshot(
            pool(CHAIN, 1, USDC, WETH, usdc(1_000_000), weth(400)),
            pool(CHAIN, 2, USDC, USDT, usdc(2_000_000), usdc(2_000_000)),
            pool(CHAIN, 3, USDT, WETH, usdc(2_000_000), weth(800)));

    private RouteOutcome route(Address in, Address out, BigInteger amount) {
        return shipped.route(market, new RouteRequest(CHAIN, in, out, amount));
    }

    @Test
    void oneBaseUnitThatPaysNothingIsInsufficientLiquidity() {
        // One millionth of a USDC buys less than one wei of nothing: every leg rounds to zero.
        assertThat(route(WETH, USDC, BigInteger.ONE)).isInstanceOfSatisfying(RouteOutcome.NoRoute.class,
                n -> assertThat(n.reason()).isEqualTo(RouteOutcome.Reason.INSUFFICIENT_LIQUIDITY));
    }

    @Test
    void oneBaseUnitThatPaysSomethingIsRoutedAndCertified() {
        var outcome = route(USDC, WETH, BigInteger.ONE);
        assertThat(outcome).isInstanceOfSatisfying(RouteOutcome.Found.class, f -> {
            assertThat(f.plan().amountOut()).isPositive();
            assertThat(f.certificate().holds()).isTrue();
        });
    }

    @Test
    void identicalTokensAreNotARequest() {
        // The request checks itself: callers (the API, the solve command) turn this into an answer.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RouteRequest(CHAIN, USDC, USDC, usdc(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same token");
    }

    @Test
    void theLargestUint256AmountGetsNoRouteThatAPairWouldRefuse() {
        var outcome = route(USDC, WETH, Uint256.MAX);
        assertThat(outcome).isInstanceOfSatisfying(RouteOutcome.NoRoute.class,
                n -> assertThat(n.reason()).isEqualTo(RouteOutcome.Reason.INSUFFICIENT_LIQUIDITY));
    }

    @Test
    void anAmountPastAPairsCapacityIsNeverRoutedIntoIt() {
        // 2^112 - 1 less a pool's reserve fits that pool exactly; more than the reserves of every pool can take does not.
        BigInteger almostFull = MAX_RESERVE.subtract(usdc(2_000_000));
        var outcome = route(USDC, WETH, almostFull);
        if (outcome instanceof RouteOutcome.Found f) {
            // Whatever the split, no leg may push a pair's input reserve past uint112.
            for (var leg : f.route().legs()) {
                PoolState p = market.pool(new io.metaroute.core.pool.PoolKey(CHAIN, leg.pool())).orElseThrow();
                assertThat(p.reserveOf(leg.tokenIn()).add(leg.amountIn())).isLessThanOrEqualTo(MAX_RESERVE);
            }
        } else {
            assertThat(((RouteOutcome.NoRoute) outcome).reason()).isEqualTo(RouteOutcome.Reason.INSUFFICIENT_LIQUIDITY);
        }
    }

    @Test
    void disconnectedTokensHaveNoPath() {
        assertThat(route(USDC, DAI, usdc(5))).isInstanceOfSatisfying(RouteOutcome.NoRoute.class,
                n -> assertThat(n.reason()).isEqualTo(RouteOutcome.Reason.NO_PATH));
    }

    @Test
    void emptyPoolsAreLeftOut() {
        var withEmpty = snapshot(pool(CHAIN, 1, USDC, WETH, BigInteger.ZERO, BigInteger.ZERO),
                pool(CHAIN, 2, USDC, USDT, usdc(2_000_000), usdc(2_000_000)));
        var outcome = shipped.route(withEmpty, new RouteRequest(CHAIN, USDC, WETH, usdc(5)));
        assertThat(outcome).isInstanceOfSatisfying(RouteOutcome.NoRoute.class,
                n -> assertThat(n.reason()).isEqualTo(RouteOutcome.Reason.NO_PATH));
    }

    @Test
    void certificatesHoldAndAddUpAtEverySize() {
        for (int exp = 0; exp <= 112; exp += 4) {
            BigInteger amount = BigInteger.TWO.pow(exp);
            var outcome = route(USDC, WETH, amount);
            if (outcome instanceof RouteOutcome.Found f) {
                Certificate c = f.certificate();
                assertThat(c.holds()).as("bound %s at least the value %s for 2^%d", c.upperBound(), c.value(), exp).isTrue();
                if (c.parts() != null) {
                    double sum = c.parts().solver() + c.parts().legLimit() + c.parts().gas();
                    assertThat(sum).as("parts add up to the gap for 2^%d", exp)
                            .isCloseTo(c.gap(), org.assertj.core.api.Assertions.within(1e-9 + 1e-9 * Math.abs(c.gap())));
                }
            }
        }
    }
}
