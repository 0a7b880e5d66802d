package io.metaroute.pipeline.cross;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.cross.CrossOrder;
import io.metaroute.core.network.FinalityState;
import io.metaroute.solver.routing.Inventory;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The INSTANT exposure's two bounds: per origin and token, and per origin over all tokens valued in its native coin. */
class InstantExposureTest {
    private static final ChainId A = ChainId.of(901);
    private static final ChainId B = ChainId.of(902);
    private static final Address USDC = Address.of("0x00000000000000000000000000000000000000a1");
    private static final Address DAI = Address.of("0x00000000000000000000000000000000000000a2");
    private static final Address ODD = Address.of("0x00000000000000000000000000000000000000a3");

    /** 1 USDC base unit (6 decimals) is worth 3e8 wei, 1 DAI base unit (18 decimals) 3e-4 wei; ODD has no price. */
    private final Map<Address, BigInteger[]> prices = new HashMap<>(Map.of(
            USDC, new BigInteger[] {BigInteger.valueOf(300_000_000), BigInteger.ONE},
            DAI, new BigInteger[] {BigInteger.valueOf(3), BigInteger.valueOf(10_000)}));
    private final InstantExposure.Valuation valuation = (chain, token, amount) -> Optional.ofNullable(prices.get(token))
            .map(p -> amount.multiply(p[0]).add(p[1]).subtract(BigInteger.ONE).divide(p[1]));

    private static final BigInteger ONE_ETH = BigInteger.TEN.pow(18);

    private static CrossOrder order(long nonce, Address token, BigInteger amountIn, FinalityState finality) {
        long deadline = Instant.now().getEpochSecond() + 3_600;
        return new CrossOrder(Address.of("0x00000000000000000000000000000000000000c5"),
                Address.of("0x00000000000000000000000000000000000000e1"), BigInteger.valueOf(nonce), A, deadline, deadline,
                token, amountIn, B, Address.of("0x00000000000000000000000000000000000000b1"), BigInteger.ONE,
                Address.of("0x00000000000000000000000000000000000000ee"), finality, 5);
    }

    private static CrossRow row(CrossOrder o, CrossStatus status) {
        return new CrossRow(UUID.randomUUID(), o, "0x", status, null, null, null, null, null, null, null, Instant.now(), Instant.now());
    }

    private static BigInteger usdc(long whole) {
        return BigInteger.valueOf(whole).multiply(BigInteger.TEN.pow(6));
    }

    private static BigInteger dai(long whole) {
        return BigInteger.valueOf(whole).multiply(BigInteger.TEN.pow(18));
    }

    @Test
    void theTotalBoundsOrdersOfDifferentTokensTogether() {
        // 1 ETH: 2,000 USDC (0.6 ETH) and 1,000 DAI (0.3 ETH) fit; another 500 DAI (0.15 ETH) would not
        var exposure = new InstantExposure(Map.of(), Map.of(A, ONE_ETH), valuation);
        exposure.count(List.of());
        assertThat(exposure.admit(order(1, USDC, usdc(2_000), FinalityState.INSTANT))).isTrue();
        assertThat(exposure.admit(order(2, DAI, dai(1_000), FinalityState.INSTANT))).isTrue();
        assertThat(exposure.currentTotal(A)).contains(new BigInteger("900000000000000000"));
        assertThat(exposure.admit(order(3, DAI, dai(500), FinalityState.INSTANT))).isFalse();
        assertThat(exposure.deferred()).isEqualTo(1);
        // a smaller one still fits: the limit is inclusive
        assertThat(exposure.admit(order(4, DAI, dai(333), FinalityState.INSTANT))).isTrue();
        assertThat(exposure.currentTotal(A)).contains(new BigInteger("999900000000000000"));
    }

    @Test
    void aPassCountsTheOrdersAtRiskAtTodaysPricesAndForgetsReleasedOnes() {
        var exposure = new InstantExposure(Map.of(), Map.of(A, ONE_ETH), valuation);
        var filled = row(order(1, USDC, usdc(3_000), FinalityState.INSTANT), CrossStatus.FILLED);
        var releasing = row(order(2, DAI, dai(100), FinalityState.INSTANT), CrossStatus.RELEASING);
        var released = row(order(3, USDC, usdc(1_000), FinalityState.INSTANT), CrossStatus.RELEASED);
        var finalized = row(order(4, USDC, usdc(1_000), FinalityState.FINALIZED), CrossStatus.FILLED);
        var opened = row(order(5, USDC, usdc(1_000), FinalityState.INSTANT), CrossStatus.OPENED);
        exposure.count(List.of(filled, releasing, released, finalized, opened));
        // only the INSTANT orders filling, filled or releasing: 0.9 + 0.03 ETH
        assertThat(exposure.currentTotal(A)).contains(new BigInteger("930000000000000000"));
        assertThat(exposure.admit(order(6, USDC, usdc(300), FinalityState.INSTANT))).isFalse();

        prices.put(USDC, new BigInteger[] {BigInteger.valueOf(200_000_000), BigInteger.ONE}); // USDC fell against ETH
        exposure.count(List.of(filled, releasing));
        assertThat(exposure.currentTotal(A)).contains(new BigInteger("630000000000000000"));
        assertThat(exposure.admit(order(6, USDC, usdc(300), FinalityState.INSTANT))).isTrue();
    }

    @Test
    void anInputThatCannotBeValuedWaitsForFinalityWhereATotalIsSetAndNowhereElse() {
        var bounded = new InstantExposure(Map.of(), Map.of(A, ONE_ETH), valuation);
        bounded.count(List.of());
        assertThat(bounded.admit(order(1, ODD, BigInteger.ONE, FinalityState.INSTANT))).isFalse();

        // one unpriced order at risk leaves the origin's total unknown: nothing more is let through before finality
        bounded.count(List.of(row(order(2, ODD, BigInteger.TEN, FinalityState.INSTANT), CrossStatus.FILLED)));
        assertThat(bounded.currentTotal(A)).isEmpty();
        assertThat(bounded.admit(order(3, USDC, usdc(1), FinalityState.INSTANT))).isFalse();

        var unbounded = new InstantExposure(Map.of(), Map.of(), valuation);
        unbounded.count(List.of());
        assertThat(unbounded.admit(order(4, ODD, BigInteger.ONE, FinalityState.INSTANT))).isTrue();
        assertThat(unbounded.currentTotal(A)).isEmpty();
    }

    @Test
    void bothBoundsMustHoldAndAnOrderRefusedByOneIsCountedByNeither() {
        var perToken = Map.of(new Inventory.Key(A, USDC), usdc(1_000));
        var exposure = new InstantExposure(perToken, Map.of(A, ONE_ETH), valuation);
        exposure.count(List.of());
        // within the total (0.45 ETH) but past the USDC limit
        assertThat(exposure.admit(order(1, USDC, usdc(1_500), FinalityState.INSTANT))).isFalse();
        assertThat(exposure.current()).containsEntry(new Inventory.Key(A, USDC), BigInteger.ZERO);
        assertThat(exposure.currentTotal(A)).contains(BigInteger.ZERO);
        // within the USDC limit, and counted in both
        assertThat(exposure.admit(order(2, USDC, usdc(1_000), FinalityState.INSTANT))).isTrue();
        assertThat(exposure.current()).containsEntry(new Inventory.Key(A, USDC), usdc(1_000));
        assertThat(exposure.currentTotal(A)).contains(new BigInteger("300000000000000000"));
        // DAI has no per-token limit, but 3,000 DAI (0.9 ETH) passes the total: refused, the USDC count untouched
        assertThat(exposure.admit(order(3, DAI, dai(3_000), FinalityState.INSTANT))).isFalse();
        assertThat(exposure.current()).containsEntry(new Inventory.Key(A, USDC), usdc(1_000));
        assertThat(exposure.deferred()).isEqualTo(2);
    }

    @Test
    void anOriginWithoutATotalIsBoundedOnlyPerToken() {
        var exposure = new InstantExposure(Map.of(new Inventory.Key(A, USDC), usdc(10)), Map.of(B, BigInteger.ONE), valuation);
        exposure.count(List.of());
        assertThat(exposure.admit(order(1, DAI, dai(1_000_000), FinalityState.INSTANT))).isTrue();
        assertThat(exposure.admit(order(2, USDC, usdc(10), FinalityState.INSTANT))).isTrue();
        assertThat(exposure.admit(order(3, USDC, BigInteger.ONE, FinalityState.INSTANT))).isFalse();
        assertThat(exposure.currentTotal(A)).isEmpty();
        assertThat(exposure.currentTotal(B)).contains(BigInteger.ZERO);
    }
}
