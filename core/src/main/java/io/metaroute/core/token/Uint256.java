package io.metaroute.core.token;

import io.metaroute.core.chain.InvalidValueException;
import java.math.BigInteger;

/** Checks and parses unsigned 256-bit integers, the only representation of money on chain. */
public final class Uint256 {
    public static final BigInteger MAX = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);

    private Uint256() {
    }

    public static BigInteger require(String field, BigInteger value) {
        if (value == null) {
            throw new InvalidValueException(field, "is required");
        }
        if (value.signum() < 0) {
            throw new InvalidValueException(field, "must not be negative, got " + value);
        }
        if (value.compareTo(MAX) > 0) {
            throw new InvalidValueException(field, "does not fit in uint256");
        }
        return value;
    }

    public static BigInteger requirePositive(String field, BigInteger value) {
        require(field, value);
        if (value.signum() == 0) {
            throw new InvalidValueException(field, "must be greater than zero");
        }
        return value;
    }

    /** Parses a decimal ("1000") or 0x-hex ("0x3e8") unsigned integer in base units. */
    public static BigInteger parse(String field, String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidValueException(field, "is required");
        }
        String t = text.trim();
        BigInteger value;
        try {
            if (t.startsWith("0x") || t.startsWith("0X")) {
                if (t.length() == 2 || t.length() > 66) {
                    throw new InvalidValueException(field, "is not a uint256 hex number: " + text);
                }
                value = new BigInteger(t.substring(2), 16);
            } else {
                if (t.length() > 80 || !t.matches("-?[0-9]+")) {
                    throw new InvalidValueException(field, "must be an integer in base units, got " + text);
                }
                value = new BigInteger(t);
            }
        } catch (NumberFormatException e) {
            throw new InvalidValueException(field, "is not a number: " + text);
        }
        return require(field, value);
    }
}
