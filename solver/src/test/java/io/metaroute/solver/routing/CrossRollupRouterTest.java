package io.metaroute.solver.routing;

import static io.metaroute.solver.routing.RouteFinderTest.E18;
import static io.metaroute.solver.routing.RouteFinderTest.E6;
import static io.metaroute.solver.routing.RouteFinderTest.USDC;
import static io.metaroute.solver.routing.RouteFinderTest.WETH;
import static io.metaroute.solver.routing.RouteFinderTest.pool;
import static io.metaroute.solver.routing.RouteFinderTest.snapshot;
import static io.metaroute.solver.routing.RouteFinderTest.v2;
import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.chain.Domain;
import io.metaroute.core.network.Network;
import io.metaroute.core.network.Rollup;
import io.metaroute.core.network.RollupProfile;
import io.metaroute.core.pool.PoolState;
import io.metaroute.core.route.CrossRollupRoute;
import io.metaroute.core.token.Token;
import java.math.BigInteger;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrossRollupRouterTest {
    static final ChainId EMBER = ChainId.of(710001);
    static final ChainId VEIL = ChainId.of(710002);
    static final BigInteger FEE_WEI = BigInteger.TEN.pow(15); // 0.001 ETH per message

    static Rollup rollup(ChainId chain) {
        return new Rollup("r" + chain.value(), RollupProfile.GAMING, chain, Domain.of(chain.value() % 100_000),
                URI.create("http://127.0.0.1:1"), null, Duration.ofSeconds(1), BigInteger.ZERO,
                Address.of("0x" + "5".repeat(40)), Address.of("0x" + "6".repeat(40)),
                List.of(new Token(chain, USDC, "USDC", 6), new Token(chain, WETH, "WETH", 18)), List.of());
    }

    final Network network = new Network(List.of(rollup(EMBER), rollup(VEIL)));
    final PoolState emberPool = pool(EMBER, 1, USDC, WETH, E6.multiply(BigInteger.valueOf(3_000_000)), E18.multiply(BigInteger.valueOf(1_000)));
    final PoolState veilPool = pool(VEIL, 2, USDC, WETH, E6.multiply(BigInteger.valueOf(2_900_000)), E18.multiply(BigInteger.valueOf(1_000)));
    final RouterSettings settings = new RouterSettings(0, 0, false, RouterSettings.SETTLER_MAX_LEGS, FEE_WEI, null);
    final BigInteger in = E6.multiply(BigInteger.valueOf(30_000));
    final RouteRequest usdcOnEmberForWethOnVeil = new RouteRequest(EMBER, VEIL, USDC, WETH, in);

    Router router(Inventory inventory) {
        return new Router(network, settings, () -> inventory, Clock.systemUTC());
    }

    @Test
    void carriesTheTokenTheSolverHoldsOnTheDestinationLessTheMessageFee() {
        var inventory = Inventory.EMPTY.with(VEIL, WETH, E18.multiply(BigInteger.valueOf(50)));
        var found = (RouteOutcome.Found) router(inventory).route(snapshot(emberPool, veilPool), usdcOnEmberForWethOnVeil);
        var plan = (CrossRollupRoute) found.plan();
        // Swap on ember, then WETH delivered on veil from inventory: no destination swap.
        BigInteger swapped = v2(in, emberPool.reserveOf(USDC), emberPool.reserveOf(WETH));
        assertThat(plan.origin()).isPresent();
        assertThat(plan.origin().get().amountOut()).isEqualTo(swapped);
        assertThat(plan.destination()).isEmpty();
        assertThat(plan.transfer().fee()).isEqualTo(FEE_WEI); // WETH is the native wrapper: the fee in wei is the fee in WETH
        assertThat(plan.amountOut()).isEqualTo(swapped.subtract(FEE_WEI));
        assertThat(found.costs().transferFee()).isEqualTo(FEE_WEI);
        assertThat(found.certificate().upperBound()).isGreaterThanOrEqualTo(plan.amountOut());
    }

    /** A live quoteDispatch of the settling message (veil back to ember) replaces the configured fee. */
    @Test
    void theLiveMessageFeeReplacesTheConfiguredOne() {
        var inventory = Inventory.EMPTY.with(VEIL, WETH, E18.multiply(BigInteger.valueOf(50)));
        BigInteger live = FEE_WEI.multiply(BigInteger.valueOf(3));
        GasPrices prices = new GasPrices() {
            @Override
            public java.util.Optional<BigInteger> gasPriceWei(ChainId chain) {
                return java.util.Optional.empty();
            }

            @Override
            public java.util.Optional<BigInteger> messageFeeWei(ChainId dispatchedOn, ChainId settledOn) {
                return dispatchedOn.equals(VEIL) && settledOn.equals(EMBER) ? java.util.Optional.of(live) : java.util.Optional.empty();
            }
        };
        var router = new Router(network, settings, () -> inventory, Clock.systemUTC(), Router.MarketFreshness.SNAPSHOT_TIME, prices);
        var plan = (CrossRollupRoute) ((RouteOutcome.Found) router.route(snapshot(emberPool, veilPool), usdcOnEmberForWethOnVeil)).plan();
        assertThat(plan.transfer().fee()).isEqualTo(live);
        // the other direction has no live reading: the configured fee
        var back = new RouteRequest(VEIL, EMBER, USDC, WETH, in);
        var backInventory = Inventory.EMPTY.with(EMBER, WETH, E18.multiply(BigInteger.valueOf(50)));
        var backRouter = new Router(network, settings, () -> backInventory, Clock.systemUTC(), Router.MarketFreshness.SNAPSHOT_TIME,
                prices);
        var backPlan = (CrossRollupRoute) ((RouteOutcome.Found) backRouter.route(snapshot(emberPool, veilPool), back)).plan();
        assertThat(backPlan.transfer().fee()).isEqualTo(FEE_WEI);
    }

    @Test
    void picksTheBetterCarryWhenBothAreHeld() {
        var inventory = Inventory.EMPTY.with(VEIL, WETH, E18.multiply(BigInteger.valueOf(50)))
                .with(VEIL, USDC, E6.multiply(BigInteger.valueOf(1_000_000)));
        var found = (RouteOutcome.Found) router(inventory).route(snapshot(emberPool, veilPool), usdcOnEmberForWethOnVeil);
        // Carrying USDC swaps on veil, where WETH is cheaper in USDC (2,900 vs 3,000): that pays more.
        BigInteger viaWeth = v2(in, emberPool.reserveOf(USDC), emberPool.reserveOf(WETH)).subtract(FEE_WEI);
        BigInteger usdcFee = FEE_WEI.multiply(veilPool.reserveOf(USDC)).add(veilPool.reserveOf(WETH).subtract(BigInteger.ONE))
                .divide(veilPool.reserveOf(WETH));
        BigInteger viaUsdc = v2(in.subtract(usdcFee), veilPool.reserveOf(USDC), veilPool.reserveOf(WETH));
        assertThat(viaUsdc).isGreaterThan(viaWeth);
        var plan = (CrossRollupRoute) found.plan();
        assertThat(plan.transfer().tokenFrom()).isEqualTo(USDC);
        assertThat(plan.transfer().fee()).isEqualTo(usdcFee);
        assertThat(plan.amountOut()).isEqualTo(viaUsdc);
        assertThat(found.certificate().upperBound()).isGreaterThanOrEqualTo(viaUsdc);
    }

    @Test
    void saysWhyWhenTheSolverHoldsTooLittle() {
        var none = (RouteOutcome.NoRoute) router(Inventory.EMPTY.with(VEIL, WETH, BigInteger.ONE))
                .route(snapshot(emberPool, veilPool), usdcOnEmberForWethOnVeil);
        assertThat(none.reason()).isEqualTo(RouteOutcome.Reason.INSUFFICIENT_LIQUIDITY);
        assertThat(none.detail()).contains("inventory");
    }
}
