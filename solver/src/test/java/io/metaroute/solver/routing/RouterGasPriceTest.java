package io.metaroute.solver.routing;

import static io.metaroute.solver.routing.RouteFinderTest.CHAIN;
import static io.metaroute.solver.routing.RouteFinderTest.USDC;
import static io.metaroute.solver.routing.RouteFinderTest.WETH;
import static io.metaroute.solver.routing.RouteFinderTest.pool;
import static io.metaroute.solver.routing.RouteFinderTest.snapshot;
import static io.metaroute.solver.routing.RouterTest.network;
import static io.metaroute.solver.routing.RouterTest.usdc;
import static io.metaroute.solver.routing.RouterTest.weth;
import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.core.market.MarketSnapshot;
import java.math.BigInteger;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The router charges gas at the live price it is given, and at the network file's when it has none. */
class RouterGasPriceTest {
    static final BigInteger FILE_PRICE = BigInteger.valueOf(10_000_000); // 0.01 gwei
    final MarketSnapshot market = snapshot(pool(CHAIN, 1, USDC, WETH, usdc(3_000_000), weth(1_000)));
    final AtomicReference<Optional<BigInteger>> live = new AtomicReference<>(Optional.empty());
    // one leg at most: the leg count cannot move with the price, so the gas must follow it exactly
    final Router router = new Router(network(CHAIN, FILE_PRICE), RouterSettings.shipped(1).withMaxSnapshotAge(null), () -> Inventory.EMPTY,
            Clock.systemUTC(), Router.MarketFreshness.SNAPSHOT_TIME, chain -> live.get());

    RouteOutcome.Found quote() {
        return (RouteOutcome.Found) router.route(market, new RouteRequest(CHAIN, USDC, WETH, usdc(10_000)));
    }

    @Test
    void doublingTheLivePriceDoublesTheGasInTheOutputToken() {
        BigInteger price = BigInteger.valueOf(1_000_000_000);
        live.set(Optional.of(price));
        Costs once = quote().costs();
        live.set(Optional.of(price.multiply(BigInteger.TWO)));
        Costs twice = quote().costs();

        assertThat(once.gasInTokenOut()).isPositive();
        assertThat(twice.gasWei()).isEqualTo(once.gasWei().multiply(BigInteger.TWO));
        assertThat(twice.gasWei()).isEqualTo(BigInteger.valueOf(once.gasUnits()).multiply(price).multiply(BigInteger.TWO));
        // each is rounded up from the same exact value: twice the one is within one base unit of the other
        assertThat(twice.gasInTokenOut().subtract(once.gasInTokenOut().multiply(BigInteger.TWO)).abs())
                .isLessThanOrEqualTo(BigInteger.ONE);
        assertThat(router.gasCost(market, CHAIN, WETH, 1)).isEqualTo(twice.gasInTokenOut());
        assertThat(router.gasPriceWei(CHAIN)).isEqualTo(price.multiply(BigInteger.TWO));
    }

    @Test
    void withoutALivePriceTheNetworkFilesPriceIsCharged() {
        Costs fromFile = quote().costs();
        assertThat(fromFile.gasWei()).isEqualTo(BigInteger.valueOf(fromFile.gasUnits()).multiply(FILE_PRICE));
        assertThat(router.gasPriceWei(CHAIN)).isEqualTo(FILE_PRICE);

        live.set(Optional.of(FILE_PRICE.multiply(BigInteger.valueOf(100))));
        assertThat(quote().costs().gasInTokenOut()).isGreaterThan(fromFile.gasInTokenOut());
        live.set(Optional.empty()); // the live price went stale
        assertThat(quote().costs()).isEqualTo(fromFile);
    }

    @Test
    void theConstructorsWithoutAPortPriceAtTheNetworkFile() {
        var plain = new Router(network(CHAIN, FILE_PRICE), RouterSettings.shipped(1).withMaxSnapshotAge(null), () -> Inventory.EMPTY, Clock.systemUTC());
        live.set(Optional.empty());
        assertThat(((RouteOutcome.Found) plain.route(market, new RouteRequest(CHAIN, USDC, WETH, usdc(10_000)))).costs())
                .isEqualTo(quote().costs());
    }

    @Test
    void aTokenIsValuedInWeiAtThePoolsMidPriceRoundedUpAndUnconnectedTokensAreNot() {
        // 2,000,000 USDC against 1,000 WETH: one USDC base unit is worth 1e21 / 2e12 = 500,000,000 wei
        MarketSnapshot even = snapshot(pool(CHAIN, 1, USDC, WETH, usdc(2_000_000), weth(1_000)));
        assertThat(router.nativeValue(even, CHAIN, USDC, usdc(2_000))).contains(weth(1));
        assertThat(router.nativeValue(even, CHAIN, USDC, BigInteger.ONE)).contains(BigInteger.valueOf(500_000_000));
        assertThat(router.nativeValue(even, CHAIN, WETH, weth(2))).contains(weth(2));
        // 3,000,000 against 1,000: 333,333,333.33... wei, rounded up
        assertThat(router.nativeValue(market, CHAIN, USDC, BigInteger.ONE)).contains(BigInteger.valueOf(333_333_334));
        var elsewhere = io.metaroute.core.chain.Address.of("0x00000000000000000000000000000000000000d1");
        assertThat(router.nativeValue(market, CHAIN, elsewhere, BigInteger.TEN)).isEmpty();
    }
}
