package io.metaroute.execution.fill;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SettlerErrorsTest {
    private static final Path SOURCES = Path.of("..", "contracts", "src", "main", "solidity");
    private static final List<String> FILES = List.of("MetarouteSettler.sol", "MakerQuotes.sol", "SwapSteps.sol", "CrossSettler.sol");
    private static final Pattern ERROR = Pattern.compile("^\\s*error\\s+(\\w+)\\s*\\(([^)]*)\\)\\s*;", Pattern.MULTILINE);

    /** The decoder knows exactly the errors the settlers declare, in their canonical form. */
    @Test
    void declarationsAreTheSettlersOwn() throws IOException {
        var source = new StringBuilder();
        for (String f : FILES) {
            source.append(Files.readString(SOURCES.resolve(f))).append('\n');
        }
        List<String> declared = ERROR.matcher(source).results()
                .map(m -> m.group(1) + "(" + Arrays.stream(m.group(2).split(","))
                        .map(String::trim).filter(p -> !p.isEmpty())
                        .map(p -> p.split("\\s+")[0])
                        .collect(Collectors.joining(",")) + ")")
                .distinct()
                .toList();
        assertEquals(declared, SettlerErrors.DECLARATIONS);
    }

    @Test
    void transferFailedIsDecodedByName() {
        assertEquals("0x90b8ec18", SettlerErrors.selector("TransferFailed()"));
        assertEquals(Optional.of("TransferFailed"), SettlerErrors.name("0x90b8ec18"));
        assertEquals(Optional.of("TransferFailed"), SettlerAbi.revertReason("\"0x90b8ec18\""));
        assertEquals("eth_estimateGas: execution reverted: custom error TransferFailed()",
                SettlerErrors.describe("eth_estimateGas: execution reverted: custom error 0x90b8ec18"));
    }

    /** A maker's failing quote names the maker: the fade is recorded against it. */
    @Test
    void makerErrorsNameTheMaker() {
        String maker = "00000000000000000000000070997970c51812dc3a010c7d01b50e0d17dc79c8";
        String failed = SettlerErrors.selector("MakerTransferFailed(address)") + maker;
        assertEquals(Optional.of("MakerTransferFailed"), SettlerErrors.name(failed));
        assertEquals(Optional.of(io.metaroute.core.chain.Address.of("0x70997970c51812dc3a010c7d01b50e0d17dc79c8")),
                SettlerErrors.maker(failed));
        String expired = SettlerErrors.selector("QuoteExpired(address,uint256)") + maker + "0".repeat(63) + "7";
        assertEquals(Optional.of(io.metaroute.core.chain.Address.of("0x70997970c51812dc3a010c7d01b50e0d17dc79c8")),
                SettlerErrors.maker(expired));
        assertEquals(Optional.empty(), SettlerErrors.maker(SettlerErrors.selector("InsufficientOutput(uint256,uint256)")
                + "0".repeat(128)));
        assertEquals(Optional.empty(), SettlerErrors.maker(SettlerErrors.selector("MakerTransferFailed(address)") + "12"));
    }

    @Test
    void errorsWithArgumentsAndUnknownSelectors() {
        String insufficient = SettlerErrors.selector("InsufficientOutput(uint256,uint256)") + "0".repeat(128);
        assertEquals(Optional.of("InsufficientOutput"), SettlerErrors.name(insufficient));
        assertEquals(Optional.empty(), SettlerErrors.name("0xdeadbeef"));
        assertEquals("custom error 0xdeadbeef", SettlerErrors.describe("custom error 0xdeadbeef"));
        // a selector's digits at the start of a longer hex value (an address) are left alone
        assertEquals("to 0x90b8ec18aa", SettlerErrors.describe("to 0x90b8ec18aa"));
    }
}
