package io.metaroute.api.intents;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaroute.api.problem.ApiProblem;
import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.chain.InvalidValueException;
import io.metaroute.core.intent.IntentTypedData;
import io.metaroute.core.intent.SigningDomain;
import io.metaroute.core.intent.SwapIntent;
import io.metaroute.core.token.Uint256;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads a wallet's {@code eth_signTypedData_v4} object strictly: the primary type and the types
 * must be ours to the letter, the message must have exactly our fields, each well-formed. What
 * the client sent is never hashed as it is; the intent is rebuilt and hashed with pinned types.
 */
final class TypedDataParser {
    private static final Set<String> AMOUNTS = Set.of("amountIn", "minAmountOut");

    private TypedDataParser() {
    }

    static SwapIntent message(JsonNode typedData) {
        if (typedData == null || !typedData.isObject()) {
            throw ApiProblem.badRequest("missing_field", "typedData", "typedData must be the EIP-712 object the wallet signed");
        }
        JsonNode primary = typedData.get("primaryType");
        if (primary == null || !IntentTypedData.PRIMARY_TYPE.equals(primary.asText())) {
            throw ApiProblem.badRequest("typed_data_mismatch", "typedData.primaryType", "primaryType must be SwapIntent");
        }
        checkTypes(typedData.get("types"));
        JsonNode m = typedData.get("message");
        if (m == null || !m.isObject()) {
            throw ApiProblem.badRequest("missing_field", "typedData.message", "typedData.message is required");
        }
        exactFields(m, IntentTypedData.MESSAGE_FIELDS, "typedData.message");
        try {
            return new SwapIntent(address(m, "user"), address(m, "recipient"), uint(m, "nonce"),
                chain(m, "originChainId"), chain(m, "destinationChainId"), address(m, "tokenIn"), uint(m, "amountIn"),
                    address(m, "tokenOut"), uint(m, "minAmountOut"), deadline(m));
        } catch (InvalidValueException e) {
            throw ApiProblem.badRequest("invalid_field", "typedData.message." + e.field(), e.getMessage());
        }
    }

    /** The client's domain must be exactly the settler's domain on the intent's origin chain. */
    static void checkDomain(JsonNode typedData, SigningDomain expected) {
        JsonNode d = typedData.get("domain");
        if (d == null || !d.isObject()) {
            throw ApiProblem.badRequest("missing_field", "typedData.domain", "typedData.domain is required");
        }
        exactFields(d, IntentTypedData.DOMAIN_FIELDS, "typedData.domain");
        Map<String, Object> want = IntentTypedData.domain(expected);
        for (var e : want.entrySet()) {
            String got = d.get(e.getKey()).asText();
            boolean same = switch (e.getKey()) {
                case "chainId" -> sameNumber(got, e.getValue().toString());
                case "verifyingContract" -> got.equalsIgnoreCase(e.getValue().toString());
                default -> got.equals(e.getValue());
            };
            if (!same) {
                throw ApiProblem.badRequest("domain_mismatch", "typedData.domain." + e.getKey(),
                        "signing domain " + e.getKey() + " must be " + e.getValue() + " for chain " + expected.chainId() + ", got " + got);
            }
        }
    }

    private static boolean sameNumber(String got, String want) {
        try {
            return Uint256.parse("chainId", got).equals(new BigInteger(want));
        } catch (InvalidValueException e) {
            return false;
        }
    }

    private static void checkTypes(JsonNode types) {
        if (types == null) {
            return; // optional: the server's pinned types are what is hashed
        }
        checkType(types, "EIP712Domain", IntentTypedData.DOMAIN_FIELDS);
        checkType(types, IntentTypedData.PRIMARY_TYPE, IntentTypedData.MESSAGE_FIELDS);
        if (types.size() != 2) {
            throw ApiProblem.badRequest("typed_data_mismatch", "typedData.types", "types must be exactly EIP712Domain and SwapIntent");
        }
    }

    private static void checkType(JsonNode types, String name, Map<String, String> fields) {
        JsonNode list = types.get(name);
        boolean ok = list != null && list.isArray() && list.size() == fields.size();
        if (ok) {
            int i = 0;
            for (var e : fields.entrySet()) {
                JsonNode f = list.get(i++);
                ok &= f != null && e.getKey().equals(f.path("name").asText()) && e.getValue().equals(f.path("type").asText());
            }
        }
        if (!ok) {
            throw ApiProblem.badRequest("typed_data_mismatch", "typedData.types." + name,
                    name + " must be declared exactly as " + fields);
        }
    }

    private static void exactFields(JsonNode node, Map<String, String> fields, String path) {
        for (String f : fields.keySet()) {
            JsonNode v = node.get(f);
            if (v == null || v.isNull()) {
                throw ApiProblem.badRequest("missing_field", path + "." + f, path + "." + f + " is required");
            }
            if (!v.isValueNode()) {
                throw ApiProblem.badRequest("invalid_field", path + "." + f, path + "." + f + " must be a string or a number");
            }
        }
        Set<String> extra = new HashSet<>();
        node.fieldNames().forEachRemaining(extra::add);
        extra.removeAll(fields.keySet());
        if (!extra.isEmpty()) {
            String f = extra.iterator().next();
            throw ApiProblem.badRequest("unknown_field", path + "." + f, path + "." + f + " is not part of " + path);
        }
    }

    private static Address address(JsonNode m, String f) {
        try {
            return Address.of(m.get(f).asText());
        } catch (InvalidValueException e) {
            throw ApiProblem.badRequest("invalid_address", "typedData.message." + f, "typedData.message." + f
                    + " must be 0x followed by exactly 40 hex digits, got " + m.get(f).asText());
        }
    }

    private static BigInteger uint(JsonNode m, String f) {
        String path = "typedData.message." + f;
        JsonNode v = m.get(f);
        String text = v.isNumber() ? v.numberValue().toString() : v.asText();
        if (v.isFloatingPointNumber()) {
            text = v.decimalValue().toPlainString();
        }
        try {
            BigInteger value = Uint256.parse(path, text);
            if (AMOUNTS.contains(f)) {
                Uint256.requirePositive(path, value);
            }
            return value;
        } catch (InvalidValueException e) {
            throw ApiProblem.badRequest(AMOUNTS.contains(f) ? "invalid_amount" : "invalid_field", path, e.getMessage());
        }
    }

    private static ChainId chain(JsonNode m, String f) {
        BigInteger v = uint(m, f);
        if (v.signum() == 0 || v.bitLength() > 62) {
            throw ApiProblem.badRequest("unknown_chain", "typedData.message." + f, "no chain has id " + v);
        }
        return ChainId.of(v.longValueExact());
    }

    private static long deadline(JsonNode m) {
        BigInteger v = uint(m, "deadline");
        if (v.bitLength() > 62) {
            throw ApiProblem.badRequest("deadline_too_far", "typedData.message.deadline", "deadline " + v + " is absurdly far away");
        }
        return v.longValueExact();
    }
}
