package io.metaroute.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.chain.Domain;
import io.metaroute.core.network.Network;
import io.metaroute.core.network.Rollup;
import io.metaroute.core.network.RollupProfile;
import io.metaroute.core.token.Token;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code CHAIN:AMOUNT} settings (the INSTANT exposure's totals): parsed against the network, refused with the entry named. */
class InventoryLimitsTest {
    private static final ChainId A = ChainId.of(710001);
    private static final ChainId B = ChainId.of(710002);
    private static final String P = "metaroute.cross.instant-exposure-total";

    private static Rollup rollup(ChainId chain) {
        return new Rollup("r" + chain.value(), RollupProfile.GAMING, chain, Domain.of(chain.value()), URI.create("http://127.0.0.1:1"),
                null, Duration.ofSeconds(1), BigInteger.ONE, Address.of("0x" + "5".repeat(40)), Address.of("0x" + "6".repeat(40)),
                List.of(new Token(chain, Address.of("0x" + "a".repeat(40)), "WETH", 18)), List.of());
    }

    private final Network network = new Network(List.of(rollup(A), rollup(B)));

    @Test
    void oneAmountPerChainOfTheNetwork() {
        assertThat(InventoryLimits.parsePerChain(network, List.of("710001:1000000000000000000", " 710002 : 5 "), P))
                .isEqualTo(Map.of(A, BigInteger.TEN.pow(18), B, BigInteger.valueOf(5)));
        assertThat(InventoryLimits.parsePerChain(network, List.of(), P)).isEmpty();
    }

    @Test
    void badEntriesAreRefusedNamingTheSettingAndTheEntry() {
        assertThatThrownBy(() -> InventoryLimits.parsePerChain(network, List.of("710001:USDC:5"), P))
                .hasMessage(P + " entry '710001:USDC:5': expected CHAIN:AMOUNT");
        assertThatThrownBy(() -> InventoryLimits.parsePerChain(network, List.of("710001:lots"), P))
                .hasMessage(P + " entry '710001:lots': the chain id and the amount are decimal integers");
        assertThatThrownBy(() -> InventoryLimits.parsePerChain(network, List.of("710001:-1"), P))
                .hasMessage(P + " entry '710001:-1': the amount is negative");
        assertThatThrownBy(() -> InventoryLimits.parsePerChain(network, List.of("9:1"), P))
                .hasMessage(P + " entry '9:1': chain 9 is not in the network");
        assertThatThrownBy(() -> InventoryLimits.parsePerChain(network, List.of("710001:1", "710001:2"), P))
                .hasMessage(P + " entry '710001:2': the chain is listed twice");
    }
}
