package io.metaroute.core.intent;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The EIP-712 typed data of a {@link SwapIntent}, in the {@code eth_signTypedData_v4} shape a
 * wallet signs. Types and domain are pinned here: the server never hashes a client's types.
 */
public final class IntentTypedData {
    public static final String PRIMARY_TYPE = "SwapIntent";
    public static final String TYPE_STRING = "SwapIntent(address user,address recipient,uint256 nonce,"
            + "uint256 originChainId,uint256 destinationChainId,address tokenIn,uint256 amountIn,"
            + "address tokenOut,uint256 minAmountOut,uint256 deadline)";

    /** Field name to Solidity type, in signing order. */
    public static final Map<String, String> MESSAGE_FIELDS = TypedDataJson.fields(
            "user", "address", "recipient", "address", "nonce", "uint256", "originChainId", "uint256",
            "destinationChainId", "uint256", "tokenIn", "address", "amountIn", "uint256",
            "tokenOut", "address", "minAmountOut", "uint256", "deadline", "uint256");

    public static final Map<String, String> DOMAIN_FIELDS = TypedDataJson.DOMAIN_FIELDS;

    private IntentTypedData() {
    }

    /** The full typed-data object (types, primaryType, domain, message) with uints as decimal strings. */
    public static Map<String, Object> of(SigningDomain domain, SwapIntent intent) {
        return TypedDataJson.of(PRIMARY_TYPE, Map.of(PRIMARY_TYPE, MESSAGE_FIELDS), domain, message(intent));
    }

    public static Map<String, Object> domain(SigningDomain domain) {
        return TypedDataJson.domain(domain);
    }

    public static Map<String, Object> message(SwapIntent intent) {
        var m = new LinkedHashMap<String, Object>();
        m.put("user", intent.user().checksummed());
        m.put("recipient", intent.recipient().checksummed());
        m.put("nonce", intent.nonce().toString());
        m.put("originChainId", Long.toString(intent.originChainId().value()));
        m.put("destinationChainId", Long.toString(intent.destinationChainId().value()));
        m.put("tokenIn", intent.tokenIn().checksummed());
        m.put("amountIn", intent.amountIn().toString());
        m.put("tokenOut", intent.tokenOut().checksummed());
        m.put("minAmountOut", intent.minAmountOut().toString());
        m.put("deadline", Long.toString(intent.deadline()));
        return m;
    }

    /** {@code keccak256(0x1901 ‖ domainSeparator ‖ hashStruct(intent))}: what the user signs. */
    public static byte[] digest(SigningDomain domain, SwapIntent intent) {
        return TypedDataJson.digest(of(domain, intent));
    }

    /** The typed data as JSON. */
    public static String toJson(SigningDomain domain, SwapIntent intent) {
        return TypedDataJson.json(of(domain, intent));
    }
}
