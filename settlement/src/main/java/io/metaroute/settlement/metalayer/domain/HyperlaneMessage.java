package io.metaroute.settlement.metalayer.domain;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.Domain;
import java.util.Arrays;
import java.util.HexFormat;
import org.web3j.crypto.Hash;

/**
 * A Hyperlane message as dispatched: {@code version u8 | nonce u32 | origin u32 | sender bytes32 |
 * destination u32 | recipient bytes32 | body}; its id is the keccak-256 of the whole.
 */
public final class HyperlaneMessage {
    public static final int VERSION = 3;
    public static final int BODY_OFFSET = 77;

    private final byte[] raw;

    private HyperlaneMessage(byte[] raw) {
        this.raw = raw;
    }

    public static HyperlaneMessage of(byte[] raw) {
        if (raw.length < BODY_OFFSET) {
            throw new IllegalArgumentException("a Hyperlane message has at least " + BODY_OFFSET + " bytes, got " + raw.length);
        }
        return new HyperlaneMessage(raw.clone());
    }

    public byte[] raw() {
        return raw.clone();
    }

    public int version() {
        return raw[0] & 0xff;
    }

    public long nonce() {
        return Bytes.u32(raw, 1);
    }

    public Domain origin() {
        return Domain.of(Bytes.u32(raw, 5));
    }

    public byte[] sender() {
        return Arrays.copyOfRange(raw, 9, 41);
    }

    public Domain destination() {
        return Domain.of(Bytes.u32(raw, 41));
    }

    public Address recipient() {
        return Bytes.address(raw, 45);
    }

    public byte[] body() {
        return Arrays.copyOfRange(raw, BODY_OFFSET, raw.length);
    }

    /** keccak-256 of the message, as hex with {@code 0x}. */
    public String id() {
        return "0x" + HexFormat.of().formatHex(Hash.sha3(raw));
    }

    /** The same message with one byte of the body changed: what a tampering relayer would deliver. */
    public HyperlaneMessage withBodyByteFlipped(int bodyIndex) {
        byte[] copy = raw.clone();
        copy[BODY_OFFSET + bodyIndex] ^= 0x01;
        return new HyperlaneMessage(copy);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HyperlaneMessage m && Arrays.equals(raw, m.raw);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return "HyperlaneMessage[" + id() + " " + origin() + "->" + destination() + " nonce " + nonce() + "]";
    }
}
