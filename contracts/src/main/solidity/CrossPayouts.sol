// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {SwapSteps} from "./SwapSteps.sol";

/// @title CrossPayouts
/// @notice What one settlement message of the CrossSettler owes, summed per (token, payee) while its orders are
///   settled and paid at the end: one transfer per distinct payee instead of four per order, and each token's
///   protocol fees split 30% / 30% / 40% between the origin rollup, the destination rollup and the validators.
abstract contract CrossPayouts is SwapSteps {
    /// What one settlement message owes. `last` is the entry the previous order used: consecutive orders of one
    /// filler hit it at once; `token` the previous order's token, whose index is `tokenIndexPlusOne` - 1.
    struct Payouts {
        address[] tokens;
        address[] payees;
        uint256[] amounts;
        uint256[] fees;
        uint256 count;
        uint256 last;
        address token;
        uint256 tokenIndexPlusOne;
    }

    /// This rollup's share of fees goes here; the validators' share to {validatorFeeRecipient}.
    address public feeRecipient;
    address public validatorFeeRecipient;

    event Paid(address indexed token, address indexed payee, uint256 amount);
    /// The protocol fees of one settlement message in one token: each order's fee splits 30% / 30% / 40%
    /// (origin rollup, destination rollup, validators; both 30% shares rounded down), summed.
    event FeesPaid(address indexed token, uint256 destinationChainId, uint256 originShare, uint256 destinationShare,
        uint256 validatorShare);

    /// Room for `n` distinct (token, payee) entries.
    function _payouts(uint256 n) internal pure returns (Payouts memory) {
        return Payouts(new address[](n), new address[](n), new uint256[](n), new uint256[](n), 0, 0, address(0), 0);
    }

    function _owe(Payouts memory p, address token, address payee, uint256 amount, uint256 fee) internal pure {
        uint256 k = p.last;
        if (k >= p.count || p.tokens[k] != token || p.payees[k] != payee) {
            for (k = 0; k < p.count; ++k) {
                if (p.tokens[k] == token && p.payees[k] == payee) break;
            }
            if (k == p.count) {
                p.tokens[k] = token;
                p.payees[k] = payee;
                ++p.count;
            }
            p.last = k;
        }
        p.amounts[k] += amount;
        p.fees[k] += fee;
    }

    /// @dev Pays every payee its sum, then each token's fees, summed over the message and split 30% / 30% / 40%
    ///      (both 30% shares rounded down, the validators' share the rest).
    function _payAll(Payouts memory p, uint256 destination, address destinationFeeRecipient) internal {
        for (uint256 k = 0; k < p.count; ++k) {
            _pay(p.tokens[k], p.payees[k], p.amounts[k]);
            emit Paid(p.tokens[k], p.payees[k], p.amounts[k]);
        }
        for (uint256 k = 0; k < p.count; ++k) {
            uint256 fee = p.fees[k];
            if (fee == 0) continue;
            address token = p.tokens[k];
            for (uint256 j = k + 1; j < p.count; ++j) {
                if (p.tokens[j] == token) {
                    fee += p.fees[j];
                    p.fees[j] = 0;
                }
            }
            uint256 originShare = fee * 30 / 100;
            uint256 destinationShare = fee * 30 / 100;
            uint256 validatorShare = fee - originShare - destinationShare;
            _pay(token, feeRecipient, originShare);
            _pay(token, destinationFeeRecipient, destinationShare);
            _pay(token, validatorFeeRecipient, validatorShare);
            emit FeesPaid(token, destination, originShare, destinationShare, validatorShare);
        }
    }

    function _pay(address token, address to, uint256 amount) internal {
        if (amount != 0) _safeTransfer(token, to, amount);
    }
}
