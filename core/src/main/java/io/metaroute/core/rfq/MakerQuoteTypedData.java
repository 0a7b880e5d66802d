package io.metaroute.core.rfq;

import io.metaroute.core.intent.IntentTypedData;
import io.metaroute.core.intent.SigningDomain;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.web3j.crypto.StructuredDataEncoder;

/**
 * The EIP-712 typed data of a {@link MakerQuote} in the {@code eth_signTypedData_v4} shape a maker's
 * key signs, under the rollup settler's domain ({@code Metaroute}, {@code 1}, chain id, settler).
 * Types and domain are pinned here; the server never hashes types a client sent.
 */
public final class MakerQuoteTypedData {
    public static final String PRIMARY_TYPE = "MakerQuote";
    public static final String TYPE_STRING = "MakerQuote(address maker,address tokenIn,address tokenOut,uint256 amountIn,"
            + "uint256 amountOut,uint256 expiry,uint256 nonce)";

    /** Field name to Solidity type, in signing order. */
    public static final Map<String, String> MESSAGE_FIELDS = fields(
            "maker", "address", "tokenIn", "address", "tokenOut", "address", "amountIn", "uint256",
            "amountOut", "uint256", "expiry", "uint256", "nonce", "uint256");

    private MakerQuoteTypedData() {
    }

    /** The full typed-data object (types, primaryType, domain, message) with uints as decimal strings. */
    public static Map<String, Object> of(SigningDomain domain, MakerQuote quote) {
        var out = new LinkedHashMap<String, Object>();
        out.put("types", Map.of("EIP712Domain", typeList(IntentTypedData.DOMAIN_FIELDS), PRIMARY_TYPE,
                typeList(MESSAGE_FIELDS)));
        out.put("primaryType", PRIMARY_TYPE);
        out.put("domain", IntentTypedData.domain(domain));
        out.put("message", message(quote));
        return out;
    }

    public static Map<String, Object> message(MakerQuote quote) {
        var m = new LinkedHashMap<String, Object>();
        m.put("maker", quote.maker().checksummed());
        m.put("tokenIn", quote.tokenIn().checksummed());
        m.put("tokenOut", quote.tokenOut().checksummed());
        m.put("amountIn", quote.amountIn().toString());
        m.put("amountOut", quote.amountOut().toString());
        m.put("expiry", Long.toString(quote.expiry()));
        m.put("nonce", quote.nonce().toString());
        return m;
    }

    /** {@code keccak256(0x1901 ‖ domainSeparator ‖ hashStruct(quote))}: what the maker signs. */
    public static byte[] digest(SigningDomain domain, MakerQuote quote) {
        if (!domain.chainId().equals(quote.chain())) {
            throw new IllegalArgumentException("the domain's chain " + domain.chainId() + " is not the quote's " + quote.chain());
        }
        try {
            return new StructuredDataEncoder(toJson(domain, quote)).hashStructuredData();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("typed data could not be encoded", e);
        }
    }

    /** The typed data as JSON. Every value is an address, a decimal or a pinned constant: no escaping needed. */
    public static String toJson(SigningDomain domain, MakerQuote quote) {
        var sb = new StringBuilder(768);
        sb.append("{\"types\":{\"EIP712Domain\":");
        appendTypes(sb, IntentTypedData.DOMAIN_FIELDS);
        sb.append(",\"").append(PRIMARY_TYPE).append("\":");
        appendTypes(sb, MESSAGE_FIELDS);
        sb.append("},\"primaryType\":\"").append(PRIMARY_TYPE).append("\",\"domain\":");
        appendObject(sb, IntentTypedData.domain(domain));
        sb.append(",\"message\":");
        appendObject(sb, message(quote));
        return sb.append('}').toString();
    }

    private static void appendTypes(StringBuilder sb, Map<String, String> fields) {
        sb.append('[');
        boolean first = true;
        for (var e : fields.entrySet()) {
            sb.append(first ? "" : ",").append("{\"name\":\"").append(e.getKey()).append("\",\"type\":\"")
                    .append(e.getValue()).append("\"}");
            first = false;
        }
        sb.append(']');
    }

    private static void appendObject(StringBuilder sb, Map<String, Object> values) {
        sb.append('{');
        boolean first = true;
        for (var e : values.entrySet()) {
            sb.append(first ? "" : ",").append('"').append(e.getKey()).append("\":\"").append(e.getValue()).append('"');
            first = false;
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
        return Collections.unmodifiableMap(m);
    }
}
