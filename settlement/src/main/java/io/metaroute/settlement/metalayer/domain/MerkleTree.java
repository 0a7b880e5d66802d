package io.metaroute.settlement.metalayer.domain;

import org.web3j.crypto.Hash;

/**
 * The incremental Merkle tree of depth 32 that Hyperlane's MerkleTreeHook keeps (the eth2 deposit
 * contract's): leaves are message ids; {@link #root()} equals the hook's {@code root()} after the
 * same insertions. Validators rebuild it from {@code InsertedIntoTree} events to sign the root at
 * every index, not only the latest.
 */
public final class MerkleTree {
    public static final int DEPTH = 32;
    private static final byte[][] ZERO = new byte[DEPTH][];

    static {
        ZERO[0] = new byte[32];
        for (int i = 1; i < DEPTH; i++) {
            ZERO[i] = hashPair(ZERO[i - 1], ZERO[i - 1]);
        }
    }

    private final byte[][] branch = new byte[DEPTH][];
    private long count;

    public long count() {
        return count;
    }

    /** Appends a leaf (a message id, 32 bytes hex). */
    public void insert(String leaf) {
        byte[] node = Bytes.hex(Checkpoint.word(leaf, "leaf"));
        long size = ++count;
        for (int i = 0; i < DEPTH; i++) {
            if ((size & 1) == 1) {
                branch[i] = node;
                return;
            }
            node = hashPair(branch[i], node);
            size >>>= 1;
        }
        throw new IllegalStateException("Merkle tree full");
    }

    public String root() {
        byte[] current = new byte[32];
        for (int i = 0; i < DEPTH; i++) {
            if (((count >>> i) & 1) == 1) {
                current = hashPair(branch[i], current);
            } else {
                current = hashPair(current, ZERO[i]);
            }
        }
        return Checkpoint.hex(current);
    }

    private static byte[] hashPair(byte[] left, byte[] right) {
        byte[] packed = new byte[64];
        System.arraycopy(left, 0, packed, 0, 32);
        System.arraycopy(right, 0, packed, 32, 32);
        return Hash.sha3(packed);
    }
}
