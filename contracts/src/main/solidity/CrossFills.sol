// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title CrossFills
/// @notice The destination's record of cross-rollup fills, which settlement messages read: per order whom the origin
///   repays, and per origin chain a log of the orders filled here in the order they were filled, so that a release
///   can name a range of it instead of every order.
abstract contract CrossFills {
    /// A fill on the destination: who the origin repays, when, its place in its origin's fill log (in the
    /// first slot with them), and how much the recipient got.
    struct FillRecord {
        address repayTo;
        uint64 filledAt;
        uint32 logIndex;
        uint256 amountOut;
    }

    mapping(bytes32 => FillRecord) public fills;
    /// Per origin chain, the orders filled here in the order they were filled: what {fillRange} reads.
    mapping(uint256 => bytes32[]) private fillLog;

    error FillLogFull();

    /// @dev Appends `orderId` to the fill log of `originChainId`, answering its index there.
    function _appendFill(uint256 originChainId, bytes32 orderId) internal returns (uint32 index) {
        bytes32[] storage log = fillLog[originChainId];
        if (log.length > type(uint32).max) revert FillLogFull();
        index = uint32(log.length);
        log.push(orderId);
    }

    /// @notice The block's timestamp and, per order, whom its fill repays (zero for an unfilled order): what
    ///         release and refund messages read, attested by the validators at one block.
    function fillStatus(bytes32[] calldata orderIds) external view returns (uint256 timestamp, address[] memory repayTo) {
        repayTo = new address[](orderIds.length);
        for (uint256 i = 0; i < orderIds.length; ++i) {
            repayTo[i] = fills[orderIds[i]].repayTo;
        }
        return (block.timestamp, repayTo);
    }

    /// @notice The block's timestamp, the length of the fill log of orders from `originChainId`, and its entries
    ///         [from, min(from + count, length)): what a release message reads, attested by the validators at one
    ///         block, so that the message names a range and not its orders. The entries are packed, in log order,
    ///         each a marker byte, then (marker 1) the 20-byte address its fill repays or (marker 0) nothing, the
    ///         payee being the previous entry's, then its 32-byte order id: a run of one filler's orders costs the
    ///         answer 33 bytes an order.
    function fillRange(uint256 originChainId, uint256 from, uint256 count) external view
        returns (uint256 timestamp, uint256 length, bytes memory entries)
    {
        bytes32[] storage log = fillLog[originChainId];
        length = log.length;
        uint256 n = from >= length ? 0 : length - from < count ? length - from : count;
        entries = new bytes(n * 53);
        uint256 at;
        address last;
        for (uint256 i = 0; i < n; ++i) {
            bytes32 id = log[from + i];
            address payee = fills[id].repayTo;
            // each write stays within the 53 bytes an entry may take
            if (i == 0 || payee != last) {
                assembly {
                    let ptr := add(add(entries, 32), at)
                    mstore8(ptr, 1)
                    mstore(add(ptr, 1), shl(96, payee))
                    mstore(add(ptr, 21), id)
                }
                at += 53;
                last = payee;
            } else {
                assembly {
                    let ptr := add(add(entries, 32), at)
                    mstore8(ptr, 0)
                    mstore(add(ptr, 1), id)
                }
                at += 33;
            }
        }
        assembly {
            mstore(entries, at)
        }
        return (block.timestamp, length, entries);
    }
}
