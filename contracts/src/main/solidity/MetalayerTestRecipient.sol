// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ReadOperation} from "./MetalayerTypes.sol";
import {MetalayerRecipient} from "./MetalayerRecipient.sol";

/// Records every Metalayer message it receives, for tests.
contract MetalayerTestRecipient is MetalayerRecipient {
    struct Received {
        uint32 origin;
        bytes32 sender;
        bytes message;
        uint256 reads;
        uint256 readResults;
    }

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

    function _handle(uint32 origin, bytes32 sender, bytes calldata message, ReadOperation[] calldata reads,
        bytes[] calldata readResults) internal override
    {
        received.push(Received(origin, sender, message, reads.length, readResults.length));
        emit MessageReceived(origin, sender, message);
    }
}
