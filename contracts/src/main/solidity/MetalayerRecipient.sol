// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ReadOperation, IMetalayerRecipient} from "./MetalayerTypes.sol";

/// Base of contracts that receive Metalayer messages: only the rollup's router may deliver.
abstract contract MetalayerRecipient is IMetalayerRecipient {
    address public immutable router;

    constructor(address router_) {
        router = router_;
    }

    function handle(uint32 origin, bytes32 sender, bytes calldata message, ReadOperation[] calldata reads,
        bytes[] calldata readResults) external payable
    {
        require(msg.sender == router, "MetalayerRecipient: not the router");
        _handle(origin, sender, message, reads, readResults);
    }

    function _handle(uint32 origin, bytes32 sender, bytes calldata message, ReadOperation[] calldata reads,
        bytes[] calldata readResults) internal virtual;
}
