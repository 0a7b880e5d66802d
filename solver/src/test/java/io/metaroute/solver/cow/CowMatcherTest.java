package io.metaroute.solver.cow;

import static io.metaroute.solver.cow.CowFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.solver.routing.Inventory;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CowMatcherTest {
    final CowMatcher matcher = new CowMatcher(ASSETS, AT_3000);

    @Test
    void oppositeIntentsOnOneRollupMatchCompletelyAtTheClearingPrice() {
        var buyer = intent("u1", EMBER, USDC_EMBER, usdc(3000), EMBER, WETH_EMBER, mweth(990));
        var seller = intent("u2", EMBER, WETH_EMBER, E18, EMBER, USDC_EMBER, usdc(2970));

        CowResult result = matcher.match(List.of(buyer, seller), Inventory.EMPTY);

        assertThat(result.matches()).hasSize(1);
        CowMatch match = result.matches().getFirst();
        assertThat(match.pair()).isEqualTo(new AssetPair(USDC, WETH));
        assertThat(result.fill("u1")).hasValueSatisfying(f -> {
            assertThat(f.matchedIn()).isEqualTo(usdc(3000));
            assertThat(f.received()).isEqualTo(E18);
        });
        assertThat(result.fill("u2")).hasValueSatisfying(f -> {
            assertThat(f.matchedIn()).isEqualTo(E18);
            assertThat(f.received()).isEqualTo(usdc(3000));
        });
        assertThat(result.residuals()).isEmpty();
        assertThat(match.inventoryMoves()).isEmpty();
        assertThat(result.inventoryAfter()).isEqualTo(Inventory.EMPTY);
    }

    @Test
    void theLongSideIsMatchedInPartAndTheRestIsLeftToRoute() {
        var buyer = intent("u1", EMBER, USDC_EMBER, usdc(9000), EMBER, WETH_EMBER, mweth(2970));
        var seller = intent("u2", EMBER, WETH_EMBER, E18, EMBER, USDC_EMBER, usdc(2900));

        CowResult result = matcher.match(List.of(buyer, seller), Inventory.EMPTY);

        CowFill u1 = result.fill("u1").orElseThrow();
        assertThat(u1.matchedIn()).isEqualTo(usdc(3000));
        assertThat(u1.received()).isEqualTo(E18);
        assertThat(result.fill("u2").orElseThrow().received()).isEqualTo(usdc(3000));
        // 6000 USDC still to sell, for the 1.97 WETH still owed: no worse a limit than signed.
        assertThat(result.residuals()).containsExactly(buyer.remaining(usdc(6000), mweth(1970)));
        CowIntent residual = result.residual("u1").orElseThrow();
        assertThat(residual.toRouteRequest().amountIn()).isEqualTo(usdc(6000));
        assertThat(u1.received().add(residual.minAmountOut())).isGreaterThanOrEqualTo(buyer.minAmountOut());
    }

    @Test
    void aMirroredCrossRollupPairNeedsNoInventory() {
        // u1's USDC lands on ember where u2 wants it; u2's WETH lands on veil where u1 wants it.
        var u1 = intent("u1", EMBER, USDC_EMBER, usdc(3000), VEIL, WETH_VEIL, mweth(990));
        var u2 = intent("u2", VEIL, WETH_VEIL, E18, EMBER, USDC_EMBER, usdc(2970));

        CowResult result = matcher.match(List.of(u1, u2), Inventory.EMPTY);

        assertThat(result.fill("u1").orElseThrow().received()).isEqualTo(E18);
        assertThat(result.fill("u2").orElseThrow().received()).isEqualTo(usdc(3000));
        assertThat(result.residuals()).isEmpty();
        assertThat(result.matches().getFirst().usesInventory()).isFalse();
        assertThat(result.inventoryMoves()).isEmpty();
    }

    @Test
    void aCrossRollupMatchThatNeedsInventoryIsCappedByIt() {
        // u1 wants WETH on veil, but u2's WETH lands on ember: the solver delivers on veil and is repaid on ember.
        var u1 = intent("u1", EMBER, USDC_EMBER, usdc(6000), VEIL, WETH_VEIL, mweth(1980));
        var u2 = intent("u2", EMBER, WETH_EMBER, mweth(2000), EMBER, USDC_EMBER, usdc(5940));
        Inventory half = inventory(VEIL, WETH_VEIL, mweth(500));

        CowResult capped = matcher.match(List.of(u1, u2), half);

        assertThat(capped.fill("u1").orElseThrow()).isEqualTo(new CowFill(u1, usdc(1500), mweth(500)));
        assertThat(capped.fill("u2").orElseThrow()).isEqualTo(new CowFill(u2, mweth(500), usdc(1500)));
        assertThat(capped.inventoryMoves()).containsExactly(
                new InventoryMove(InventoryMove.Kind.REPLENISH, EMBER, WETH_EMBER, mweth(500)),
                new InventoryMove(InventoryMove.Kind.DELIVER, VEIL, WETH_VEIL, mweth(500)));
        assertThat(capped.inventoryAfter().of(VEIL, WETH_VEIL)).isZero();
        assertThat(capped.inventoryAfter().of(EMBER, WETH_EMBER)).isEqualTo(mweth(500));
        assertThat(capped.residuals()).containsExactly(u1.remaining(usdc(4500), mweth(1480)), u2.remaining(mweth(1500), usdc(4440)));

        CowResult ample = matcher.match(List.of(u1, u2), inventory(VEIL, WETH_VEIL, mweth(5000)));
        assertThat(ample.residuals()).isEmpty();
        assertThat(ample.inventoryAfter().of(VEIL, WETH_VEIL)).isEqualTo(mweth(3000));
        assertThat(ample.inventoryAfter().of(EMBER, WETH_EMBER)).isEqualTo(mweth(2000));

        CowResult none = matcher.match(List.of(u1, u2), Inventory.EMPTY);
        assertThat(none.matches()).isEmpty();
        assertThat(none.residuals()).containsExactly(u1, u2);
    }

    @Test
    void inventoryIsSharedByThePairsOfABatchAndNotLentTwice() {
        var u1 = intent("a1", EMBER, USDC_EMBER, usdc(3000), VEIL, WETH_VEIL, BigInteger.ONE);
        var u2 = intent("a2", EMBER, WETH_EMBER, E18, EMBER, USDC_EMBER, BigInteger.ONE);
        // Same need again, via a second asset pair: WETH on veil for another stable coin.
        var dai = AssetId.of("DAI", 18);
        Address daiEmber = addr(0xe3);
        Map<Inventory.Key, AssetId> table = new HashMap<>();
        table.put(new Inventory.Key(EMBER, USDC_EMBER), USDC);
        table.put(new Inventory.Key(EMBER, WETH_EMBER), WETH);
        table.put(new Inventory.Key(VEIL, WETH_VEIL), WETH);
        table.put(new Inventory.Key(EMBER, daiEmber), dai);
        var prices = new FixedPrices().rate(WETH, E18, USDC, usdc(3000)).rate(WETH, E18, dai, E18.multiply(BigInteger.valueOf(3000)));
        var u3 = intent("b1", EMBER, daiEmber, E18.multiply(BigInteger.valueOf(3000)), VEIL, WETH_VEIL, BigInteger.ONE);
        var u4 = intent("b2", EMBER, WETH_EMBER, E18, EMBER, daiEmber, BigInteger.ONE);

        CowResult result = new CowMatcher(Assets.of(table), prices).match(List.of(u1, u2, u3, u4), inventory(VEIL, WETH_VEIL, E18));

        // DAI-WETH clears first and takes the whole WETH balance on veil; USDC-WETH finds none left.
        assertThat(result.matches()).extracting(CowMatch::pair).containsExactly(AssetPair.of(dai, WETH));
        assertThat(result.inventoryAfter().of(VEIL, WETH_VEIL)).isZero();
        assertThat(result.residuals()).containsExactly(u1, u2);
    }

    @Test
    void anIntentWhoseLimitIsWorseThanTheClearingPriceIsNotMatched() {
        var greedy = intent("u1", EMBER, USDC_EMBER, usdc(3000), EMBER, WETH_EMBER, mweth(1010));
        var modest = intent("u3", EMBER, USDC_EMBER, usdc(1500), EMBER, WETH_EMBER, mweth(495));
        var seller = intent("u2", EMBER, WETH_EMBER, E18, EMBER, USDC_EMBER, usdc(2970));

        CowResult result = matcher.match(List.of(greedy, modest, seller), Inventory.EMPTY);

        assertThat(result.fill("u1")).isEmpty();
        assertThat(result.fill("u3").orElseThrow()).isEqualTo(new CowFill(modest, usdc(1500), mweth(500)));
        assertThat(result.fill("u2").orElseThrow()).isEqualTo(new CowFill(seller, mweth(500), usdc(1500)));
        // u2 keeps the rest of its WETH, and still needs 1470 USDC for it.
        assertThat(result.residuals()).containsExactly(greedy, seller.remaining(mweth(500), usdc(1470)));
    }

    @Test
    void manyIntentsAreMatchedProRataAndAcrossRollupsOnlyTheNetOfEachRollupIsFronted() {
        var b1 = intent("b1", EMBER, USDC_EMBER, usdc(1000), EMBER, WETH_EMBER, BigInteger.ONE);
        var b2 = intent("b2", VEIL, USDC_VEIL, usdc(2000), EMBER, WETH_EMBER, BigInteger.ONE);
        var b3 = intent("b3", EMBER, USDC_EMBER, usdc(3000), EMBER, WETH_EMBER, BigInteger.ONE);
        var s1 = intent("s1", EMBER, WETH_EMBER, mweth(250), EMBER, USDC_EMBER, BigInteger.ONE);
        var s2 = intent("s2", EMBER, WETH_EMBER, mweth(750), VEIL, USDC_VEIL, BigInteger.ONE);

        CowResult result = matcher.match(List.of(b1, b2, b3, s1, s2), inventory(VEIL, USDC_VEIL, usdc(10_000)));

        // 1 WETH (3000 USDC) against 6000 USDC: every buyer is half matched.
        assertThat(result.fills()).extracting(CowFill::intentId, CowFill::matchedIn, CowFill::received).containsExactly(
                tuple("b1", usdc(500), new BigInteger("166666666666666667")),
                tuple("b2", usdc(1000), new BigInteger("333333333333333333")),
                tuple("b3", usdc(1500), new BigInteger("500000000000000000")),
                tuple("s1", mweth(250), usdc(750)),
                tuple("s2", mweth(750), usdc(2250)));
        // On veil b2 pays in 1000 USDC and s2 is owed 2250: the solver fronts 1250 there and gets
        // them back on ember, where 2000 USDC are paid in and only 750 owed. WETH stays on ember.
        assertThat(result.inventoryMoves()).containsExactly(
                new InventoryMove(InventoryMove.Kind.REPLENISH, EMBER, USDC_EMBER, usdc(1250)),
                new InventoryMove(InventoryMove.Kind.DELIVER, VEIL, USDC_VEIL, usdc(1250)));
        assertThat(result.residuals()).extracting(CowIntent::id, CowIntent::amountIn)
                .containsExactly(tuple("b1", usdc(500)),
                        tuple("b2", usdc(1000)),
                        tuple("b3", usdc(1500)));
    }

    @Test
    void theLongSideGivesTheValueRoundedDownAndTheShortSideReceivesAllOfIt() {
        var base = AssetId.of("AAA", 0);
        var quote = AssetId.of("BBB", 0);
        Address a = addr(0xaa), b = addr(0xbb);
        Assets assets = Assets.of(Map.of(new Inventory.Key(EMBER, a), base, new Inventory.Key(EMBER, b), quote));
        var prices = new FixedPrices().price(new AssetPair(base, quote), Price.of(7, 3)); // 7 BBB per 3 AAA
        var seller = intent("s", EMBER, a, BigInteger.valueOf(10), EMBER, b, BigInteger.valueOf(23));
        var q1 = intent("q1", EMBER, b, BigInteger.valueOf(50), EMBER, a, BigInteger.ONE);
        var q2 = intent("q2", EMBER, b, BigInteger.valueOf(50), EMBER, a, BigInteger.ONE);

        CowResult result = new CowMatcher(assets, prices).match(List.of(seller, q1, q2), Inventory.EMPTY);

        // 10 AAA are worth 23.33 BBB: the long side gives 23, split 12 + 11 (the tie goes to the lower id),
        // and receives the 10 AAA pro rata, 12:11 -> 5.22 and 4.78 -> 5 and 5.
        assertThat(result.fills()).extracting(CowFill::intentId, CowFill::matchedIn, CowFill::received).containsExactly(
                tuple("s", BigInteger.TEN, BigInteger.valueOf(23)),
                tuple("q1", BigInteger.valueOf(12), BigInteger.valueOf(5)),
                tuple("q2", BigInteger.valueOf(11), BigInteger.valueOf(5)));
    }

    @Test
    void anIntentThatRoundingWouldLeaveWithNothingIsLeftOutAndThePairClearedAgain() {
        var base = AssetId.of("AAA", 0);
        var quote = AssetId.of("BBB", 0);
        Address a = addr(0xaa), b = addr(0xbb);
        Assets assets = Assets.of(Map.of(new Inventory.Key(EMBER, a), base, new Inventory.Key(EMBER, b), quote));
        var prices = new FixedPrices().price(new AssetPair(base, quote), Price.of(1, 3)); // 1 BBB per 3 AAA
        var big = intent("s1", EMBER, a, BigInteger.valueOf(3), EMBER, b, BigInteger.ZERO);
        var dust = intent("s2", EMBER, a, BigInteger.ONE, EMBER, b, BigInteger.ZERO);
        var q = intent("q", EMBER, b, BigInteger.TEN, EMBER, a, BigInteger.ONE);

        CowResult result = new CowMatcher(assets, prices).match(List.of(big, dust, q), Inventory.EMPTY);

        // With s2, 4 AAA buy 1 BBB, which would all go to s1: s2 would give 1 AAA for nothing.
        assertThat(result.fill("s2")).isEmpty();
        assertThat(result.fill("s1").orElseThrow()).isEqualTo(new CowFill(big, BigInteger.valueOf(3), BigInteger.ONE));
        assertThat(result.fill("q").orElseThrow()).isEqualTo(new CowFill(q, BigInteger.ONE, BigInteger.valueOf(3)));
    }

    @Test
    void sameAssetTransfersUnknownTokensAndPairsWithoutAPriceAreLeftAlone() {
        var bridge = intent("t1", EMBER, USDC_EMBER, usdc(100), VEIL, USDC_VEIL, usdc(99));
        var bridgeBack = intent("t2", VEIL, USDC_VEIL, usdc(100), EMBER, USDC_EMBER, usdc(99));
        var unknown = intent("t3", EMBER, addr(0x999), E18, EMBER, USDC_EMBER, BigInteger.ONE);
        var buyer = intent("t4", EMBER, USDC_EMBER, usdc(3000), EMBER, WETH_EMBER, BigInteger.ONE);
        var seller = intent("t5", EMBER, WETH_EMBER, E18, EMBER, USDC_EMBER, BigInteger.ONE);
        List<CowIntent> batch = List.of(bridge, bridgeBack, unknown, buyer, seller);

        CowResult noPrice = new CowMatcher(ASSETS, new FixedPrices()).match(batch, Inventory.EMPTY);

        assertThat(noPrice.matches()).isEmpty();
        assertThat(noPrice.residuals()).containsExactlyElementsOf(batch);
    }

    @Test
    void theResultDependsOnlyOnTheBatchAsASet() {
        var batch = new ArrayList<CowIntent>();
        for (int i = 0; i < 12; i++) {
            boolean buy = i % 3 != 0;
            ChainId origin = i % 2 == 0 ? EMBER : VEIL;
            ChainId dest = i % 4 < 2 ? EMBER : VEIL;
            batch.add(buy
                    ? intent("i" + i, origin, usdcOn(origin), usdc(700L * (i + 1)), dest, wethOn(dest), BigInteger.ONE)
                    : intent("i" + i, origin, wethOn(origin), mweth(400L * (i + 1)), dest, usdcOn(dest), BigInteger.ONE));
        }
        Inventory inv = inventory(VEIL, WETH_VEIL, mweth(700)).with(EMBER, USDC_EMBER, usdc(900));
        CowResult first = matcher.match(batch, inv);
        Collections.shuffle(batch, new Random(3));
        assertThat(matcher.match(batch, inv)).isEqualTo(first);
        assertThat(first.matches()).isNotEmpty();
    }

    @Test
    void anIdTwiceIsRejected() {
        var a = intent("x", EMBER, USDC_EMBER, usdc(1), EMBER, WETH_EMBER, BigInteger.ONE);
        var b = intent("x", EMBER, WETH_EMBER, E18, EMBER, USDC_EMBER, BigInteger.ONE);
        assertThatThrownBy(() -> matcher.match(List.of(a, b), Inventory.EMPTY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("appears twice");
    }

    static Address usdcOn(ChainId chain) {
        return chain.equals(EMBER) ? USDC_EMBER : USDC_VEIL;
    }

    static Address wethOn(ChainId chain) {
        return chain.equals(EMBER) ? WETH_EMBER : WETH_VEIL;
    }
}
