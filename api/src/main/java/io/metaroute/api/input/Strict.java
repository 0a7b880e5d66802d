package io.metaroute.api.input;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaroute.api.problem.ApiProblem;
import io.metaroute.api.problem.ErrorKind;
import io.metaroute.core.chain.Address;
import io.metaroute.core.token.Uint256;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Iterator;
import java.util.regex.Pattern;
import org.web3j.crypto.Keys;

/**
 * The intake rules every endpoint and the WebSocket stream share, so the same input gets the same
 * answer everywhere: uint256 values are decimal strings of digits (no {@code 0x}, sign, fraction,
 * exponent, whitespace or JSON number); integers that are not money are JSON integers; an empty
 * string is never "the default"; an address in mixed case must carry a valid EIP-55 checksum; a
 * field that is not ours is refused by name.
 */
public final class Strict {
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,78}");
    private static final Pattern HEX_ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

    private Strict() {
    }

    /** Refuses the first field of {@code node} not in {@code allowed}, naming it under {@code prefix}. */
    public static void onlyFields(JsonNode node, Collection<String> allowed, String prefix) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                String path = prefix == null ? name : prefix + "." + name;
                throw ApiProblem.of(ErrorKind.UNKNOWN_FIELD, path, path + " is not part of " + (prefix == null ? "this request" : prefix)
                        + "; expected only " + String.join(", ", allowed));
            }
        }
    }

    /** Absent and JSON null are the same: the field was not given. */
    public static boolean absent(JsonNode v) {
        return v == null || v.isNull() || v.isMissingNode();
    }

    /**
     * A uint256 as a JSON string of decimal digits. {@code kind} is the kind of a value of the wrong
     * form ({@link ErrorKind#INVALID_AMOUNT} for money, {@link ErrorKind#INVALID_FIELD} otherwise).
     */
    public static BigInteger uint(JsonNode v, String path, ErrorKind kind) {
        if (absent(v)) {
            throw ApiProblem.of(ErrorKind.MISSING_FIELD, path, path + " is required");
        }
        if (!v.isTextual()) {
            throw ApiProblem.of(kind, path, path + " must be a string of decimal digits in base units (e.g. \"1000000\"), got the JSON "
                    + v.getNodeType().name().toLowerCase() + " " + abbreviated(v.toString()));
        }
        return uint(v.textValue(), path, kind);
    }

    /** A uint256 written as decimal digits, e.g. a query parameter. */
    public static BigInteger uint(String text, String path, ErrorKind kind) {
        if (text == null) {
            throw ApiProblem.of(ErrorKind.MISSING_FIELD, path, path + " is required");
        }
        if (!DIGITS.matcher(text).matches()) {
            throw ApiProblem.of(kind, path, path + " must be a non-negative integer in base units written in decimal digits"
                    + " (no 0x, sign, fraction or spaces), got \"" + abbreviated(text) + "\"");
        }
        BigInteger value = new BigInteger(text);
        if (value.compareTo(Uint256.MAX) > 0) {
            throw ApiProblem.of(kind, path, path + " does not fit in uint256");
        }
        return value;
    }

    /** A positive amount in base units. */
    public static BigInteger amount(JsonNode v, String path) {
        return positive(uint(v, path, ErrorKind.INVALID_AMOUNT), path);
    }

    public static BigInteger amount(String text, String path) {
        return positive(uint(text, path, ErrorKind.INVALID_AMOUNT), path);
    }

    private static BigInteger positive(BigInteger v, String path) {
        if (v.signum() == 0) {
            throw ApiProblem.of(ErrorKind.INVALID_AMOUNT, path, path + " must be greater than zero");
        }
        return v;
    }

    /** A JSON integer (not a string, not a fraction such as 1.5 or 50.0) that fits in a long. */
    public static long integer(JsonNode v, String path) {
        if (absent(v)) {
            throw ApiProblem.of(ErrorKind.MISSING_FIELD, path, path + " is required");
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw ApiProblem.of(ErrorKind.INVALID_FIELD, path, path + " must be a JSON integer, got " + abbreviated(v.toString()));
        }
        return v.longValue();
    }

    /** A non-empty JSON string. */
    public static String text(JsonNode v, String path) {
        if (absent(v)) {
            throw ApiProblem.of(ErrorKind.MISSING_FIELD, path, path + " is required");
        }
        if (!v.isTextual()) {
            throw ApiProblem.of(ErrorKind.INVALID_FIELD, path, path + " must be a JSON string, got " + abbreviated(v.toString()));
        }
        if (v.textValue().isEmpty()) {
            throw ApiProblem.of(ErrorKind.INVALID_FIELD, path, path + " must not be empty (leave the field out for its default)");
        }
        return v.textValue();
    }

    /** An address: 0x and 40 hex digits; all lower or all upper case, or exactly the EIP-55 checksummed form. */
    public static Address address(String text, String path) {
        if (text == null) {
            throw ApiProblem.of(ErrorKind.MISSING_FIELD, path, path + " is required");
        }
        if (!HEX_ADDRESS.matcher(text).matches()) {
            throw ApiProblem.of(ErrorKind.INVALID_ADDRESS, path, path + " must be 0x followed by exactly 40 hex digits, got \""
                    + abbreviated(text) + "\"");
        }
        String digits = text.substring(2);
        boolean mixed = !digits.equals(digits.toLowerCase()) && !digits.equals(digits.toUpperCase());
        if (mixed && !Keys.toChecksumAddress(text).substring(2).equals(digits)) {
            throw ApiProblem.of(ErrorKind.INVALID_ADDRESS, path, path + " " + text
                    + " fails its EIP-55 checksum (mixed case must be exactly " + Keys.toChecksumAddress(text) + "); a typo is likely");
        }
        return Address.of(text);
    }

    public static Address address(JsonNode v, String path) {
        if (absent(v)) {
            throw ApiProblem.of(ErrorKind.MISSING_FIELD, path, path + " is required");
        }
        if (!v.isTextual()) {
            throw ApiProblem.of(ErrorKind.INVALID_ADDRESS, path, path + " must be a JSON string 0x + 40 hex digits, got " + abbreviated(v.toString()));
        }
        return address(v.textValue(), path);
    }

    static String abbreviated(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
