package io.metaroute.api.quotes;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import io.metaroute.api.input.Strict;
import io.metaroute.api.problem.ApiProblem;
import io.metaroute.api.problem.ErrorKind;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import java.util.List;

/**
 * {@code POST /v1/quotes}. Tokens by address or symbol; {@code amountIn} in base units as a
 * decimal string; {@code slippageBps} 0..5000 (default 50); {@code recipient} defaults to the
 * user; {@code deadlineSeconds} from now (default 600); {@code nonce} random when absent.
 *
 * <p>Read strictly ({@link #fromJson}): a field that is not one of these is refused as
 * {@code unknown_field}, and each field must have its JSON type (integers are JSON integers, the
 * rest JSON strings); an empty string or a fraction is refused, never read as a default.
 */
@Schema(description = "A prospective swap to price, on one rollup or across two (destinationChainId). Unknown fields are refused (unknown_field).")
public record QuoteRequest(
        @Schema(description = "Chain id of the rollup (JSON integer); see GET /v1/chains", example = "710001",
                requiredMode = RequiredMode.REQUIRED) Long chainId,
        @Schema(description = "Token sold: address (EIP-55 checksummed if mixed case) or symbol", example = "USDC",
                requiredMode = RequiredMode.REQUIRED) String tokenIn,
        @Schema(description = "Token bought: address or symbol, different from tokenIn", example = "WETH",
                requiredMode = RequiredMode.REQUIRED) String tokenOut,
        @Schema(description = "Amount sold in base units, a string of decimal digits (no 0x, sign, fraction)",
                example = "2500000000", pattern = "^[0-9]{1,78}$", requiredMode = RequiredMode.REQUIRED) String amountIn,
        @Schema(description = "Slippage bound in basis points, a JSON integer 0..5000; minAmountOut = (expected − gas − fees) × (1 − slippage), rounded down",
                example = "50", defaultValue = "50", minimum = "0", maximum = "5000") Integer slippageBps,
        @Schema(description = "Wallet that signs the intent and pays amountIn", example = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
                requiredMode = RequiredMode.REQUIRED) String user,
        @Schema(description = "Who receives the output; defaults to user. Never the zero address, the settler or a token contract "
                + "(invalid_recipient); on a cross-rollup quote, an account on the destination") String recipient,
        @Schema(description = "Deadline from now in seconds, a JSON integer 1..metaroute.intake.max-deadline", example = "600",
                defaultValue = "600") Long deadlineSeconds,
        @Schema(description = "Settler nonce for the intent (decimal string); random 128-bit when absent. A rejected intent's "
                + "nonce may be reused", example = "1") String nonce,
        @Schema(description = "Chain id of the rollup the output is paid on (JSON integer); absent or equal to chainId for a "
                + "same-rollup swap. A cross-rollup quote answers a GaslessCrossChainOrder to sign (ERC-7683)", example = "710002")
        Long destinationChainId,
        @Schema(description = "Cross-rollup only: INSTANT (filled once the origin's open is at its head) or FINALIZED (once "
                + "it is final on the origin); default INSTANT", example = "INSTANT") String finality) {

    static final List<String> FIELDS = List.of("chainId", "tokenIn", "tokenOut", "amountIn", "slippageBps", "user", "recipient",
            "deadlineSeconds", "nonce", "destinationChainId", "finality");

    /** The body as Jackson reads it: only our fields, each of its JSON type. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static QuoteRequest fromJson(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiProblem.of(ErrorKind.MALFORMED_JSON, "body", "the body must be a JSON object with " + String.join(", ", FIELDS));
        }
        Strict.onlyFields(body, FIELDS, null);
        return new QuoteRequest(integer(body, "chainId"), string(body, "tokenIn", ErrorKind.INVALID_FIELD),
                string(body, "tokenOut", ErrorKind.INVALID_FIELD), string(body, "amountIn", ErrorKind.INVALID_AMOUNT),
                slippage(body), string(body, "user", ErrorKind.INVALID_ADDRESS), string(body, "recipient", ErrorKind.INVALID_ADDRESS),
                integer(body, "deadlineSeconds"), string(body, "nonce", ErrorKind.INVALID_FIELD), integer(body, "destinationChainId"),
                string(body, "finality", ErrorKind.INVALID_FIELD));
    }

    /** Whether this asks for a cross-rollup route. */
    public boolean crossRollup() {
        return destinationChainId != null && !destinationChainId.equals(chainId);
    }

    private static Long integer(JsonNode body, String f) {
        JsonNode v = body.get(f);
        return Strict.absent(v) ? null : Strict.integer(v, f);
    }

    private static Integer slippage(JsonNode body) {
        Long v = integer(body, "slippageBps");
        if (v != null && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)) {
            throw ApiProblem.of(ErrorKind.INVALID_FIELD, "slippageBps", "slippageBps must be between 0 and 5000");
        }
        return v == null ? null : v.intValue();
    }

    /** A JSON string (possibly empty: what an empty one means is the field's parser's call), or null when absent. */
    private static String string(JsonNode body, String f, ErrorKind wrongType) {
        JsonNode v = body.get(f);
        if (Strict.absent(v)) {
            return null;
        }
        if (!v.isTextual()) {
            throw ApiProblem.of(wrongType, f, f + " must be a JSON string, got " + v.getNodeType().name().toLowerCase() + " " + v);
        }
        return v.textValue();
    }
}
