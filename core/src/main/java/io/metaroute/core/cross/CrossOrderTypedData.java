package io.metaroute.core.cross;

import io.metaroute.core.intent.SigningDomain;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.web3j.crypto.Hash;
import org.web3j.crypto.StructuredDataEncoder;
import org.web3j.utils.Numeric;

/**
 * The EIP-712 typed data of a {@link CrossOrder} in the {@code eth_signTypedData_v4} shape: the
 * {@code GaslessCrossChainOrder} with its {@code orderData} typed as the {@code MetarouteOrder} it
 * encodes, so a wallet shows every term. The domain is the origin's cross settler ("Metaroute",
 * "1", origin chain id). Types are pinned here, as the contract pins them.
 */
public final class CrossOrderTypedData {
    public static final String PRIMARY_TYPE = "GaslessCrossChainOrder";
    public static final String ORDER_DATA_TYPE = "MetarouteOrder";
    public static final String ORDER_DATA_TYPE_STRING = "MetarouteOrder(address tokenIn,uint256 amountIn,"
            + "uint256 destinationChainId,address tokenOut,uint256 minAmountOut,address recipient,uint8 finality,uint16 feeBps)";
    /** {@code orderDataType}: the EIP-712 type hash of {@link #ORDER_DATA_TYPE_STRING}. */
    public static final String ORDER_DATA_TYPEHASH =
            Numeric.toHexString(Hash.sha3(ORDER_DATA_TYPE_STRING.getBytes(StandardCharsets.UTF_8)));

    public static final Map<String, String> ORDER_FIELDS = fields("originSettler", "address", "user", "address",
            "nonce", "uint256", "originChainId", "uint256", "openDeadline", "uint32", "fillDeadline", "uint32",
            "orderDataType", "bytes32", "orderData", ORDER_DATA_TYPE);
    public static final Map<String, String> ORDER_DATA_FIELDS = fields("tokenIn", "address", "amountIn", "uint256",
            "destinationChainId", "uint256", "tokenOut", "address", "minAmountOut", "uint256", "recipient", "address",
            "finality", "uint8", "feeBps", "uint16");
    private static final Map<String, String> DOMAIN_FIELDS = fields(
            "name", "string", "version", "string", "chainId", "uint256", "verifyingContract", "address");

    private CrossOrderTypedData() {
    }

    public static SigningDomain domain(CrossOrder order) {
        return SigningDomain.of(order.originChainId(), order.originSettler());
    }

    /** The full typed data (types, primaryType, domain, message) with numbers as decimal strings. */
    public static Map<String, Object> of(CrossOrder order) {
        var types = new LinkedHashMap<String, Object>();
        types.put("EIP712Domain", typeList(DOMAIN_FIELDS));
        types.put(PRIMARY_TYPE, typeList(ORDER_FIELDS));
        types.put(ORDER_DATA_TYPE, typeList(ORDER_DATA_FIELDS));
        var out = new LinkedHashMap<String, Object>();
        out.put("types", types);
        out.put("primaryType", PRIMARY_TYPE);
        SigningDomain d = domain(order);
        out.put("domain", Map.of("name", d.name(), "version", d.version(), "chainId", Long.toString(d.chainId().value()),
                "verifyingContract", d.verifyingContract().checksummed()));
        out.put("message", message(order));
        return out;
    }

    public static Map<String, Object> message(CrossOrder o) {
        var data = new LinkedHashMap<String, Object>();
        data.put("tokenIn", o.tokenIn().checksummed());
        data.put("amountIn", o.amountIn().toString());
        data.put("destinationChainId", Long.toString(o.destinationChainId().value()));
        data.put("tokenOut", o.tokenOut().checksummed());
        data.put("minAmountOut", o.minAmountOut().toString());
        data.put("recipient", o.recipient().checksummed());
        data.put("finality", Integer.toString(o.finality().code()));
        data.put("feeBps", Integer.toString(o.feeBps()));
        var m = new LinkedHashMap<String, Object>();
        m.put("originSettler", o.originSettler().checksummed());
        m.put("user", o.user().checksummed());
        m.put("nonce", o.nonce().toString());
        m.put("originChainId", Long.toString(o.originChainId().value()));
        m.put("openDeadline", Long.toString(o.openDeadline()));
        m.put("fillDeadline", Long.toString(o.fillDeadline()));
        m.put("orderDataType", ORDER_DATA_TYPEHASH);
        m.put("orderData", data);
        return m;
    }

    /** {@code keccak256(0x1901 ‖ domainSeparator ‖ hashStruct(order))}: what the user signs. */
    public static byte[] digest(CrossOrder order) {
        try {
            return new StructuredDataEncoder(toJson(order)).hashStructuredData();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("typed data could not be encoded", e);
        }
    }

    /** The typed data as JSON. Every value is an address, a decimal, a hash or a pinned constant: no escaping needed. */
    public static String toJson(CrossOrder order) {
        return json(of(order));
    }

    @SuppressWarnings("unchecked")
    private static String json(Object v) {
        if (v instanceof Map<?, ?> m) {
            var sb = new StringBuilder("{");
            boolean first = true;
            for (var e : ((Map<String, Object>) m).entrySet()) {
                sb.append(first ? "" : ",").append('"').append(e.getKey()).append("\":").append(json(e.getValue()));
                first = false;
            }
            return sb.append('}').toString();
        }
        if (v instanceof List<?> l) {
            var sb = new StringBuilder("[");
            for (int i = 0; i < l.size(); i++) {
                sb.append(i == 0 ? "" : ",").append(json(l.get(i)));
            }
            return sb.append(']').toString();
        }
        return "\"" + v + "\"";
    }

    private static List<Map<String, String>> typeList(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> {
            var t = new LinkedHashMap<String, String>();
            t.put("name", e.getKey());
            t.put("type", e.getValue());
            return (Map<String, String>) t;
        }).toList();
    }

    private static Map<String, String> fields(String... nameTypePairs) {
        var m = new LinkedHashMap<String, String>();
        for (int i = 0; i < nameTypePairs.length; i += 2) {
            m.put(nameTypePairs[i], nameTypePairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
