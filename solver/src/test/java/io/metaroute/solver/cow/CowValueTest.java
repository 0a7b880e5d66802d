package io.metaroute.solver.cow;

import static io.metaroute.solver.cow.CowFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.core.pool.PoolKey;
import io.metaroute.core.pool.PoolState;
import io.metaroute.solver.routing.Inventory;
import io.metaroute.solver.routing.RouteFinder;
import io.metaroute.solver.routing.RouteOutcome;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What matching first is worth to users, against routing every intent through the pools on its own. */
class CowValueTest {
    static PoolState pool(ChainId chain, int id, Address a, Address b, BigInteger ra, BigInteger rb) {
        boolean aFirst = a.hex().compareTo(b.hex()) < 0;
        return new PoolState(chain, addr(0x1000 + id), aFirst ? a : b, aFirst ? b : a, aFirst ? ra : rb, aFirst ? rb : ra, 1);
    }

    static MarketSnapshot snapshot(PoolState... pools) {
        Map<PoolKey, PoolState> m = List.of(pools).stream().collect(Collectors.toMap(PoolState::key, Function.identity()));
        return new MarketSnapshot(1, Instant.EPOCH, m);
    }

    // ember: a deep pool at 3000 USDC/WETH and a shallow one at 3100; veil: a shallower one at 2900.
    final MarketSnapshot market = snapshot(
            pool(EMBER, 1, USDC_EMBER, WETH_EMBER, usdc(3_000_000), E18.multiply(BigInteger.valueOf(1_000))),
            pool(EMBER, 2, USDC_EMBER, WETH_EMBER, usdc(31_000), E18.multiply(BigInteger.TEN)),
            pool(VEIL, 3, USDC_VEIL, WETH_VEIL, usdc(290_000), E18.multiply(BigInteger.valueOf(100))));

    final RouteFinder finder = new RouteFinder();

    BigInteger routed(CowIntent intent) {
        var outcome = finder.best(market, intent.toRouteRequest(), intent.minAmountOut());
        return ((RouteOutcome.Found) outcome).route().amountOut();
    }

    @Test
    void bothUsersGetMoreWhenTheyAreMatchedBeforeRoutingTheResidual() {
        var buyer = intent("u1", EMBER, USDC_EMBER, usdc(300_000), EMBER, WETH_EMBER, E18.multiply(BigInteger.valueOf(85)));
        var seller = intent("u2", EMBER, WETH_EMBER, E18.multiply(BigInteger.valueOf(50)), EMBER, USDC_EMBER, usdc(140_000));

        // Alone: each pays the pool fee and the price impact of its whole size.
        BigInteger buyerAlone = routed(buyer);
        BigInteger sellerAlone = routed(seller);

        // Matched first at the deep pool's mid price; only the buyer's residual goes to the pools.
        CowResult result = new CowMatcher(ASSETS, new PoolPrices(market, ASSETS)).match(List.of(buyer, seller), Inventory.EMPTY);
        assertThat(result.matches().getFirst().price()).isEqualTo(Price.of(E18.multiply(BigInteger.valueOf(1_000)), usdc(3_000_000)));
        CowFill buyerFill = result.fill("u1").orElseThrow();
        CowFill sellerFill = result.fill("u2").orElseThrow();
        assertThat(sellerFill.complete()).isTrue();
        assertThat(result.residuals()).hasSize(1);
        CowIntent residual = result.residual("u1").orElseThrow();
        BigInteger buyerMatched = buyerFill.received().add(routed(residual));
        BigInteger sellerMatched = sellerFill.received();

        assertThat(buyerMatched).isGreaterThan(buyerAlone).isGreaterThanOrEqualTo(buyer.minAmountOut());
        assertThat(sellerMatched).isGreaterThan(sellerAlone).isGreaterThanOrEqualTo(seller.minAmountOut());
        // In numbers: the seller gets 150 000 USDC instead of about 142 400, the buyer about 97.5 WETH instead of 90.6.
        assertThat(sellerMatched).isEqualTo(usdc(150_000));
        assertThat(sellerAlone).isLessThan(usdc(143_000));
        assertThat(buyerMatched).isGreaterThan(E18.multiply(BigInteger.valueOf(97)));
        assertThat(buyerAlone).isLessThan(E18.multiply(BigInteger.valueOf(91)));
    }

    @Test
    void aMirroredCrossRollupPairIsWorthMoreThanTwoRoutesAndNeedsNoBridge() {
        var u1 = intent("u1", EMBER, USDC_EMBER, usdc(29_000), VEIL, WETH_VEIL, BigInteger.ONE);
        var u2 = intent("u2", VEIL, WETH_VEIL, E18.multiply(BigInteger.TEN), EMBER, USDC_EMBER, BigInteger.ONE);

        CowResult result = new CowMatcher(ASSETS, new PoolPrices(market, ASSETS)).match(List.of(u1, u2), Inventory.EMPTY);

        // Clears at the deepest pool on either rollup: ember's 3000, not veil's 2900.
        assertThat(result.matches().getFirst().price()).isEqualTo(Price.of(E18, usdc(3000)));
        assertThat(result.inventoryMoves()).isEmpty();
        // u1 is short: 29 000 USDC buy 9.666... WETH, all of it; u2's other 0.333 WETH go to the pools on veil.
        assertThat(result.fill("u1").orElseThrow().received()).isEqualTo(new BigInteger("9666666666666666666"));
        assertThat(result.fill("u2").orElseThrow().received()).isEqualTo(usdc(29_000));
        // A same-rollup swap on ember alone would pay u1 less than the match, before any bridge fee.
        BigInteger onEmber = routed(intent("x", EMBER, USDC_EMBER, usdc(29_000), EMBER, WETH_EMBER, BigInteger.ONE));
        assertThat(result.fill("u1").orElseThrow().received()).isGreaterThan(onEmber);
    }

    @Test
    void poolPricesTakeTheDeepestDirectPoolOnTheRollupsTheIntentsTouch() {
        var prices = new PoolPrices(market, ASSETS);
        AssetPair pair = new AssetPair(USDC, WETH);
        assertThat(prices.price(pair, Set.of(EMBER, VEIL))).contains(Price.of(E18, usdc(3000)));
        assertThat(prices.price(pair, Set.of(VEIL))).contains(Price.of(E18, usdc(2900)));
        assertThat(prices.price(pair, Set.of(ChainId.of(999)))).isEmpty();
        assertThat(prices.price(new AssetPair(AssetId.of("DAI", 18), WETH), Set.of(EMBER, VEIL))).isEmpty();
    }
}
