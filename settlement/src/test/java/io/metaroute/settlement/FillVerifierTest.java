package io.metaroute.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.intent.FillReport;
import io.metaroute.core.intent.SwapIntent;
import io.metaroute.settlement.fill.FillVerifier;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class FillVerifierTest {
    static final ChainId CHAIN = ChainId.of(710001);
    static final Address USER = Address.of("0x00000000000000000000000000000000000000a1");
    static final Address OTHER = Address.of("0x00000000000000000000000000000000000000b2");
    static final Address IN = Address.of("0x0000000000000000000000000000000000000001");
    static final Address OUT = Address.of("0x0000000000000000000000000000000000000002");
    static final SwapIntent INTENT = new SwapIntent(USER, USER, BigInteger.ONE, CHAIN, CHAIN, IN, BigInteger.valueOf(1000),
            OUT, BigInteger.valueOf(500), 2_000_000_000L);
    static final String HASH = "0x" + "ab".repeat(32);

    static FillReport report(Address recipient, long amountIn, long amountOut) {
        return new FillReport(HASH, USER, recipient, IN, OUT, BigInteger.valueOf(amountIn), BigInteger.valueOf(amountOut),
                OTHER, "0x" + "cd".repeat(32), 10);
    }

    @Test
    void aFillPayingTheMinimumIsHonouredAndItsLedgerBalances() {
        var verdict = new FillVerifier().verify(INTENT, HASH, report(USER, 1000, 500));
        assertThat(verdict.honoured()).isTrue();
        assertThat(verdict.entries()).hasSize(4);
        assertThat(FillVerifier.balanced(verdict.entries())).isTrue();
        assertThat(verdict.entries().get(3).delta()).isEqualTo(BigInteger.valueOf(500));
    }

    @Test
    void aFillBelowTheMinimumOrToSomeoneElseIsNot() {
        assertThat(new FillVerifier().verify(INTENT, HASH, report(USER, 1000, 499)).violations())
                .singleElement().asString().contains("below the signed minimum");
        assertThat(new FillVerifier().verify(INTENT, HASH, report(OTHER, 1000, 600)).violations())
                .singleElement().asString().contains("signed recipient");
        assertThat(new FillVerifier().verify(INTENT, "0x" + "00".repeat(32), report(USER, 999, 600)).violations()).hasSize(2);
    }

    @Test
    void anIntentSettledWithOthersBooksItsOtherSideToTheMatchedAccount() {
        var verdict = new FillVerifier().verify(INTENT, HASH, report(USER, 1000, 500), FillVerifier.MATCHED_ACCOUNT);
        assertThat(verdict.honoured()).isTrue();
        assertThat(verdict.entries()).extracting(e -> e.account())
                .containsExactly(USER.hex(), FillVerifier.MATCHED_ACCOUNT, FillVerifier.MATCHED_ACCOUNT, USER.hex());
        assertThat(FillVerifier.balanced(verdict.entries())).isTrue();
    }
}
