package io.metaroute.settlement.metalayer.domain;

import java.util.List;
import java.util.Objects;

/**
 * What the router's {@code deliverWithReads} takes for one read ({@code ReadAttestation(uint256
 * blockNumber, bytes32 blockHash, bytes signatures)} in Solidity): the attested block and the
 * validators' 65-byte signatures concatenated in the order given (the router wants ascending
 * validator order).
 */
public record ReadProof(long blockNumber, String blockHash, byte[] signatures) {
    public ReadProof {
        blockHash = Checkpoint.word(blockHash, "blockHash");
        signatures = signatures.clone();
    }

    @Override
    public byte[] signatures() {
        return signatures.clone();
    }

    /** The proof of attestations that agree (same message, block and result), in the order given. */
    public static ReadProof of(List<ReadAttestation> attestations) {
        if (attestations.isEmpty()) {
            throw new IllegalArgumentException("no attestations");
        }
        ReadAttestation first = attestations.get(0);
        byte[] sigs = new byte[65 * attestations.size()];
        for (int i = 0; i < attestations.size(); i++) {
            ReadAttestation a = attestations.get(i);
            if (!a.sameAs(first)) {
                throw new IllegalArgumentException("attestation " + i + " disagrees with the first: block " + a.blockNumber()
                        + " vs " + first.blockNumber());
            }
            byte[] sig = Bytes.hex(a.signature());
            if (sig.length != 65) {
                throw new IllegalArgumentException("a signature has 65 bytes, got " + sig.length);
            }
            System.arraycopy(sig, 0, sigs, 65 * i, 65);
        }
        return new ReadProof(first.blockNumber(), first.blockHash(), sigs);
    }

    /** The same proof with other signature bytes. */
    public ReadProof withSignatures(byte[] other) {
        return new ReadProof(blockNumber, blockHash, Objects.requireNonNull(other));
    }
}
