package io.metaroute.core.chain;

import java.util.Locale;
import java.util.regex.Pattern;
import org.web3j.crypto.Keys;

/** A 20-byte EVM address, held in lower case; {@link #checksummed()} gives the EIP-55 form. */
public record Address(String hex) {
    private static final Pattern FORMAT = Pattern.compile("0x[0-9a-fA-F]{40}");
    public static final Address ZERO = new Address("0x0000000000000000000000000000000000000000");

    public Address {
        if (hex == null || !FORMAT.matcher(hex).matches()) {
            throw new InvalidValueException("address", "must be 0x followed by exactly 40 hex digits, got " + hex);
        }
        hex = hex.toLowerCase(Locale.ROOT);
    }

    public static Address of(String hex) {
        return new Address(hex);
    }

    public String checksummed() {
        return Keys.toChecksumAddress(hex);
    }

    public boolean isZero() {
        return this.equals(ZERO);
    }

    @Override
    public String toString() {
        return hex;
    }
}
