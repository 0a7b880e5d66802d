package io.metaroute.settlement.metalayer.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;

class RevertReasonTest {
    private static String encoded(String name, org.web3j.abi.datatypes.Type<?> value) {
        return FunctionEncoder.encode(new Function(name, List.of(value), List.of()));
    }

    @Test
    void aBareRevertWithoutDataSaysSoAndWhatCausesIt() {
        assertThat(RevertReason.of("execution reverted", "\"0x\"")).isEqualTo(
                "execution reverted (no revert data: a check without a reason, or a call to an address without code)");
        assertThat(RevertReason.of("execution reverted", null)).contains("no revert data");
    }

    @Test
    void anErrorStringIsDecodedUnlessTheMessageCarriesItAlready() {
        String data = encoded("Error", new Utf8String("Mailbox: already delivered"));
        assertThat(data).startsWith("0x08c379a0");
        assertThat(RevertReason.of("execution reverted", data)).isEqualTo("execution reverted: Mailbox: already delivered");
        assertThat(RevertReason.of("execution reverted: Mailbox: already delivered", data))
                .isEqualTo("execution reverted: Mailbox: already delivered");
    }

    @Test
    void aPanicShowsItsCodeAndACustomErrorItsSelector() {
        assertThat(RevertReason.of("execution reverted", encoded("Panic", new Uint256(0x11)))).isEqualTo("execution reverted (panic 0x11)");
        assertThat(RevertReason.of("execution reverted", "0xdeadbeef")).isEqualTo(
                "execution reverted (custom error 0xdeadbeef, revert data 0xdeadbeef)");
    }

    @Test
    void aRefusalThatIsNotARevertIsLeftAsTheNodeSaidIt() {
        assertThat(RevertReason.of("insufficient funds for gas * price + value", "0x")).isEqualTo(
                "insufficient funds for gas * price + value");
    }
}
