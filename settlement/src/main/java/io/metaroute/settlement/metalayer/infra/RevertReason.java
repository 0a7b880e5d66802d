package io.metaroute.settlement.metalayer.infra;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.web3j.utils.Numeric;

/**
 * What a node's refusal of a call or an estimate says, with its revert data decoded: an
 * {@code Error(string)} reason, a {@code Panic(uint256)} code, a custom error's selector, or that
 * there was no data at all, which a relayer sees when the call reached an address without code
 * (Solidity reverts a call to a contract that is not there without a reason).
 */
final class RevertReason {
    private static final String ERROR_STRING = "0x08c379a0";
    private static final String PANIC = "0x4e487b71";

    private RevertReason() {
    }

    /** The node's message, followed by what its revert data says when the message does not say it already. */
    static String of(String message, String data) {
        String text = message == null ? "refused" : message;
        if (!text.toLowerCase(Locale.ROOT).contains("revert")) {
            return text; // not a revert (e.g. insufficient funds): the data, if any, is not revert data
        }
        String hex = data == null ? "" : data.replace("\"", "").trim().toLowerCase(Locale.ROOT);
        if (hex.isEmpty() || hex.equals("0x") || hex.equals("null")) {
            return text.contains(":") ? text
                    : text + " (no revert data: a check without a reason, or a call to an address without code)";
        }
        if (hex.startsWith(ERROR_STRING) && hex.length() >= 10 + 128) {
            try {
                byte[] body = Numeric.hexStringToByteArray(hex.substring(10));
                int offset = new BigInteger(1, java.util.Arrays.copyOfRange(body, 0, 32)).intValueExact();
                int length = new BigInteger(1, java.util.Arrays.copyOfRange(body, offset, offset + 32)).intValueExact();
                String reason = new String(body, offset + 32, length, StandardCharsets.UTF_8);
                return text.contains(reason) ? text : text + ": " + reason;
            } catch (RuntimeException malformed) {
                return text + " (revert data " + hex + ")";
            }
        }
        if (hex.startsWith(PANIC) && hex.length() == 10 + 64) {
            return text + " (panic 0x" + new BigInteger(hex.substring(10), 16).toString(16) + ")";
        }
        return text + " (custom error " + hex.substring(0, Math.min(10, hex.length())) + ", revert data " + hex + ")";
    }
}
