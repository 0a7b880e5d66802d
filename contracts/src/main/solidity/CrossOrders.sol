// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// ERC-7683's order types, as the standard defines them.
struct GaslessCrossChainOrder {
    address originSettler;
    address user;
    uint256 nonce;
    uint256 originChainId;
    uint32 openDeadline;
    uint32 fillDeadline;
    bytes32 orderDataType;
    bytes orderData;
}

struct Output {
    bytes32 token;
    uint256 amount;
    bytes32 recipient;
    uint256 chainId;
}

struct FillInstruction {
    uint256 destinationChainId;
    bytes32 destinationSettler;
    bytes originData;
}

struct ResolvedCrossChainOrder {
    address user;
    uint256 originChainId;
    uint32 openDeadline;
    uint32 fillDeadline;
    bytes32 orderId;
    Output[] maxSpent;
    Output[] minReceived;
    FillInstruction[] fillInstructions;
}

/// Metaroute's `orderData`: what the user gives on the origin, what the recipient must receive at least
/// on the destination, how final the origin must be before the solver fills, and the protocol fee (in
/// parts per 10,000 of the escrow, taken from the filler's repayment, never from the user's minimum).
struct MetarouteOrder {
    address tokenIn;
    uint256 amountIn;
    uint256 destinationChainId;
    address tokenOut;
    uint256 minAmountOut;
    address recipient;
    uint8 finality;
    uint16 feeBps;
}

/// What the destination settler is asked to fill: `FillInstruction.originData` is its ABI encoding, and
/// the order id is the keccak256 of those bytes, so the destination can check what it fills without
/// trusting whoever hands it the bytes.
struct FillOrder {
    uint256 originChainId;
    address originSettler;
    address user;
    uint256 nonce;
    uint32 fillDeadline;
    uint256 destinationChainId;
    address tokenOut;
    uint256 minAmountOut;
    address recipient;
    uint8 finality;
}

/// EIP-712 hashing of a Metaroute order. The user signs the `GaslessCrossChainOrder` with its
/// `orderData` typed as the `MetarouteOrder` it encodes, so that a wallet shows every term it signs.
library CrossOrders {
    bytes internal constant ORDER_TYPE = "MetarouteOrder(address tokenIn,uint256 amountIn,uint256 destinationChainId,"
        "address tokenOut,uint256 minAmountOut,address recipient,uint8 finality,uint16 feeBps)";
    bytes32 internal constant ORDER_TYPEHASH = keccak256(ORDER_TYPE);
    bytes32 internal constant GASLESS_ORDER_TYPEHASH = keccak256(abi.encodePacked(
        "GaslessCrossChainOrder(address originSettler,address user,uint256 nonce,uint256 originChainId,"
        "uint32 openDeadline,uint32 fillDeadline,bytes32 orderDataType,MetarouteOrder orderData)", ORDER_TYPE));
    bytes32 private constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");

    function domainSeparator(address settler) internal view returns (bytes32) {
        return keccak256(abi.encode(DOMAIN_TYPEHASH, keccak256("Metaroute"), keccak256("1"), block.chainid, settler));
    }

    /// `keccak256(0x1901 ‖ domainSeparator ‖ hashStruct(order))`, with `orderData` decoded as `data`.
    function digest(GaslessCrossChainOrder calldata order, MetarouteOrder memory data, address settler)
        internal view returns (bytes32)
    {
        bytes32 dataHash = keccak256(abi.encode(ORDER_TYPEHASH, data));
        bytes32 structHash = keccak256(abi.encode(GASLESS_ORDER_TYPEHASH, order.originSettler, order.user, order.nonce,
            order.originChainId, order.openDeadline, order.fillDeadline, order.orderDataType, dataHash));
        return keccak256(abi.encodePacked(hex"1901", domainSeparator(settler), structHash));
    }

    function fillOrder(GaslessCrossChainOrder calldata order, MetarouteOrder memory data)
        internal pure returns (FillOrder memory)
    {
        return FillOrder(order.originChainId, order.originSettler, order.user, order.nonce, order.fillDeadline,
            data.destinationChainId, data.tokenOut, data.minAmountOut, data.recipient, data.finality);
    }

    function word(address a) internal pure returns (bytes32) {
        return bytes32(uint256(uint160(a)));
    }
}
