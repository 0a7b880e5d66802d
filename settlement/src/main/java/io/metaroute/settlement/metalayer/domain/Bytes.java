package io.metaroute.settlement.metalayer.domain;

import io.metaroute.core.chain.Address;
import java.util.Arrays;
import java.util.HexFormat;

/** Big-endian reads of fixed-size fields. */
final class Bytes {
    private Bytes() {
    }

    static long u32(byte[] b, int at) {
        return ((b[at] & 0xffL) << 24) | ((b[at + 1] & 0xffL) << 16) | ((b[at + 2] & 0xffL) << 8) | (b[at + 3] & 0xffL);
    }

    static void putU32(byte[] b, int at, long v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    /** The address in the low 20 bytes of the 32-byte word at {@code at}; the high 12 must be zero. */
    static Address address(byte[] b, int at) {
        for (int i = at; i < at + 12; i++) {
            if (b[i] != 0) {
                throw new IllegalArgumentException("bytes32 at " + at + " is not an address");
            }
        }
        return Address.of("0x" + HexFormat.of().formatHex(Arrays.copyOfRange(b, at + 12, at + 32)));
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.startsWith("0x") ? hex.substring(2) : hex);
    }
}
