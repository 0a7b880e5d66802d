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

/// @title MetarouteSettler
/// @notice Settles a user's EIP-712 signed swap intent on one rollup, atomically, along a path of
///         Uniswap V2 pairs chosen by the solver. The user is protected by the signed minimum output.
contract MetarouteSettler {
    struct SwapIntent {
        address user;
        address recipient;
        uint256 nonce;
        uint256 originChainId;
        uint256 destinationChainId;
        address tokenIn;
        uint256 amountIn;
        address tokenOut;
        uint256 minAmountOut;
        uint256 deadline;
    }

    bytes32 public constant SWAP_INTENT_TYPEHASH = keccak256(
        "SwapIntent(address user,address recipient,uint256 nonce,uint256 originChainId,uint256 destinationChainId,address tokenIn,uint256 amountIn,address tokenOut,uint256 minAmountOut,uint256 deadline)"
    );
    bytes32 private constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 private constant NAME_HASH = keccak256("Metaroute");
    bytes32 private constant VERSION_HASH = keccak256("1");
    /// @dev secp256k1n / 2: larger s values are the malleable twin of a valid signature.
    uint256 private constant HALF_CURVE_ORDER = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;
    uint256 private constant MAX_POOLS = 3;

    /// @notice user => nonce => consumed (filled or cancelled).
    mapping(address => mapping(uint256 => bool)) public nonceUsed;

    uint256 private _lock = 1;

    event IntentFilled(
        bytes32 indexed intentHash,
        address indexed user,
        address indexed recipient,
        address tokenIn,
        address tokenOut,
        uint256 amountIn,
        uint256 amountOut,
        address solver
    );
    event NonceCancelled(address indexed user, uint256 indexed nonce);

    error WrongChain();
    error IntentExpired();
    error NonceAlreadyUsed();
    error InvalidSignature();
    error InvalidPath();
    error InsufficientOutput(uint256 amountOut, uint256 minAmountOut);
    error TransferFailed();
    error Reentrancy();

    modifier nonReentrant() {
        if (_lock != 1) revert Reentrancy();
        _lock = 2;
        _;
        _lock = 1;
    }

    /// @notice Verifies and executes `intent`, swapping through `pools` along token `path`.
    /// @return amountOut what the recipient's tokenOut balance rose by.
    function fill(
        SwapIntent calldata intent,
        bytes calldata signature,
        address[] calldata pools,
        address[] calldata path
    ) external nonReentrant returns (uint256 amountOut) {
        if (intent.originChainId != block.chainid || intent.destinationChainId != block.chainid) revert WrongChain();
        if (block.timestamp > intent.deadline) revert IntentExpired();
        if (nonceUsed[intent.user][intent.nonce]) revert NonceAlreadyUsed();
        nonceUsed[intent.user][intent.nonce] = true;

        bytes32 digest = hashIntent(intent);
        _requireSignedBy(digest, signature, intent.user);
        _requireValidPath(intent, pools, path);

        uint256 balanceBefore = IERC20Minimal(intent.tokenOut).balanceOf(intent.recipient);
        _safeTransferFrom(intent.tokenIn, intent.user, pools[0], intent.amountIn);
        _swapAlong(intent.amountIn, pools, path, intent.recipient);
        amountOut = IERC20Minimal(intent.tokenOut).balanceOf(intent.recipient) - balanceBefore;
        if (amountOut < intent.minAmountOut) revert InsufficientOutput(amountOut, intent.minAmountOut);
        _emitFilled(digest, intent, amountOut);
    }

    /// @notice Marks one of the caller's nonces as used, so an intent signed with it can never be filled.
    function cancelNonce(uint256 nonce) external {
        if (nonceUsed[msg.sender][nonce]) revert NonceAlreadyUsed();
        nonceUsed[msg.sender][nonce] = true;
        emit NonceCancelled(msg.sender, nonce);
    }

    /// @notice The EIP-712 digest `keccak256(0x1901 ‖ domainSeparator ‖ hashStruct(intent))` the user signs.
    function hashIntent(SwapIntent calldata intent) public view returns (bytes32) {
        // SwapIntent has only static fields: abi.encode lays them out inline, as hashStruct requires.
        bytes32 structHash = keccak256(abi.encode(SWAP_INTENT_TYPEHASH, intent));
        return keccak256(abi.encodePacked(hex"1901", DOMAIN_SEPARATOR(), structHash));
    }

    // solhint-disable-next-line func-name-mixedcase
    function DOMAIN_SEPARATOR() public view returns (bytes32) {
        return keccak256(abi.encode(DOMAIN_TYPEHASH, NAME_HASH, VERSION_HASH, block.chainid, address(this)));
    }

    function _requireSignedBy(bytes32 digest, bytes calldata signature, address user) private pure {
        if (signature.length != 65) revert InvalidSignature();
        bytes32 r = bytes32(signature[0:32]);
        bytes32 s = bytes32(signature[32:64]);
        uint8 v = uint8(signature[64]);
        if (v != 27 && v != 28) revert InvalidSignature();
        if (uint256(s) > HALF_CURVE_ORDER) revert InvalidSignature();
        address signer = ecrecover(digest, v, r, s);
        if (signer == address(0) || signer != user) revert InvalidSignature();
    }

    function _requireValidPath(SwapIntent calldata intent, address[] calldata pools, address[] calldata path)
        private
        pure
    {
        uint256 hops = pools.length;
        if (hops == 0 || hops > MAX_POOLS || path.length != hops + 1) revert InvalidPath();
        if (path[0] != intent.tokenIn || path[hops] != intent.tokenOut) revert InvalidPath();
    }

    function _swapAlong(uint256 amountIn, address[] calldata pools, address[] calldata path, address recipient)
        private
    {
        uint256 amount = amountIn;
        uint256 hops = pools.length;
        for (uint256 i = 0; i < hops; ++i) {
            address to = i + 1 < hops ? pools[i + 1] : recipient;
            amount = _swapHop(pools[i], path[i], path[i + 1], amount, to);
        }
    }

    function _swapHop(address pair, address tokenIn, address tokenOut, uint256 amountIn, address to)
        private
        returns (uint256 out)
    {
        IUniswapV2PairMinimal p = IUniswapV2PairMinimal(pair);
        address token0 = p.token0();
        address token1 = p.token1();
        bool zeroForOne;
        if (token0 == tokenIn && token1 == tokenOut) {
            zeroForOne = true;
        } else if (token0 != tokenOut || token1 != tokenIn) {
            revert InvalidPath();
        }
        (uint112 reserve0, uint112 reserve1,) = p.getReserves();
        (uint256 reserveIn, uint256 reserveOut) = zeroForOne ? (uint256(reserve0), uint256(reserve1)) : (uint256(reserve1), uint256(reserve0));
        uint256 inWithFee = amountIn * 997;
        out = (inWithFee * reserveOut) / (reserveIn * 1000 + inWithFee);
        if (zeroForOne) {
            p.swap(0, out, to, "");
        } else {
            p.swap(out, 0, to, "");
        }
    }

    function _safeTransferFrom(address token, address from, address to, uint256 amount) private {
        if (token.code.length == 0) revert TransferFailed();
        (bool ok, bytes memory data) =
            token.call(abi.encodeWithSelector(0x23b872dd, from, to, amount)); // transferFrom(address,address,uint256)
        if (!ok || (data.length != 0 && (data.length != 32 || !abi.decode(data, (bool))))) revert TransferFailed();
    }

    function _emitFilled(bytes32 digest, SwapIntent calldata intent, uint256 amountOut) private {
        emit IntentFilled(
            digest, intent.user, intent.recipient, intent.tokenIn, intent.tokenOut, intent.amountIn, amountOut, msg.sender
        );
    }
}
