package io.metaroute.settlement.metalayer.domain;

import io.metaroute.core.chain.Domain;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * A guardian's picture of one rollup at one block: the block's number, hash and state root (the
 * brief's "latest page number"). Validators sign {@link #digest()} EIP-191-prefixed:
 * {@code keccak256(abi.encode(SNAPSHOT_TAG, uint32 domain, uint256 blockNumber, bytes32 blockHash,
 * bytes32 stateRoot))} with {@code SNAPSHOT_TAG = keccak256("metaroute.metalayer.snapshot.v1")}.
 */
public record StateSnapshot(Domain domain, long blockNumber, String blockHash, String stateRoot) {
    public static final byte[] SNAPSHOT_TAG = Hash.sha3("metaroute.metalayer.snapshot.v1".getBytes(StandardCharsets.US_ASCII));

    public StateSnapshot {
        Objects.requireNonNull(domain, "domain");
        if (blockNumber < 0) {
            throw new IllegalArgumentException("block number must not be negative, got " + blockNumber);
        }
        blockHash = Checkpoint.word(blockHash, "blockHash");
        stateRoot = Checkpoint.word(stateRoot, "stateRoot");
    }

    /** What a validator signs (before the EIP-191 prefix). */
    public byte[] digest() {
        String encoded = FunctionEncoder.encodeConstructor(List.of(new Bytes32(SNAPSHOT_TAG), new Uint32(domain.value()),
                new Uint256(blockNumber), new Bytes32(Numeric.hexStringToByteArray(blockHash)),
                new Bytes32(Numeric.hexStringToByteArray(stateRoot))));
        return Hash.sha3(Numeric.hexStringToByteArray(encoded));
    }
}
