package io.metaroute.core.intent;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.web3j.crypto.StructuredDataEncoder;

/**
 * What every pinned EIP-712 type of the project shares: ordered field lists, the settler domain, the
 * {@code eth_signTypedData_v4} object and its JSON, and the digest through web3j's
 * {@link StructuredDataEncoder}. Values are addresses, decimals, hashes or pinned constants, so the
 * JSON needs no escaping.
 */
public final class TypedDataJson {
    /** The domain every Metaroute settler signs under: name, version, chain id, the settler's address. */
    public static final Map<String, String> DOMAIN_FIELDS = fields(
            "name", "string", "version", "string", "chainId", "uint256", "verifyingContract", "address");

    private TypedDataJson() {
    }

    /** Field name to Solidity type, in the order given: {@code fields("maker", "address", "nonce", "uint256")}. */
    public static Map<String, String> fields(String... nameTypePairs) {
        var m = new LinkedHashMap<String, String>();
        for (int i = 0; i < nameTypePairs.length; i += 2) {
            m.put(nameTypePairs[i], nameTypePairs[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }

    public static Map<String, Object> domain(SigningDomain domain) {
        var d = new LinkedHashMap<String, Object>();
        d.put("name", domain.name());
        d.put("version", domain.version());
        d.put("chainId", Long.toString(domain.chainId().value()));
        d.put("verifyingContract", domain.verifyingContract().checksummed());
        return d;
    }

    /**
     * The full typed-data object: {@code types} (the domain's first, then {@code structs} in order, the
     * primary type among them), {@code primaryType}, {@code domain} and {@code message}.
     */
    public static Map<String, Object> of(String primaryType, Map<String, Map<String, String>> structs, SigningDomain domain,
                                         Map<String, Object> message) {
        var types = new LinkedHashMap<String, Object>();
        types.put("EIP712Domain", typeList(DOMAIN_FIELDS));
        structs.forEach((name, fields) -> types.put(name, typeList(fields)));
        var out = new LinkedHashMap<String, Object>();
        out.put("types", types);
        out.put("primaryType", primaryType);
        out.put("domain", domain(domain));
        out.put("message", message);
        return out;
    }

    /** {@code keccak256(0x1901 ‖ domainSeparator ‖ hashStruct(message))} of a typed-data object built by {@link #of}. */
    public static byte[] digest(Map<String, Object> typedData) {
        try {
            return new StructuredDataEncoder(json(typedData)).hashStructuredData();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("typed data could not be encoded", e);
        }
    }

    /** Maps, lists and scalars as JSON, every scalar a string. */
    @SuppressWarnings("unchecked")
    public static String json(Object v) {
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
}
