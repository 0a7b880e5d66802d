// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// The read attestation digest, defined once for the router and the validators (Java's
/// `ReadAttestation.digest` computes the same bytes):
///
///     digest = keccak256(abi.encode(READ_TAG, bytes32 messageId, uint32 domain, uint256 blockNumber,
///                                   bytes32 blockHash, address target, bytes callData, bytes result))
///     signed = keccak256("\x19Ethereum Signed Message:\n32" ‖ digest)        (EIP-191)
///
/// with READ_TAG = keccak256("metaroute.metalayer.read.v1"), so a read signature can never be taken for
/// a checkpoint or snapshot signature. messageId is the Hyperlane message id, which binds the origin,
/// the destination and the whole Metalayer body (the reads included).
library MetalayerReads {
    bytes32 internal constant READ_TAG = keccak256("metaroute.metalayer.read.v1");
    /// secp256k1 n / 2: larger s values are the malleable twin of a valid signature.
    uint256 private constant HALF_N = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;

    function digest(bytes32 messageId, uint32 domain, uint256 blockNumber, bytes32 blockHash, address target,
        bytes memory callData, bytes memory result) internal pure returns (bytes32)
    {
        return keccak256(abi.encode(READ_TAG, messageId, domain, blockNumber, blockHash, target, callData, result));
    }

    function signedHash(bytes32 d) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked("\x19Ethereum Signed Message:\n32", d));
    }

    /// The signer of the `i`-th 65-byte signature in `signatures`; reverts on a malformed one.
    function signer(bytes32 hash, bytes calldata signatures, uint256 i) internal pure returns (address who) {
        bytes calldata sig = signatures[i * 65:i * 65 + 65];
        bytes32 r = bytes32(sig[0:32]);
        bytes32 s = bytes32(sig[32:64]);
        uint8 v = uint8(sig[64]);
        require(uint256(s) <= HALF_N, "MetalayerReads: malleable signature");
        require(v == 27 || v == 28, "MetalayerReads: bad signature v");
        who = ecrecover(hash, v, r, s);
        require(who != address(0), "MetalayerReads: bad signature");
    }
}
