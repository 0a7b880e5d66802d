package io.metaroute.settlement.metalayer.domain;

import java.util.List;

/**
 * Metadata of Hyperlane's message-id multisig ISM: {@code merkleTreeHook (32) | root (32) | index (4) |
 * signatures (65 bytes each, in the ISM's validator order)}.
 */
public final class IsmMetadata {
    private IsmMetadata() {
    }

    public static byte[] messageIdMultisig(Checkpoint checkpoint, List<SignedCheckpoint> signatures) {
        byte[] out = new byte[68 + 65 * signatures.size()];
        System.arraycopy(Bytes.hex(checkpoint.merkleTreeHook().hex()), 0, out, 12, 20);
        System.arraycopy(Bytes.hex(checkpoint.root()), 0, out, 32, 32);
        Bytes.putU32(out, 64, checkpoint.index());
        for (int i = 0; i < signatures.size(); i++) {
            SignedCheckpoint s = signatures.get(i);
            if (!s.checkpoint().equals(checkpoint)) {
                throw new IllegalArgumentException("signature " + i + " is over another checkpoint: " + s.checkpoint());
            }
            System.arraycopy(Bytes.hex(s.signature()), 0, out, 68 + 65 * i, 65);
        }
        return out;
    }
}
