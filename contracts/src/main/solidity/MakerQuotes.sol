// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {SwapSteps} from "./SwapSteps.sol";

/// @title MakerQuotes
/// @notice Market makers' firm quotes as venues of a settler's programs. A maker signs a `MakerQuote`
///         (EIP-712, under the settler's domain) and approves the settler for its `tokenOut`; a step whose
///         `pool` is the quote's venue id sells the step's amount to the maker at the quote's price: the
///         settler pays the maker that input from what the fill holds and takes the output from the maker
///         with `transferFrom`. A quote is taken at most once, before its expiry, for at most its amount.
/// @dev The venue id of a quote is the low 20 bytes of its EIP-712 digest: unique to the signed terms, and
///      not a contract. Off-chain, core's `RouteReplay` runs the same rule to the wei.
abstract contract MakerQuotes is SwapSteps {
    bytes32 public constant MAKER_QUOTE_TYPEHASH = keccak256(
        "MakerQuote(address maker,address tokenIn,address tokenOut,uint256 amountIn,uint256 amountOut,uint256 expiry,uint256 nonce)"
    );

    /// @notice maker => nonce => consumed (taken or cancelled).
    mapping(address => mapping(uint256 => bool)) public quoteNonceUsed;

    event QuoteTaken(
        address indexed maker, uint256 indexed nonce, address tokenIn, address tokenOut, uint256 amountIn, uint256 amountOut
    );
    event QuoteCancelled(address indexed maker, uint256 indexed nonce);

    error QuoteSignatureInvalid(address maker);
    error QuoteExpired(address maker, uint256 nonce);
    error QuoteUsed(address maker, uint256 nonce);
    error QuoteExceeded(uint256 amount, uint256 amountIn);
    error MakerTransferFailed(address maker);

    /// @notice Marks one of the caller's quote nonces as used: a quote signed with it can never be taken.
    function cancelQuoteNonce(uint256 nonce) external {
        if (quoteNonceUsed[msg.sender][nonce]) revert QuoteUsed(msg.sender, nonce);
        quoteNonceUsed[msg.sender][nonce] = true;
        emit QuoteCancelled(msg.sender, nonce);
    }

    /// @notice The EIP-712 digest `keccak256(0x1901 ‖ domainSeparator ‖ hashStruct(quote))` the maker signs.
    function hashQuote(MakerQuote memory quote) public view returns (bytes32) {
        bytes32 structHash = keccak256(abi.encode(MAKER_QUOTE_TYPEHASH, quote));
        return keccak256(abi.encodePacked(hex"1901", _domainSeparator(), structHash));
    }

    function _domainSeparator() internal view virtual returns (bytes32);

    /// @dev Checks every quote's signature and answers the quotes in memory with their venue ids.
    function _venues(MakerQuote[] calldata quotes, bytes[] calldata signatures)
        internal
        view
        returns (MakerQuote[] memory terms, address[] memory ids)
    {
        if (signatures.length != quotes.length) revert InvalidPath();
        terms = quotes;
        ids = new address[](terms.length);
        for (uint256 k = 0; k < terms.length; ++k) {
            bytes32 digest = hashQuote(terms[k]);
            if (!_signedBy(digest, signatures[k], terms[k].maker)) revert QuoteSignatureInvalid(terms[k].maker);
            ids[k] = address(uint160(uint256(digest)));
        }
    }

    /// @dev The maker's side of one step: checked against the quote's terms, its nonce spent, the input sent
    ///      to the maker and the output taken from the maker. `MakerTransferFailed` names the maker whose
    ///      balance or allowance did not cover its quote.
    function _fromMaker(MakerQuote memory q, Step calldata step, uint256 amount, uint256 send, address to)
        internal
        override
        returns (uint256 out)
    {
        if (step.tokenIn != q.tokenIn || step.tokenOut != q.tokenOut) revert InvalidPath();
        if (block.timestamp > q.expiry) revert QuoteExpired(q.maker, q.nonce);
        if (quoteNonceUsed[q.maker][q.nonce]) revert QuoteUsed(q.maker, q.nonce);
        if (amount > q.amountIn) revert QuoteExceeded(amount, q.amountIn);
        quoteNonceUsed[q.maker][q.nonce] = true;
        out = (amount * q.amountOut) / q.amountIn;
        if (out == 0) revert InvalidPath();
        if (send != 0) _safeTransfer(q.tokenIn, q.maker, send);
        if (!_tryTransferFrom(q.tokenOut, q.maker, to, out)) revert MakerTransferFailed(q.maker);
        emit QuoteTaken(q.maker, q.nonce, q.tokenIn, q.tokenOut, amount, out);
    }
}
