// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {FinalityState, IHyperlaneIsm} from "./MetalayerTypes.sol";

/// A routing ISM for Metalayer messages: verifies with the multisig ISM configured for the message's
/// origin and the finality byte of its Metalayer body (Hyperlane body at offset 77, finality at 78).
contract FinalityIsm is IHyperlaneIsm {
    uint8 private constant ROUTING = 1;
    uint256 private constant ORIGIN_OFFSET = 5;
    uint256 private constant FINALITY_OFFSET = 78;

    address public owner;
    mapping(uint32 => mapping(FinalityState => IHyperlaneIsm)) private modules;

    event ModulesSet(uint32 indexed origin, address instant, address finalized);

    constructor(address owner_) {
        owner = owner_;
    }

    function setModules(uint32 origin, address instant, address finalized) external {
        require(msg.sender == owner, "FinalityIsm: not the owner");
        modules[origin][FinalityState.INSTANT] = IHyperlaneIsm(instant);
        modules[origin][FinalityState.FINALIZED] = IHyperlaneIsm(finalized);
        emit ModulesSet(origin, instant, finalized);
    }

    function moduleType() external pure returns (uint8) {
        return ROUTING;
    }

    function module(uint32 origin, FinalityState finality) external view returns (address) {
        return address(modules[origin][finality]);
    }

    /// The ISM that verifies the message; reverts if there is none.
    function route(bytes calldata message) public view returns (IHyperlaneIsm ism) {
        require(message.length > FINALITY_OFFSET, "FinalityIsm: not a Metalayer message");
        uint32 origin = uint32(bytes4(message[ORIGIN_OFFSET:ORIGIN_OFFSET + 4]));
        uint8 finality = uint8(message[FINALITY_OFFSET]);
        require(finality <= uint8(FinalityState.FINALIZED), "FinalityIsm: bad finality");
        ism = modules[origin][FinalityState(finality)];
        require(address(ism) != address(0), "FinalityIsm: no ISM for origin");
    }

    function verify(bytes calldata metadata, bytes calldata message) external returns (bool) {
        return route(message).verify(metadata, message);
    }
}
