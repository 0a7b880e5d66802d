package io.metaroute.solver.cow;

import static io.metaroute.solver.cow.CowFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.core.chain.Address;
import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.core.pool.PoolState;
import io.metaroute.core.route.BatchReplay;
import io.metaroute.core.route.Leg;
import io.metaroute.solver.routing.Inventory;
import io.metaroute.solver.routing.RouteOutcome;
import io.metaroute.solver.routing.Router;
import io.metaroute.solver.routing.RouterSettings;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MatchSettlerTest {
    // ember: a deep pool at 3000 USDC/WETH and a shallow one at 3100; veil: one at 2900.
    final MarketSnapshot market = CowValueTest.snapshot(
            CowValueTest.pool(EMBER, 1, USDC_EMBER, WETH_EMBER, usdc(3_000_000), E18.multiply(BigInteger.valueOf(1_000))),
            CowValueTest.pool(EMBER, 2, USDC_EMBER, WETH_EMBER, usdc(31_000), E18.multiply(BigInteger.TEN)),
            CowValueTest.pool(VEIL, 3, USDC_VEIL, WETH_VEIL, usdc(290_000), E18.multiply(BigInteger.valueOf(100))));
    final Router router = new Router(NETWORK, RouterSettings.withoutGas().withMaxLegs(MatchSettler.MAX_STEPS));
    final MatchSettler settler = new MatchSettler(router);

    CowMatch matchOf(CowIntent... intents) {
        var result = new CowMatcher(ASSETS, new PoolPrices(market, ASSETS)).match(List.of(intents), Inventory.EMPTY);
        assertThat(result.matches()).hasSize(1);
        return result.matches().getFirst();
    }

    BigInteger alone(CowIntent intent) {
        return ((RouteOutcome.Found) router.route(market, intent.toRouteRequest())).plan().amountOut();
    }

    Map<Address, PoolState> poolsOn(MarketSnapshot snapshot) {
        var pools = new HashMap<Address, PoolState>();
        snapshot.poolsOn(EMBER).forEach(p -> pools.put(p.address(), p));
        return pools;
    }

    @Test
    void theNetImbalanceIsRoutedAndEveryHeldUnitIsPaidToAMember() {
        var buyer = intent("u1", EMBER, USDC_EMBER, usdc(300_000), EMBER, WETH_EMBER, E18.multiply(BigInteger.valueOf(85)));
        var seller = intent("u2", EMBER, WETH_EMBER, E18.multiply(BigInteger.valueOf(50)), EMBER, USDC_EMBER, usdc(140_000));

        MatchSettlement s = settler.settle(matchOf(buyer, seller), market).orElseThrow();

        // Only the buyer's unmatched rest (300,000 - 150,000 USDC) trades through pools.
        BigInteger soldUsdc = s.legs().stream().filter(l -> l.tokenIn().equals(USDC_EMBER)).map(Leg::amountIn)
                .reduce(BigInteger.ZERO, BigInteger::add);
        assertThat(soldUsdc).isBetween(usdc(150_000).subtract(BigInteger.valueOf(s.legs().size())), usdc(150_000));
        assertThat(s.legs()).allMatch(l -> l.tokenIn().equals(USDC_EMBER));

        // Replaying the settler's program from both deposits leaves exactly what the members are paid.
        var replay = BatchReplay.run(EMBER, Map.of(USDC_EMBER, usdc(300_000), WETH_EMBER, E18.multiply(BigInteger.valueOf(50))),
                s.steps(), poolsOn(market));
        assertThat(replay.holdings()).containsOnly(
                Map.entry(WETH_EMBER, s.member("u1").amountOut()), Map.entry(USDC_EMBER, s.member("u2").amountOut()));
        assertThat(replay.poolsAfter()).isEqualTo(s.poolsAfter());

        // The seller gets exactly the matched USDC; both get more than the best route alone pays them.
        assertThat(s.member("u2").amountOut()).isEqualTo(usdc(150_000));
        assertThat(s.member("u1").amountOut()).isGreaterThan(alone(buyer)).isGreaterThanOrEqualTo(buyer.minAmountOut());
        assertThat(s.member("u2").amountOut()).isGreaterThan(alone(seller)).isGreaterThanOrEqualTo(seller.minAmountOut());
        assertThat(s.member("u1").alone()).isEqualTo(alone(buyer));
        assertThat(s.members()).extracting(MatchSettlement.Member::intentId).containsExactly("u1", "u2");
    }

    @Test
    void oppositeIntentsOfEqualValueTradeNoPoolAtAll() {
        var buyer = intent("a", EMBER, USDC_EMBER, usdc(30_000), EMBER, WETH_EMBER, BigInteger.ONE);
        var seller = intent("b", EMBER, WETH_EMBER, E18.multiply(BigInteger.TEN), EMBER, USDC_EMBER, BigInteger.ONE);

        MatchSettlement s = settler.settle(matchOf(buyer, seller), market).orElseThrow();

        assertThat(s.steps()).isEmpty();
        assertThat(s.member("a").amountOut()).isEqualTo(E18.multiply(BigInteger.TEN));
        assertThat(s.member("b").amountOut()).isEqualTo(usdc(30_000));
        assertThat(s.poolsAfter()).isEqualTo(poolsOn(market));
    }

    @Test
    void severalMembersOnTheLongSideShareTheRoutedRestProRata() {
        var b1 = intent("b1", EMBER, USDC_EMBER, usdc(90_000), EMBER, WETH_EMBER, BigInteger.ONE);
        var b2 = intent("b2", EMBER, USDC_EMBER, usdc(30_000), EMBER, WETH_EMBER, BigInteger.ONE);
        var s1 = intent("s1", EMBER, WETH_EMBER, E18.multiply(BigInteger.valueOf(20)), EMBER, USDC_EMBER, BigInteger.ONE);

        MatchSettlement s = settler.settle(matchOf(b1, b2, s1), market).orElseThrow();

        // b1 sold three times what b2 sold, matched and routed alike: it receives three times as much, to a unit or two.
        BigInteger out1 = s.member("b1").amountOut();
        BigInteger out2 = s.member("b2").amountOut();
        assertThat(out1.subtract(out2.multiply(BigInteger.valueOf(3))).abs()).isLessThanOrEqualTo(BigInteger.valueOf(4));
        var replay = BatchReplay.run(EMBER, Map.of(USDC_EMBER, usdc(120_000), WETH_EMBER, E18.multiply(BigInteger.valueOf(20))),
                s.steps(), poolsOn(market));
        assertThat(replay.holdings().get(WETH_EMBER)).isEqualTo(out1.add(out2));
        assertThat(replay.holdings().get(USDC_EMBER)).isEqualTo(s.member("s1").amountOut());
        for (CowIntent i : List.of(b1, b2, s1)) {
            assertThat(s.member(i.id()).amountOut()).isGreaterThan(alone(i));
        }
    }

    @Test
    void aMatchAcrossRollupsIsLeftToTheRouterUntilMetalayerSettlementExists() {
        var buyer = intent("x", EMBER, USDC_EMBER, usdc(30_000), VEIL, WETH_VEIL, BigInteger.ONE);
        var seller = intent("y", VEIL, WETH_VEIL, E18.multiply(BigInteger.TEN), EMBER, USDC_EMBER, BigInteger.ONE);

        assertThat(settler.settle(matchOf(buyer, seller), market)).isEmpty();
    }

    @Test
    void aMatchThatWouldPayAMemberLessThanItsMinimumIsNotSettled() {
        // The seller's limit is just met by the clearing price, but the buyer's rest cannot reach its high minimum.
        var buyer = intent("u1", EMBER, USDC_EMBER, usdc(300_000), EMBER, WETH_EMBER, E18.multiply(BigInteger.valueOf(99)));
        var seller = intent("u2", EMBER, WETH_EMBER, E18.multiply(BigInteger.valueOf(50)), EMBER, USDC_EMBER, usdc(140_000));
        CowMatch match = matchOf(buyer, seller);

        assertThat(settler.settle(match, market)).isEmpty();
    }
}
