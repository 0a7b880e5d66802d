package io.metaroute.api.intents;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaroute.api.input.Strict;
import io.metaroute.api.problem.ApiProblem;
import io.metaroute.api.problem.ErrorKind;
import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.chain.InvalidValueException;
import io.metaroute.core.intent.IntentTypedData;
import io.metaroute.core.intent.SigningDomain;
import io.metaroute.core.intent.SwapIntent;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Reads a wallet's {@code eth_signTypedData_v4} object strictly: the primary type and the types
 * must be ours to the letter, the message must have exactly our fields, each well-formed. What
 * the client sent is never hashed as it is; the intent is rebuilt and hashed with pinned types.
 * Message uint256 values are decimal strings (as ethers' payload and our quote write them);
 * addresses in mixed case must pass EIP-55; the domain's {@code chainId} may be a JSON integer
 * (as wallets write it) or a decimal string.
 */
final class TypedDataParser {
    private static final List<String> TYPED_DATA_FIELDS = List.of("types", "primaryType", "domain", "message");
    private static final String M = "typedData.message.";

    private TypedDataParser() {
    }

    static SwapIntent message(JsonNode typedData) {
        if (Strict.absent(typedData)) {
            throw ApiProblem.of(ErrorKind.MISSING_FIELD, "typedData", "typedData (the EIP-712 object the wallet signed) is required");
        }
        if (!typedData.isObject()) {
            throw ApiProblem.of(ErrorKind.INVALID_FIELD, "typedData", "typedData must be the EIP-712 object the wallet signed");
        }
        Strict.onlyFields(typedData, TYPED_DATA_FIELDS, "typedData");
        JsonNode primary = typedData.get("primaryType");
        if (primary == null || !primary.isTextual() || !IntentTypedData.PRIMARY_TYPE.equals(primary.textValue())) {
            throw ApiProblem.of(ErrorKind.TYPED_DATA_MISMATCH, "typedData.primaryType", "primaryType must be SwapIntent");
        }
        checkTypes(typedData.get("types"));
        JsonNode m = typedData.get("message");
        if (Strict.absent(m)) {
            throw ApiProblem.of(ErrorKind.MISSING_FIELD, "typedData.message", "typedData.message is required");
        }
        if (!m.isObject()) {
            throw ApiProblem.of(ErrorKind.INVALID_FIELD, "typedData.message", "typedData.message must be an object");
        }
        exactFields(m, IntentTypedData.MESSAGE_FIELDS, "typedData.message");
        try {
            return new SwapIntent(address(m, "user"), address(m, "recipient"), Strict.uint(m.get("nonce"), M + "nonce", ErrorKind.INVALID_FIELD),
                    chain(m, "originChainId"), chain(m, "destinationChainId"), address(m, "tokenIn"),
                    Strict.amount(m.get("amountIn"), M + "amountIn"), address(m, "tokenOut"),
                    Strict.amount(m.get("minAmountOut"), M + "minAmountOut"), deadline(m));
        } catch (InvalidValueException e) {
            ErrorKind kind = e.field().equals("recipient") ? ErrorKind.INVALID_RECIPIENT : ErrorKind.INVALID_FIELD;
            throw ApiProblem.of(kind, M + e.field(), M + e.getMessage());
        }
    }

    /** The client's domain must be exactly the settler's domain on the intent's origin chain. */
    static void checkDomain(JsonNode typedData, SigningDomain expected) {
        JsonNode d = typedData.get("domain");
        if (Strict.absent(d)) {
            throw ApiProblem.of(ErrorKind.MISSING_FIELD, "typedData.domain", "typedData.domain is required");
        }
        if (!d.isObject()) {
            throw ApiProblem.of(ErrorKind.INVALID_FIELD, "typedData.domain", "typedData.domain must be an object");
        }
        exactFields(d, IntentTypedData.DOMAIN_FIELDS, "typedData.domain");
        Map<String, Object> want = IntentTypedData.domain(expected);
        for (var e : want.entrySet()) {
            String path = "typedData.domain." + e.getKey();
            JsonNode got = d.get(e.getKey());
            boolean same = switch (e.getKey()) {
                case "chainId" -> domainChain(got).equals(new BigInteger(e.getValue().toString()));
                case "verifyingContract" -> Strict.address(got, path).equals(Address.of(e.getValue().toString()));
                default -> got.isTextual() && got.textValue().equals(e.getValue());
            };
            if (!same) {
                throw ApiProblem.of(ErrorKind.DOMAIN_MISMATCH, path,
                        "signing domain " + e.getKey() + " must be " + e.getValue() + " for chain " + expected.chainId() + ", got " + got);
            }
        }
    }

    /** Wallets write the domain's chainId as a JSON integer, our quote as a decimal string: both are read exactly. */
    private static BigInteger domainChain(JsonNode got) {
        if (got.isIntegralNumber()) {
            return got.bigIntegerValue();
        }
        return Strict.uint(got, "typedData.domain.chainId", ErrorKind.INVALID_FIELD);
    }

    private static void checkTypes(JsonNode types) {
        if (types == null) {
            return; // optional: the server's pinned types are what is hashed
        }
        if (!types.isObject()) {
            throw ApiProblem.of(ErrorKind.TYPED_DATA_MISMATCH, "typedData.types", "types must be exactly EIP712Domain and SwapIntent");
        }
        checkType(types, "EIP712Domain", IntentTypedData.DOMAIN_FIELDS);
        checkType(types, IntentTypedData.PRIMARY_TYPE, IntentTypedData.MESSAGE_FIELDS);
        if (types.size() != 2) {
            throw ApiProblem.of(ErrorKind.TYPED_DATA_MISMATCH, "typedData.types", "types must be exactly EIP712Domain and SwapIntent");
        }
    }

    private static void checkType(JsonNode types, String name, Map<String, String> fields) {
        JsonNode list = types.get(name);
        boolean ok = list != null && list.isArray() && list.size() == fields.size();
        if (ok) {
            int i = 0;
            for (var e : fields.entrySet()) {
                JsonNode f = list.get(i++);
                ok &= f != null && f.isObject() && f.size() == 2 && e.getKey().equals(f.path("name").asText())
                        && e.getValue().equals(f.path("type").asText());
            }
        }
        if (!ok) {
            throw ApiProblem.of(ErrorKind.TYPED_DATA_MISMATCH, "typedData.types." + name, name + " must be declared exactly as " + fields);
        }
    }

    private static void exactFields(JsonNode node, Map<String, String> fields, String path) {
        Strict.onlyFields(node, fields.keySet(), path);
        for (String f : fields.keySet()) {
            JsonNode v = node.get(f);
            if (Strict.absent(v)) {
                throw ApiProblem.of(ErrorKind.MISSING_FIELD, path + "." + f, path + "." + f + " is required");
            }
            if (!v.isValueNode()) {
                throw ApiProblem.of(ErrorKind.INVALID_FIELD, path + "." + f, path + "." + f + " must be a string");
            }
        }
    }

    private static Address address(JsonNode m, String f) {
        return Strict.address(m.get(f), M + f);
    }

    private static ChainId chain(JsonNode m, String f) {
        BigInteger v = Strict.uint(m.get(f), M + f, ErrorKind.INVALID_FIELD);
        if (v.signum() == 0 || v.bitLength() > 62) {
            throw ApiProblem.of(ErrorKind.UNKNOWN_CHAIN, M + f, "no chain has id " + v);
        }
        return ChainId.of(v.longValueExact());
    }

    private static long deadline(JsonNode m) {
        BigInteger v = Strict.uint(m.get("deadline"), M + "deadline", ErrorKind.INVALID_FIELD);
        if (v.bitLength() > 62) {
            throw ApiProblem.of(ErrorKind.DEADLINE_TOO_FAR, M + "deadline", "deadline " + v + " is absurdly far away");
        }
        return v.longValueExact();
    }
}
