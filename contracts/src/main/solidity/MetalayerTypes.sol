// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// How final the origin state must be before a message may be delivered.
enum FinalityState {
    INSTANT,
    FINALIZED
}

/// A static call on another rollup whose result is delivered with the message.
struct ReadOperation {
    uint32 domain;
    address target;
    bytes callData;
}

/// The validators' attestation of one read's result, supplied by the relayer at delivery: the block of
/// the read's rollup the read was executed at (a validator-signed state snapshot) and the validators'
/// signatures over the router's read digest, 65 bytes each (r | s | v), in ascending validator order.
struct ReadAttestation {
    uint256 blockNumber;
    bytes32 blockHash;
    bytes signatures;
}

/// What a Metalayer recipient implements; only the router of its rollup may call it.
interface IMetalayerRecipient {
    function handle(
        uint32 origin,
        bytes32 sender,
        bytes calldata message,
        ReadOperation[] calldata reads,
        bytes[] calldata readResults
    ) external payable;
}

/// The parts of Hyperlane's Mailbox the router uses.
interface IHyperlaneMailbox {
    function localDomain() external view returns (uint32);

    function dispatch(uint32 destinationDomain, bytes32 recipientAddress, bytes calldata messageBody,
        bytes calldata hookMetadata) external payable returns (bytes32);

    function quoteDispatch(uint32 destinationDomain, bytes32 recipientAddress, bytes calldata messageBody,
        bytes calldata hookMetadata) external view returns (uint256);

    function process(bytes calldata metadata, bytes calldata message) external payable;
}

/// Hyperlane's interchain security module interface.
interface IHyperlaneIsm {
    function moduleType() external view returns (uint8);

    function verify(bytes calldata metadata, bytes calldata message) external returns (bool);
}
