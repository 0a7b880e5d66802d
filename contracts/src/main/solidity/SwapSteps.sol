// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

interface IERC20Minimal {
    function balanceOf(address holder) external view returns (uint256);
}

interface IUniswapV2PairMinimal {
    function token0() external view returns (address);
    function token1() external view returns (address);
    function getReserves() external view returns (uint112 reserve0, uint112 reserve1, uint32 blockTimestampLast);
    function swap(uint256 amount0Out, uint256 amount1Out, address to, bytes calldata data) external;
}

/// @title SwapSteps
/// @notice What Metaroute's settlers share: programs of Uniswap V2 swaps, token transfers that check their
///         result, and the check of a user's secp256k1 signature.
/// @dev A program is a list of steps run in order. The settler keeps, in memory, how much of each token
///      it holds; it starts with `amountIn` of `tokenIn`. Each step sells `share` parts in 1e18 of what is
///      held of its `tokenIn` (`held * share / 1e18`, rounded down; the whole held amount when
///      `share == 1e18`) through one pair, and adds the pair's output to what is held of its `tokenOut`.
///      Every amount of the program's `tokenOut` bought goes to its recipient; when the program ends
///      nothing else may be left. Off-chain, core's `RouteReplay` runs the same rule to the wei.
abstract contract SwapSteps {
    /// @notice One swap of a program: sell `share`/1e18 of the held `tokenIn` for `tokenOut` in `pool`.
    struct Step {
        address pool;
        address tokenIn;
        address tokenOut;
        uint256 share;
    }

    /// @dev secp256k1n / 2: larger s values are the malleable twin of a valid signature.
    uint256 private constant HALF_CURVE_ORDER = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;
    /// @dev A share of 1e18 parts sells everything held of a token.
    uint256 internal constant ALL = 1e18;

    error InvalidSignature();
    error InvalidPath();
    error TransferFailed();

    function _requireSignedBy(bytes32 digest, bytes calldata signature, address user) internal pure {
        if (signature.length != 65) revert InvalidSignature();
        bytes32 r = bytes32(signature[0:32]);
        bytes32 s = bytes32(signature[32:64]);
        uint8 v = uint8(signature[64]);
        if (v != 27 && v != 28) revert InvalidSignature();
        if (uint256(s) > HALF_CURVE_ORDER) revert InvalidSignature();
        address signer = ecrecover(digest, v, r, s);
        if (signer == address(0) || signer != user) revert InvalidSignature();
    }

    /// @dev What the settler holds while a program runs: the tokens seen so far and the amount of each, by
    ///      index. In `fill` there is at most one new token per step and its `tokenOut` is never held (it is
    ///      paid out as it is bought); in `settle` every intent's input and every step's output is held.
    struct Holdings {
        address[] tokens;
        uint256[] amounts;
        uint256 known;
    }

    /// @dev Runs `steps` starting from `amountIn` of `tokenIn`, which the settler holds.
    ///      Whatever a step buys of `tokenOut` its pair pays straight to the recipient; what it buys for a
    ///      next step that sells everything held of that token in another pair, its pair pays straight to
    ///      that pair (the settler sends only what it already held); anything else comes to the settler.
    ///      Amounts are exactly those of swapping everything through the settler, in fewer transfers.
    ///      Reverts `InvalidPath` on a step whose share is 0 or more than 1e18, that sells `tokenOut` or a
    ///      token not held, that would sell or buy nothing, or whose pair does not trade its two tokens;
    ///      and when any token but `tokenOut` is left in the settler at the end.
    function _run(address tokenIn, uint256 amountIn, address tokenOut, address recipient, Step[] calldata steps)
        internal
    {
        uint256 n = steps.length;
        Holdings memory h = Holdings(new address[](n + 1), new uint256[](n + 1), 1);
        h.tokens[0] = tokenIn;
        h.amounts[0] = amountIn;
        uint256 prefunded; // what the previous step's pair already paid into this step's pair
        for (uint256 i = 0; i < n; ++i) {
            Step calldata step = steps[i];
            if (step.tokenIn == tokenOut) revert InvalidPath();
            uint256 amount = _take(h, step);
            bool delivers = step.tokenOut == tokenOut;
            bool forwards = !delivers && _sellsAllOf(steps, i);
            address payee = delivers ? recipient : forwards ? steps[i + 1].pool : address(this);
            uint256 out = _swap(step.pool, step.tokenIn, step.tokenOut, amount, amount - prefunded, payee);
            prefunded = forwards ? out : 0;
            if (!delivers) _add(h, step.tokenOut, out);
        }
        for (uint256 k = 0; k < h.known; ++k) {
            if (h.amounts[k] != 0) revert InvalidPath();
        }
    }

    /// @dev Checks `step` and takes its share out of what is held of its `tokenIn`: the amount it sells.
    function _take(Holdings memory h, Step calldata step) internal pure returns (uint256 amount) {
        uint256 share = step.share;
        if (share == 0 || share > ALL) revert InvalidPath();
        uint256 k = _indexOf(h, step.tokenIn);
        if (k == h.known) revert InvalidPath();
        uint256 have = h.amounts[k];
        amount = share == ALL ? have : (have * share) / ALL;
        if (amount == 0) revert InvalidPath();
        h.amounts[k] = have - amount;
    }
    function _add(Holdings memory h, address token, uint256 amount) internal pure {
        uint256 k = _indexOf(h, token);
        if (k == h.known) {
            h.tokens[k] = token;
            ++h.known;
        }
        h.amounts[k] += amount;
    }

    /// @dev The index of `token` among the tokens held so far, or `h.known` when it was never held.
    function _indexOf(Holdings memory h, address token) internal pure returns (uint256 k) {
        for (k = 0; k < h.known; ++k) {
            if (h.tokens[k] == token) return k;
        }
    }

    /// @dev Whether the step after `i` sells, in another pair, everything held of what step `i` buys: then
    ///      step `i`'s pair can pay that pair directly. (The same pair cannot be paid its own output.)
    function _sellsAllOf(Step[] calldata steps, uint256 i) private pure returns (bool) {
        if (i + 1 >= steps.length) return false;
        Step calldata next = steps[i + 1];
        return next.share == ALL && next.tokenIn == steps[i].tokenOut && next.pool != steps[i].pool;
    }

    /// @dev Swaps `amountIn` of `tokenIn` for `tokenOut` in `pair`, paid to `to`, with Uniswap V2's integer
    ///      formula against the pair's current reserves. The pair must already hold `amountIn - send` of it
    ///      beyond its reserves; the settler sends the other `send`.
    function _swap(address pair, address tokenIn, address tokenOut, uint256 amountIn, uint256 send, address to)
        internal
        returns (uint256 out)
    {
        bool zeroForOne = _direction(pair, tokenIn, tokenOut);
        out = _amountOut(pair, zeroForOne, amountIn);
        if (out == 0) revert InvalidPath();
        if (send != 0) _safeTransfer(tokenIn, pair, send);
        if (zeroForOne) {
            IUniswapV2PairMinimal(pair).swap(0, out, to, "");
        } else {
            IUniswapV2PairMinimal(pair).swap(out, 0, to, "");
        }
    }

    /// @dev Whether `pair` sells its token0 for its token1 when it trades `tokenIn` for `tokenOut`;
    ///      reverts `InvalidPath` when it does not trade those two tokens.
    function _direction(address pair, address tokenIn, address tokenOut) private view returns (bool zeroForOne) {
        if (pair.code.length == 0) revert InvalidPath();
        address token0 = IUniswapV2PairMinimal(pair).token0();
        address token1 = IUniswapV2PairMinimal(pair).token1();
        if (token0 == tokenIn && token1 == tokenOut) return true;
        if (token0 != tokenOut || token1 != tokenIn) revert InvalidPath();
    }

    /// @dev `UniswapV2Library.getAmountOut`: `in*997*reserveOut / (reserveIn*1000 + in*997)`, rounded down.
    function _amountOut(address pair, bool zeroForOne, uint256 amountIn) private view returns (uint256) {
        (uint112 reserve0, uint112 reserve1,) = IUniswapV2PairMinimal(pair).getReserves();
        (uint256 reserveIn, uint256 reserveOut) =
            zeroForOne ? (uint256(reserve0), uint256(reserve1)) : (uint256(reserve1), uint256(reserve0));
        uint256 inWithFee = amountIn * 997;
        return (inWithFee * reserveOut) / (reserveIn * 1000 + inWithFee);
    }

    function _safeTransfer(address token, address to, uint256 amount) internal {
        if (token.code.length == 0) revert TransferFailed();
        (bool ok, bytes memory data) = token.call(abi.encodeWithSelector(0xa9059cbb, to, amount)); // transfer(address,uint256)
        if (!ok || (data.length != 0 && (data.length != 32 || !abi.decode(data, (bool))))) revert TransferFailed();
    }

    function _safeTransferFrom(address token, address from, address to, uint256 amount) internal {
        if (token.code.length == 0) revert TransferFailed();
        (bool ok, bytes memory data) =
            token.call(abi.encodeWithSelector(0x23b872dd, from, to, amount)); // transferFrom(address,address,uint256)
        if (!ok || (data.length != 0 && (data.length != 32 || !abi.decode(data, (bool))))) revert TransferFailed();
    }
}
