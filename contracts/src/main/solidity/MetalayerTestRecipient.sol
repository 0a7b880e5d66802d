// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ReadOperation} from "./MetalayerTypes.sol";
import {MetalayerRecipient} from "./MetalayerRecipient.sol";

/// Records every Metalayer message it receives, with its read results, for tests.
contract MetalayerTestRecipient is MetalayerRecipient {
    struct Received {
        uint32 origin;
        bytes32 sender;
        bytes message;
        uint256 reads;
        uint256 readResults;
    }

    mapping(uint256 => bytes[]) private results;

    Received[] private received;

    event MessageReceived(uint32 indexed origin, bytes32 indexed sender, bytes message);

    constructor(address router_) MetalayerRecipient(router_) {
    }

    function count() external view returns (uint256) {
        return received.length;
    }

    function receivedAt(uint256 i) external view returns (uint32 origin, bytes32 sender, bytes memory message,
        uint256 reads, uint256 readResults)
    {
        Received storage r = received[i];
        return (r.origin, r.sender, r.message, r.reads, r.readResults);
    }

    /// The `j`-th read result delivered with the `i`-th message.
    function readResultAt(uint256 i, uint256 j) external view returns (bytes memory) {
        return results[i][j];
    }

    function _handle(uint32 origin, bytes32 sender, bytes calldata message, ReadOperation[] calldata reads,
        bytes[] calldata readResults) internal override
    {
        bytes[] storage kept = results[received.length];
        for (uint256 j = 0; j < readResults.length; j++) {
            kept.push(readResults[j]);
        }
        received.push(Received(origin, sender, message, reads.length, readResults.length));
        emit MessageReceived(origin, sender, message);
    }
}
