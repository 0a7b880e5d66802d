// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {FinalityState, ReadOperation} from "./MetalayerTypes.sol";

/// The Metalayer message, carried as the body of a Hyperlane message between routers:
/// version u8 | finality u8 | nonce u32 | origin u32 | sender bytes32 | destination u32 | recipient bytes32 |
/// readCount u32 | per read (domain u32 | target 20 bytes | length u32 | callData) | writeCallData.
/// Sender and recipient are the application contracts on both ends, not the routers.
library MetalayerMessage {
    uint8 internal constant VERSION = 1;
    uint256 internal constant HEADER = 78;

    struct Decoded {
        FinalityState finality;
        uint32 nonce;
        uint32 origin;
        bytes32 sender;
        uint32 destination;
        address recipient;
        ReadOperation[] reads;
        bytes writeCallData;
    }

    function header(FinalityState finality, uint32 nonce, uint32 origin, address sender, uint32 destination,
        address recipient) internal pure returns (bytes memory)
    {
        return abi.encodePacked(VERSION, uint8(finality), nonce, origin, bytes32(uint256(uint160(sender))),
            destination, bytes32(uint256(uint160(recipient))));
    }

    function withPayload(bytes memory head, ReadOperation[] calldata reads, bytes calldata writeCallData)
        internal pure returns (bytes memory out)
    {
        out = abi.encodePacked(head, uint32(reads.length));
        for (uint256 i = 0; i < reads.length; i++) {
            out = abi.encodePacked(out, reads[i].domain, reads[i].target, uint32(reads[i].callData.length),
                reads[i].callData);
        }
        out = abi.encodePacked(out, writeCallData);
    }

    function decode(bytes calldata m) internal pure returns (Decoded memory d) {
        require(m.length >= HEADER + 4, "MetalayerMessage: too short");
        require(uint8(m[0]) == VERSION, "MetalayerMessage: bad version");
        require(uint8(m[1]) <= uint8(FinalityState.FINALIZED), "MetalayerMessage: bad finality");
        d.finality = FinalityState(uint8(m[1]));
        d.nonce = uint32(bytes4(m[2:6]));
        d.origin = uint32(bytes4(m[6:10]));
        d.sender = bytes32(m[10:42]);
        d.destination = uint32(bytes4(m[42:46]));
        bytes32 recipient = bytes32(m[46:78]);
        require(uint256(recipient) >> 160 == 0, "MetalayerMessage: bad recipient");
        d.recipient = address(uint160(uint256(recipient)));
        uint256 count = uint32(bytes4(m[78:82]));
        uint256 at = HEADER + 4;
        d.reads = new ReadOperation[](count);
        for (uint256 i = 0; i < count; i++) {
            require(m.length >= at + 28, "MetalayerMessage: truncated read");
            uint32 domain = uint32(bytes4(m[at:at + 4]));
            address target = address(bytes20(m[at + 4:at + 24]));
            uint256 length = uint32(bytes4(m[at + 24:at + 28]));
            at += 28;
            require(m.length >= at + length, "MetalayerMessage: truncated call data");
            d.reads[i] = ReadOperation(domain, target, m[at:at + length]);
            at += length;
        }
        d.writeCallData = m[at:];
    }
}
