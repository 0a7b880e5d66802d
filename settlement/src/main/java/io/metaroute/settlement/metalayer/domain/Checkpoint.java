package io.metaroute.settlement.metalayer.domain;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.Domain;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Objects;
import org.web3j.crypto.Hash;

/**
 * A MerkleTreeHook checkpoint of an origin rollup: the tree's root after inserting leaf {@code index},
 * whose leaf is {@code messageId}. Validators sign {@link #digest()} EIP-191-prefixed:
 * {@code keccak256(domainHash ‖ root ‖ uint32 index ‖ messageId)} with
 * {@code domainHash = keccak256(uint32 origin ‖ bytes32 merkleTreeHook ‖ "HYPERLANE")}.
 */
public record Checkpoint(Domain origin, Address merkleTreeHook, String root, long index, String messageId) {
    public Checkpoint {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(merkleTreeHook, "merkleTreeHook");
        root = word(root, "root");
        messageId = word(messageId, "messageId");
        if (index < 0 || index > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("index must fit in uint32, got " + index);
        }
    }

    public byte[] domainHash() {
        byte[] packed = new byte[4 + 32 + 9];
        Bytes.putU32(packed, 0, origin.value());
        System.arraycopy(Bytes.hex(merkleTreeHook.hex()), 0, packed, 4 + 12, 20);
        System.arraycopy("HYPERLANE".getBytes(StandardCharsets.US_ASCII), 0, packed, 36, 9);
        return Hash.sha3(packed);
    }

    /** What a validator signs (before the EIP-191 prefix). */
    public byte[] digest() {
        byte[] packed = new byte[32 + 32 + 4 + 32];
        System.arraycopy(domainHash(), 0, packed, 0, 32);
        System.arraycopy(Bytes.hex(root), 0, packed, 32, 32);
        Bytes.putU32(packed, 64, index);
        System.arraycopy(Bytes.hex(messageId), 0, packed, 68, 32);
        return Hash.sha3(packed);
    }

    static String word(String hex, String what) {
        Objects.requireNonNull(hex, what);
        String h = hex.startsWith("0x") ? hex.substring(2) : hex;
        if (!h.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException(what + " must be 32 bytes of hex, got " + hex);
        }
        return "0x" + h.toLowerCase(java.util.Locale.ROOT);
    }

    static String hex(byte[] b) {
        return "0x" + HexFormat.of().formatHex(b);
    }
}
