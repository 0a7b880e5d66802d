package io.metaroute.pipeline.cross;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.chain.Domain;
import io.metaroute.core.cross.CrossOrder;
import io.metaroute.core.network.FinalityState;
import io.metaroute.core.network.Network;
import io.metaroute.core.network.Rollup;
import io.metaroute.core.network.RollupProfile;
import io.metaroute.core.pool.PoolState;
import io.metaroute.core.token.Token;
import io.metaroute.quotefeeds.market.MarketStore;
import io.metaroute.solver.routing.Inventory;
import io.metaroute.solver.routing.Router;
import io.metaroute.solver.routing.RouterSettings;
import java.math.BigInteger;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fill planner when the destination's pools moved between the quote and the fill: with no price-risk budget
 * the order is declined (and refunded after its deadline); with one, the solver spends the least extra carried
 * token that brings the exact output back to the signed minimum, and no more than its budget.
 */
class RouterFillPlannerTest {
    static final ChainId EMBER = ChainId.of(710001);
    static final ChainId VEIL = ChainId.of(710002);
    static final Address USDC = Address.of("0x0000000000000000000000000000000000000001");
    static final Address WETH = Address.of("0x0000000000000000000000000000000000000003");
    static final BigInteger E6 = BigInteger.TEN.pow(6);
    static final BigInteger E18 = BigInteger.TEN.pow(18);
    static final Address POOL = Address.of("0x0000000000000000000000000000000000001002");

    final Network network = new Network(List.of(rollup(EMBER), rollup(VEIL)));
    /** No gas and no message fee: what the solver is repaid in USDC is exactly what it carries. */
    final RouterSettings settings = new RouterSettings(0, 0, false, RouterSettings.SETTLER_MAX_LEGS, BigInteger.ZERO, null);
    final Inventory inventory = Inventory.EMPTY.with(VEIL, USDC, E6.multiply(BigInteger.valueOf(10_000_000)));
    final Router router = new Router(network, settings, () -> inventory, Clock.systemUTC());
    final MarketStore market = new MarketStore();
    final BigInteger amountIn = E6.multiply(BigInteger.valueOf(3_000));
    final BigInteger usdcReserve = E6.multiply(BigInteger.valueOf(3_000_000));
    final BigInteger wethReserve = E18.multiply(BigInteger.valueOf(1_000));

    static Rollup rollup(ChainId chain) {
        return new Rollup("r" + chain.value(), RollupProfile.GAMING, chain, Domain.of(chain.value() % 100_000),
                URI.create("http://127.0.0.1:1"), null, Duration.ofSeconds(1), BigInteger.ZERO,
                Address.of("0x" + "5".repeat(40)), Address.of("0x" + "6".repeat(40)),
                List.of(new Token(chain, USDC, "USDC", 6), new Token(chain, WETH, "WETH", 18)), List.of());
    }

    /** USDC is token0 (the lower address). */
    static PoolState veil(BigInteger usdc, BigInteger weth) {
        return new PoolState(VEIL, POOL, USDC, WETH, usdc, weth, 1);
    }

    /** The V2 formula written out again here, independently of the code under test. */
    static BigInteger v2(BigInteger in, BigInteger rIn, BigInteger rOut) {
        BigInteger x = in.multiply(BigInteger.valueOf(997));
        return x.multiply(rOut).divide(rIn.multiply(BigInteger.valueOf(1000)).add(x));
    }

    CrossOrder order(BigInteger minAmountOut) {
        long deadline = Instant.now().getEpochSecond() + 600;
        return new CrossOrder(Address.of("0x00000000000000000000000000000000000000c5"),
                Address.of("0x00000000000000000000000000000000000000e1"), BigInteger.ONE, EMBER, deadline, deadline, USDC,
                amountIn, VEIL, WETH, minAmountOut, Address.of("0x00000000000000000000000000000000000000ee"),
                FinalityState.INSTANT, 0);
    }

    /** Quoted on the market as it is, with 50 bps slippage; then someone buys WETH on veil with {@code bought} USDC. */
    CrossOrder quotedThenMoved(BigInteger bought) {
        market.set(List.of(veil(usdcReserve, wethReserve)));
        var quoted = (CrossFillPlanner.Go) new RouterFillPlanner(router, market).plan(order(BigInteger.ONE));
        assertThat(quoted.fill().amountSpent()).isEqualTo(amountIn);
        assertThat(quoted.fill().expectedOut()).isEqualTo(v2(amountIn, usdcReserve, wethReserve));
        BigInteger min = quoted.fill().expectedOut().multiply(BigInteger.valueOf(9_950)).divide(BigInteger.valueOf(10_000));
        BigInteger wethOut = v2(bought, usdcReserve, wethReserve);
        market.set(List.of(veil(usdcReserve.add(bought), wethReserve.subtract(wethOut))));
        return order(min);
    }

    @Test
    void aMoveBeyondTheSlippageIsDeclinedWithoutABudgetAndFilledAtTheLeastExtraCostWithOne() {
        // about 30,000 USDC of WETH bought: the price of WETH rises about 2%, about 1.5% past the order's slippage
        CrossOrder o = quotedThenMoved(E6.multiply(BigInteger.valueOf(30_000)));
        BigInteger usdcNow = usdcReserve.add(E6.multiply(BigInteger.valueOf(30_000)));
        BigInteger wethNow = wethReserve.subtract(v2(E6.multiply(BigInteger.valueOf(30_000)), usdcReserve, wethReserve));
        assertThat(v2(amountIn, usdcNow, wethNow)).isLessThan(o.minAmountOut());

        assertThat(new RouterFillPlanner(router, market).plan(o)).isInstanceOf(CrossFillPlanner.Decline.class);
        var small = new RouterFillPlanner(router, market, 100);
        assertThat(small.plan(o)).as("1%% of the repayment does not cover a 2%% move")
                .isInstanceOf(CrossFillPlanner.Decline.class);
        assertThat(small.topUps()).isZero();

        var planner = new RouterFillPlanner(router, market, 300);
        var go = (CrossFillPlanner.Go) planner.plan(o);
        BigInteger spent = go.fill().amountSpent();
        assertThat(go.fill().tokenSpent()).isEqualTo(USDC);
        assertThat(spent).isGreaterThan(amountIn).isLessThanOrEqualTo(amountIn.multiply(BigInteger.valueOf(10_300))
                .divide(BigInteger.valueOf(10_000)));
        // the exact output reaches the minimum, and one base unit less would not: the least the solver must add
        assertThat(v2(spent, usdcNow, wethNow)).isGreaterThanOrEqualTo(o.minAmountOut()).isEqualTo(go.fill().expectedOut());
        assertThat(v2(spent.subtract(BigInteger.ONE), usdcNow, wethNow)).isLessThan(o.minAmountOut());
        assertThat(planner.topUps()).isEqualTo(1);
        assertThat(planner.toppedUp()).containsExactlyEntriesOf(java.util.Map.of(new Inventory.Key(VEIL, USDC),
                spent.subtract(amountIn)));
    }

    @Test
    void aMoveWithinTheSlippageTakesNothingFromTheSolver() {
        CrossOrder o = quotedThenMoved(E6.multiply(BigInteger.valueOf(3_000)));
        var planner = new RouterFillPlanner(router, market, 100);
        var go = (CrossFillPlanner.Go) planner.plan(o);
        assertThat(go.fill().amountSpent()).isEqualTo(amountIn);
        assertThat(planner.topUps()).isZero();
        assertThat(planner.toppedUp()).isEmpty();
    }

    @Test
    void aBudgetOutsideZeroToTheWholeRepaymentIsRefused() {
        assertThatThrownBy(() -> new RouterFillPlanner(router, market, -1)).hasMessageContaining("priceRiskBps");
        assertThatThrownBy(() -> new RouterFillPlanner(router, market, 10_001)).hasMessageContaining("priceRiskBps");
    }
}
