package io.metaroute.core.intent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.web3j.crypto.StructuredDataEncoder;

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
    public static final Map<String, String> MESSAGE_FIELDS = fields(
            "user", "address", "recipient", "address", "nonce", "uint256", "originChainId", "uint256",
            "destinationChainId", "uint256", "tokenIn", "address", "amountIn", "uint256",
            "tokenOut", "address", "minAmountOut", "uint256", "deadline", "uint256");

    public static final Map<String, String> DOMAIN_FIELDS = fields(
            "name", "string", "version", "string", "chainId", "uint256", "verifyingContract", "address");

    private IntentTypedData() {
    }

    /** The full typed-data object (types, primaryType, domain, message) with uints as decimal strings. */
    public static Map<String, Object> of(SigningDomain domain, SwapIntent intent) {
        var out = new LinkedHashMap<String, Object>();
        out.put("types", Map.of("EIP712Domain", typeList(DOMAIN_FIELDS), PRIMARY_TYPE, typeList(MESSAGE_FIELDS)));
        out.put("primaryType", PRIMARY_TYPE);
        out.put("domain", domain(domain));
        out.put("message", message(intent));
        return out;
    }

    public static Map<String, Object> domain(SigningDomain domain) {
        var d = new LinkedHashMap<String, Object>();
        d.put("name", domain.name());
        d.put("version", domain.version());
        d.put("chainId", Long.toString(domain.chainId().value()));
        d.put("verifyingContract", domain.verifyingContract().checksummed());
        return d;
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
        try {
            return new StructuredDataEncoder(toJson(domain, intent)).hashStructuredData();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("typed data could not be encoded", e);
        }
    }

    /** The typed data as JSON. Every value is an address, a decimal or a pinned constant: no escaping needed. */
    public static String toJson(SigningDomain domain, SwapIntent intent) {
        var sb = new StringBuilder(1024);
        sb.append("{\"types\":{\"EIP712Domain\":");
        appendTypes(sb, DOMAIN_FIELDS);
        sb.append(",\"").append(PRIMARY_TYPE).append("\":");
        appendTypes(sb, MESSAGE_FIELDS);
        sb.append("},\"primaryType\":\"").append(PRIMARY_TYPE).append("\",\"domain\":");
        appendObject(sb, domain(domain));
        sb.append(",\"message\":");
        appendObject(sb, message(intent));
        return sb.append('}').toString();
    }

    private static void appendTypes(StringBuilder sb, Map<String, String> fields) {
        sb.append('[');
        boolean first = true;
        for (var e : fields.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append("{\"name\":\"").append(e.getKey()).append("\",\"type\":\"").append(e.getValue()).append("\"}");
        }
        sb.append(']');
    }

    private static void appendObject(StringBuilder sb, Map<String, Object> values) {
        sb.append('{');
        boolean first = true;
        for (var e : values.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append('"').append(e.getKey()).append("\":\"").append(e.getValue()).append('"');
        }
        sb.append('}');
    }

    private static List<Map<String, String>> typeList(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> Map.of("name", e.getKey(), "type", e.getValue())).toList();
    }

    private static Map<String, String> fields(String... nameTypePairs) {
        var m = new LinkedHashMap<String, String>();
        for (int i = 0; i < nameTypePairs.length; i += 2) {
            m.put(nameTypePairs[i], nameTypePairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
