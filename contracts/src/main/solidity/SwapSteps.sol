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

    /// @notice A market maker's firm quote, EIP-712 signed by `maker`: it sells up to `amountIn` of `tokenIn`
    ///         for `tokenOut` at the fixed price `amountOut / amountIn`, until `expiry` (unix seconds), once
    ///         (`nonce`). `tokenIn` is what the taker sells and the maker receives. A partial fill of `x` pays
    ///         `x * amountOut / amountIn`, rounded down: in the maker's favour.
    struct MakerQuote {
        address maker;
        address tokenIn;
        address tokenOut;
        uint256 amountIn;
        uint256 amountOut;
        uint256 expiry;
        uint256 nonce;
    }

    /// @dev secp256k1n / 2: larger s values are the malleable twin of a valid signature.
    uint256 private constant HALF_CURVE_ORDER = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;
    /// @dev A share of 1e18 parts sells everything held of a token.
    uint256 internal constant ALL = 1e18;

    error InvalidSignature();
    error InvalidPath();
    error TransferFailed();

    function _requireSignedBy(bytes32 digest, bytes calldata signature, address user) internal pure {
        if (!_signedBy(digest, signature, user)) revert InvalidSignature();
    }

    /// @dev Whether `signature` is `signer`'s canonical (low-s, v 27/28) secp256k1 signature of `digest`.
    function _signedBy(bytes32 digest, bytes calldata signature, address signer) internal pure returns (bool) {
        if (signature.length != 65) return false;
        bytes32 r = bytes32(signature[0:32]);
        bytes32 s = bytes32(signature[32:64]);
        uint8 v = uint8(signature[64]);
        if (v != 27 && v != 28) return false;
        if (uint256(s) > HALF_CURVE_ORDER) return false;
        address recovered = ecrecover(digest, v, r, s);
        return recovered != address(0) && recovered == signer;
    }

    /// @dev What the settler holds while a program runs: the tokens seen so far and the amount of each, by
    ///      index. In `fill` there is at most one new token per step and its `tokenOut` is never held (it is
    ///      paid out as it is bought); in `settle` every intent's input and every step's output is held.
    struct Holdings {
        address[] tokens;
        uint256[] amounts;
        uint256 known;
    }

    /// @dev Runs `steps` starting from `amountIn` of `tokenIn`, which the settler holds, over pairs only.
    function _run(address tokenIn, uint256 amountIn, address tokenOut, address recipient, Step[] calldata steps)
        internal
    {
        _run(tokenIn, amountIn, tokenOut, recipient, steps, new MakerQuote[](0), new address[](0));
    }

    /// @dev Runs `steps` starting from `amountIn` of `tokenIn`, which the settler holds.
    ///      A step trades in a Uniswap V2 pair, or, when its `pool` is the venue id of one of `quotes`
    ///      (`venues[k]`, see `_venueOf`), with that maker's firm quote (`_fromMaker`).
    ///      Whatever a step buys of `tokenOut` its venue pays straight to the recipient; what it buys for a
    ///      next step that sells everything held of that token in another venue, it pays straight to
    ///      that venue (the settler sends only what it already held); anything else comes to the settler.
    ///      Amounts are exactly those of swapping everything through the settler, in fewer transfers.
    ///      Reverts `InvalidPath` on a step whose share is 0 or more than 1e18, that sells `tokenOut` or a
    ///      token not held, that would sell or buy nothing, or whose venue does not trade its two tokens;
    ///      and when any token but `tokenOut` is left in the settler at the end.
    function _run(
        address tokenIn,
        uint256 amountIn,
        address tokenOut,
        address recipient,
        Step[] calldata steps,
        MakerQuote[] memory quotes,
        address[] memory venues
    ) internal {
        uint256 n = steps.length;
        Holdings memory h = Holdings(new address[](n + 1), new uint256[](n + 1), 1);
        h.tokens[0] = tokenIn;
        h.amounts[0] = amountIn;
        Venues memory v = Venues(quotes, venues, tokenOut, recipient, 0);
        for (uint256 i = 0; i < n; ++i) {
            _runStep(h, v, steps, i);
        }
        for (uint256 k = 0; k < h.known; ++k) {
            if (h.amounts[k] != 0) revert InvalidPath();
        }
    }

    /// @dev What a program run carries from step to step: the quotes it may trade with, where its output
    ///      goes, and what the previous step's venue already paid into this step's venue.
    struct Venues {
        MakerQuote[] quotes;
        address[] ids;
        address tokenOut;
        address recipient;
        uint256 prefunded;
    }

    function _runStep(Holdings memory h, Venues memory v, Step[] calldata steps, uint256 i) private {
        Step calldata step = steps[i];
        if (step.tokenIn == v.tokenOut) revert InvalidPath();
        uint256 amount = _take(h, step);
        bool delivers = step.tokenOut == v.tokenOut;
        bool forwards = !delivers && _sellsAllOf(steps, i);
        address payee = delivers ? v.recipient : forwards ? _payeeOf(v, steps[i + 1].pool) : address(this);
        uint256 send = amount - v.prefunded;
        uint256 k = _venueOf(v, step.pool);
        uint256 out = k < v.ids.length
            ? _fromMaker(v.quotes[k], step, amount, send, payee)
            : _swap(step.pool, step.tokenIn, step.tokenOut, amount, send, payee);
        v.prefunded = forwards ? out : 0;
        if (!delivers) _add(h, step.tokenOut, out);
    }

    /// @dev The index of the quote whose venue id is `pool`, or `v.ids.length` when `pool` is a pair.
    function _venueOf(Venues memory v, address pool) private pure returns (uint256 k) {
        for (k = 0; k < v.ids.length; ++k) {
            if (v.ids[k] == pool) return k;
        }
    }

    /// @dev Where a step's venue is paid: the maker of a quote, or the pair itself.
    function _payeeOf(Venues memory v, address pool) private pure returns (address) {
        uint256 k = _venueOf(v, pool);
        return k < v.ids.length ? v.quotes[k].maker : pool;
    }

    /// @dev Trades `amount` of the step's `tokenIn` with the maker of quote `q`, the output paid to `to`;
    ///      the settler sends the maker `send` of it (the rest the previous venue already paid the maker).
    ///      Settlers without maker venues never get here.
    function _fromMaker(MakerQuote memory q, Step calldata step, uint256 amount, uint256 send, address to)
        internal
        virtual
        returns (uint256)
    {
        q;
        step;
        amount;
        send;
        to;
        revert InvalidPath();
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
        if (!_tryTransferFrom(token, from, to, amount)) revert TransferFailed();
    }

    /// @dev `transferFrom`, answering whether it moved the tokens instead of reverting.
    function _tryTransferFrom(address token, address from, address to, uint256 amount) internal returns (bool) {
        if (token.code.length == 0) return false;
        (bool ok, bytes memory data) =
            token.call(abi.encodeWithSelector(0x23b872dd, from, to, amount)); // transferFrom(address,address,uint256)
        return ok && (data.length == 0 || (data.length == 32 && abi.decode(data, (bool))));
    }
}
