package io.metaroute.settlement.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.cross.CrossOrder;
import io.metaroute.core.network.FinalityState;
import io.metaroute.settlement.ledger.Posting.Holding;
import io.metaroute.settlement.ledger.Posting.Role;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The ledger's lines follow the settler's rules and balance per (chain, token). */
class CrossLedgerTest {
    private static final ChainId A = ChainId.of(710001);
    private static final ChainId B = ChainId.of(710002);
    private static final Address SETTLER = Address.of("0x00000000000000000000000000000000000000c5");
    private static final Address USER = Address.of("0x00000000000000000000000000000000000000a0");
    private static final Address USDC_A = Address.of("0x00000000000000000000000000000000000000a1");
    private static final Address WETH_A = Address.of("0x00000000000000000000000000000000000000a2");
    private static final Address SOLVER = Address.of("0x00000000000000000000000000000000000000b0");
    private static final CrossLedger.FeeAccounts FEES = new CrossLedger.FeeAccounts(
            Address.of("0x00000000000000000000000000000000000000f1"), Address.of("0x00000000000000000000000000000000000000f2"),
            Address.of("0x00000000000000000000000000000000000000f3"));

    private static CrossOrder order(Address token, long amountIn, int feeBps) {
        return new CrossOrder(SETTLER, USER, BigInteger.ONE, A, 1, 1, token, BigInteger.valueOf(amountIn), B,
                Address.of("0x00000000000000000000000000000000000000b1"), BigInteger.TEN,
                Address.of("0x00000000000000000000000000000000000000ee"), FinalityState.INSTANT, feeBps);
    }

    private static void assertBalanced(List<Posting> lines) {
        Map<String, BigInteger> sums = lines.stream().collect(Collectors.groupingBy(p -> p.chain() + "/" + p.token(),
                Collectors.reducing(BigInteger.ZERO, Posting::delta, BigInteger::add)));
        assertThat(sums.values()).allMatch(v -> v.signum() == 0);
    }

    @Test
    void theFeeIsRoundedDownPerOrderAndItsSplitPerMessageAndToken() {
        var released = List.of(new CrossLedger.Released(order(USDC_A, 7_999, 5), SOLVER),
                new CrossLedger.Released(order(USDC_A, 7_999, 5), SOLVER),
                new CrossLedger.Released(order(WETH_A, 1_000_001, 30), SOLVER));
        List<Posting> lines = CrossLedger.released(released, FEES);
        assertBalanced(lines);
        Map<Holding, BigInteger> b = Reconciliation.balances(lines);
        // USDC: fees 3 + 3 = 6 -> 1 / 1 / 4 (each 30% share rounded down, the validators the rest)
        assertThat(b.get(new Holding(A, USDC_A, FEES.originRollup()))).isEqualTo(BigInteger.ONE);
        assertThat(b.get(new Holding(A, USDC_A, FEES.destinationRollup()))).isEqualTo(BigInteger.ONE);
        assertThat(b.get(new Holding(A, USDC_A, FEES.validators()))).isEqualTo(BigInteger.valueOf(4));
        assertThat(b.get(new Holding(A, USDC_A, SOLVER))).isEqualTo(BigInteger.valueOf(2 * 7_996));
        assertThat(b.get(new Holding(A, USDC_A, SETTLER))).isEqualTo(BigInteger.valueOf(-2 * 7_999));
        // WETH: 1,000,001 at 30 bps is 3,000 (3,000.003 rounded down) -> 900 / 900 / 1,200
        assertThat(b.get(new Holding(A, WETH_A, FEES.validators()))).isEqualTo(BigInteger.valueOf(1_200));
        assertThat(b.get(new Holding(A, WETH_A, SOLVER))).isEqualTo(BigInteger.valueOf(997_001));
    }

    @Test
    void openAndRefundReturnEverythingAndChargeNoFee() {
        CrossOrder o = order(USDC_A, 1_234_567, 30);
        var lines = new java.util.ArrayList<Posting>(CrossLedger.opened(o));
        assertThat(Reconciliation.balances(lines).get(new Holding(A, USDC_A, SETTLER))).isEqualTo(BigInteger.valueOf(1_234_567));
        lines.addAll(CrossLedger.refunded(List.of(o)));
        assertBalanced(lines);
        assertThat(Reconciliation.balances(lines).values()).allMatch(v -> v.signum() == 0);
        assertThat(lines).noneMatch(p -> p.role().name().endsWith("_FEES"));
    }

    @Test
    void aFillCreditsTheRecipientOnTheDestinationInTheOutputToken() {
        CrossOrder o = order(USDC_A, 1_000, 5);
        var lines = CrossLedger.filled(o, SOLVER, BigInteger.valueOf(995));
        assertBalanced(lines);
        assertThat(lines).allMatch(p -> p.chain().equals(B) && p.token().equals(o.tokenOut()));
        assertThat(lines).anyMatch(p -> p.role() == Role.RECIPIENT && p.account().equals(o.recipient())
                && p.delta().equals(BigInteger.valueOf(995)));
    }

    @Test
    void aDifferenceCountsOnceTwoRunsSeeItBySameAmount() {
        var h = new Holding(A, USDC_A, SETTLER);
        var first = Reconciliation.compare(Map.of(h, BigInteger.TEN), Map.of(h, BigInteger.valueOf(17)));
        assertThat(first).singleElement().satisfies(d -> assertThat(d.delta()).isEqualTo(BigInteger.valueOf(7)));
        assertThat(Reconciliation.confirmed(List.of(), first)).isEmpty();
        var second = Reconciliation.compare(Map.of(h, BigInteger.TEN), Map.of(h, BigInteger.valueOf(17)));
        assertThat(Reconciliation.confirmed(first, second)).hasSize(1);
        var moved = Reconciliation.compare(Map.of(h, BigInteger.valueOf(11)), Map.of(h, BigInteger.valueOf(17)));
        assertThat(Reconciliation.confirmed(second, moved)).isEmpty();
        assertThat(Reconciliation.compare(Map.of(), Map.of(h, BigInteger.ZERO))).isEmpty();
    }
}
