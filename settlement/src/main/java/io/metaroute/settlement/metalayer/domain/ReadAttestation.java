package io.metaroute.settlement.metalayer.domain;

import io.metaroute.core.chain.Address;
import io.metaroute.settlement.metalayer.domain.MetalayerBody.ReadOperation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * One validator's attestation of one read of a message: the read ran at {@code blockNumber} (hash
 * {@code blockHash}) of the read's rollup and returned {@code result}. The digest is the router's
 * (MetalayerReads.sol), signed EIP-191-prefixed: {@code keccak256(abi.encode(READ_TAG, bytes32
 * messageId, uint32 domain, uint256 blockNumber, bytes32 blockHash, address target, bytes callData,
 * bytes result))}, {@code READ_TAG = keccak256("metaroute.metalayer.read.v1")}.
 */
public record ReadAttestation(String messageId, ReadOperation read, long blockNumber, String blockHash, byte[] result,
                              Address validator, String signature) {
    public static final byte[] READ_TAG = Hash.sha3("metaroute.metalayer.read.v1".getBytes(StandardCharsets.US_ASCII));

    public ReadAttestation {
        messageId = Checkpoint.word(messageId, "messageId");
        Objects.requireNonNull(read, "read");
        blockHash = Checkpoint.word(blockHash, "blockHash");
        result = result.clone();
        Objects.requireNonNull(validator, "validator");
        Objects.requireNonNull(signature, "signature");
    }

    @Override
    public byte[] result() {
        return result.clone();
    }

    public byte[] digest() {
        return digest(messageId, read, blockNumber, blockHash, result);
    }

    /** What validators sign for a read (before the EIP-191 prefix). */
    public static byte[] digest(String messageId, ReadOperation read, long blockNumber, String blockHash, byte[] result) {
        String encoded = FunctionEncoder.encodeConstructor(List.of(new Bytes32(READ_TAG),
                new Bytes32(Numeric.hexStringToByteArray(messageId)), new Uint32(read.domain().value()),
                new Uint256(blockNumber), new Bytes32(Numeric.hexStringToByteArray(blockHash)),
                new org.web3j.abi.datatypes.Address(read.target().hex()), new DynamicBytes(read.callData()),
                new DynamicBytes(result)));
        return Hash.sha3(Numeric.hexStringToByteArray(encoded));
    }

    /** Whether two attestations are of the same result at the same block (and so aggregate). */
    public boolean sameAs(ReadAttestation o) {
        return messageId.equals(o.messageId) && blockNumber == o.blockNumber && blockHash.equals(o.blockHash)
                && java.util.Arrays.equals(result, o.result);
    }
}
