package io.metaroute.api.intents;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import java.util.Map;

/**
 * The documented shape of {@code POST /v1/intents}. The body itself is read strictly by
 * {@link IntentIntake} (this record only describes it): no other field at any level.
 */
@Schema(name = "IntentSubmission", description = "A signed swap intent. Unknown fields at any level are refused (unknown_field).")
public record IntentSubmission(
        @Schema(description = "The eth_signTypedData_v4 object the wallet signed, as the quote served it: `types` (optional; if "
                + "present exactly EIP712Domain and SwapIntent), `primaryType` \"SwapIntent\", `domain` {name \"Metaroute\", version "
                + "\"1\", chainId (JSON integer or decimal string), verifyingContract = the settler}, and `message` {user, recipient, "
                + "nonce, originChainId, destinationChainId, tokenIn, amountIn, tokenOut, minAmountOut, deadline}: uint256 values as "
                + "decimal strings, addresses 0x + 40 hex digits (EIP-55 checksummed when mixed case). The recipient may not be the "
                + "zero address, the settler, a token or pool contract. The user's balance of tokenIn and allowance to the settler "
                + "must cover amountIn.", requiredMode = RequiredMode.REQUIRED) Map<String, Object> typedData,
        @Schema(description = "0x + 65 bytes r‖s‖v (v 27/28 or 0/1), r and s in 1..n−1, s ≤ n/2", example = "0x…",
                requiredMode = RequiredMode.REQUIRED) String signature) {
}
