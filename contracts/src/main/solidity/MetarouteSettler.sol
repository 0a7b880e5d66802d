// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20Minimal} from "./SwapSteps.sol";
import {MakerQuotes} from "./MakerQuotes.sol";

/// @title MetarouteSettler
/// @notice Settles a user's EIP-712 signed swap intent on one rollup, atomically, by running a program
///         of Uniswap V2 swaps chosen by the solver: a single path, or a split over several pairs.
///         The user is protected by the signed minimum output. `settle` does the same for a batch of
///         intents at once, from pooled holdings, so that opposite intents pay each other and only
///         the net imbalance trades through pairs.
/// @dev A program is a list of steps run in order. The settler keeps, in memory, how much of each token
///      the fill holds; it starts with the intent's `amountIn` of `tokenIn`. Each step sells `share`
///      parts in 1e18 of what is held of its `tokenIn` (`held * share / 1e18`, rounded down; the whole
///      held amount when `share == 1e18`) through one pair, and adds the pair's output to what is held
///      of its `tokenOut`. Every amount of the intent's `tokenOut` bought is the recipient's; when the
///      program ends nothing else may be left, so no dust stays in the settler. In `fill`, steps may not
///      sell the intent's `tokenOut`. `fillWithQuotes` adds market makers' signed firm quotes as venues
///      (see `MakerQuotes`). Off-chain, core's `RouteReplay` runs the same rule to the wei.
contract MetarouteSettler is MakerQuotes {
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
    /// @dev 32 legs cost about 105k + 32 x 60k = 2.0M gas: the router's gas pricing, not this limit, decides how many pay.
    uint256 private constant MAX_STEPS = 32;
    uint256 private constant MAX_INTENTS = 16;

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
    error InvalidBatch();
    error Unbalanced();
    error InsufficientOutput(uint256 amountOut, uint256 minAmountOut);
    error Reentrancy();

    modifier nonReentrant() {
        if (_lock != 1) revert Reentrancy();
        _lock = 2;
        _;
        _lock = 1;
    }

    /// @notice Verifies `intent` and runs the program `steps` for it.
    /// @return amountOut what the recipient's tokenOut balance rose by.
    function fill(SwapIntent calldata intent, bytes calldata signature, Step[] calldata steps)
        external
        nonReentrant
        returns (uint256 amountOut)
    {
        return _fill(intent, signature, steps, new MakerQuote[](0), new address[](0));
    }

    /// @notice As `fill`, where steps may also trade with the makers of `quotes`, each signed by its maker
    ///         (`quoteSignatures[k]`, else `QuoteSignatureInvalid`): a step whose `pool` is a quote's venue
    ///         id takes that quote, once (`QuoteUsed`), before its expiry (`QuoteExpired`), for at most its
    ///         amount (`QuoteExceeded`), and reverts `MakerTransferFailed` when the maker does not pay.
    function fillWithQuotes(
        SwapIntent calldata intent,
        bytes calldata signature,
        Step[] calldata steps,
        MakerQuote[] calldata quotes,
        bytes[] calldata quoteSignatures
    ) external nonReentrant returns (uint256 amountOut) {
        (MakerQuote[] memory terms, address[] memory ids) = _venues(quotes, quoteSignatures);
        return _fill(intent, signature, steps, terms, ids);
    }

    function _fill(
        SwapIntent calldata intent,
        bytes calldata signature,
        Step[] calldata steps,
        MakerQuote[] memory quotes,
        address[] memory venues
    ) private returns (uint256 amountOut) {
        if (intent.originChainId != block.chainid || intent.destinationChainId != block.chainid) revert WrongChain();
        if (block.timestamp > intent.deadline) revert IntentExpired();
        if (nonceUsed[intent.user][intent.nonce]) revert NonceAlreadyUsed();
        nonceUsed[intent.user][intent.nonce] = true;

        bytes32 digest = hashIntent(intent);
        _requireSignedBy(digest, signature, intent.user);
        if (steps.length == 0 || steps.length > MAX_STEPS) revert InvalidPath();

        uint256 balanceBefore = IERC20Minimal(intent.tokenOut).balanceOf(intent.recipient);
        _safeTransferFrom(intent.tokenIn, intent.user, address(this), intent.amountIn);
        _run(intent.tokenIn, intent.amountIn, intent.tokenOut, intent.recipient, steps, quotes, venues);
        amountOut = IERC20Minimal(intent.tokenOut).balanceOf(intent.recipient) - balanceBefore;
        if (amountOut < intent.minAmountOut) revert InsufficientOutput(amountOut, intent.minAmountOut);
        _emitFilled(digest, intent, amountOut);
    }

    /// @notice Settles several intents on this rollup in one transaction, from what they bring together.
    /// @dev In order:
    ///      1. The batch must have 1 to 16 intents, one signature and one output per intent, and at most 32
    ///         steps (none is fine: a pure coincidence of wants); otherwise `InvalidBatch`.
    ///      2. Each intent is checked as `fill` checks it (`WrongChain`, `IntentExpired`, `NonceAlreadyUsed`,
    ///         `InvalidSignature`), its nonce is spent, and its `amountIn` of `tokenIn` is pulled into the
    ///         settler and added to what the batch holds.
    ///      3. The steps run in order over those holdings by `fill`'s share rule, except that any held token
    ///         may be sold, also one some intent buys. Every step's output comes to the settler and is held.
    ///         A bad step reverts `InvalidPath`, as in `fill`.
    ///      4. Intent `i` is paid `amountsOut[i]` of its `tokenOut` out of the holdings: at least its signed
    ///         minimum (`InsufficientOutput`), and never more than is held of that token (`Unbalanced`).
    ///         Each payout emits `IntentFilled`.
    ///      5. Nothing may be left: every unit pulled or bought goes to some user (`Unbalanced`).
    ///      Payouts come from the settler's own balance, which is empty between transactions, so a pair
    ///      that pays less than its formula says makes a payout fail rather than take from anyone.
    ///      Off-chain, core's `BatchReplay` runs steps 2 and 3 to the wei.
    function settle(
        SwapIntent[] calldata intents,
        bytes[] calldata signatures,
        Step[] calldata steps,
        uint256[] calldata amountsOut
    ) external nonReentrant {
        uint256 m = intents.length;
        if (
            m == 0 || m > MAX_INTENTS || signatures.length != m || amountsOut.length != m || steps.length > MAX_STEPS
        ) revert InvalidBatch();
        // each intent brings at most one new token, each step buys at most one
        Holdings memory h = Holdings(new address[](m + steps.length), new uint256[](m + steps.length), 0);
        bytes32[] memory digests = _pull(intents, signatures, h);
        _runPooled(h, steps);
        _payOut(intents, amountsOut, digests, h);
        for (uint256 k = 0; k < h.known; ++k) {
            if (h.amounts[k] != 0) revert Unbalanced();
        }
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
        return keccak256(abi.encodePacked(hex"1901", _domainSeparator(), structHash));
    }

    // solhint-disable-next-line func-name-mixedcase
    function DOMAIN_SEPARATOR() public view returns (bytes32) {
        return _domainSeparator();
    }

    function _domainSeparator() internal view override returns (bytes32) {
        return keccak256(abi.encode(DOMAIN_TYPEHASH, NAME_HASH, VERSION_HASH, block.chainid, address(this)));
    }

    /// @dev Takes exactly `amount` of `token` out of the holdings; `Unbalanced` when less than that is held.
    function _takeExactly(Holdings memory h, address token, uint256 amount) private pure {
        uint256 k = _indexOf(h, token);
        if (k == h.known) revert Unbalanced();
        uint256 have = h.amounts[k];
        if (have < amount) revert Unbalanced();
        h.amounts[k] = have - amount;
    }

    /// @dev Checks every intent of a batch, spends its nonce and pulls its input into the holdings; returns
    ///      the intents' digests for their events.
    function _pull(SwapIntent[] calldata intents, bytes[] calldata signatures, Holdings memory h)
        private
        returns (bytes32[] memory digests)
    {
        uint256 m = intents.length;
        digests = new bytes32[](m);
        for (uint256 i = 0; i < m; ++i) {
            SwapIntent calldata intent = intents[i];
            if (intent.originChainId != block.chainid || intent.destinationChainId != block.chainid) {
                revert WrongChain();
            }
            if (block.timestamp > intent.deadline) revert IntentExpired();
            if (nonceUsed[intent.user][intent.nonce]) revert NonceAlreadyUsed();
            nonceUsed[intent.user][intent.nonce] = true;
            bytes32 digest = hashIntent(intent);
            _requireSignedBy(digest, signatures[i], intent.user);
            digests[i] = digest;
            _safeTransferFrom(intent.tokenIn, intent.user, address(this), intent.amountIn);
            _add(h, intent.tokenIn, intent.amountIn);
        }
    }

    /// @dev Runs a batch's steps over its holdings. Every output is paid to the settler: what a batch holds
    ///      is split between several recipients only at the end, so there is nobody to forward to.
    function _runPooled(Holdings memory h, Step[] calldata steps) private {
        for (uint256 i = 0; i < steps.length; ++i) {
            Step calldata step = steps[i];
            uint256 amount = _take(h, step);
            uint256 out = _swap(step.pool, step.tokenIn, step.tokenOut, amount, amount, address(this));
            _add(h, step.tokenOut, out);
        }
    }

    /// @dev Pays every intent of a batch its output out of the holdings, in order, and reports the fill.
    function _payOut(
        SwapIntent[] calldata intents,
        uint256[] calldata amountsOut,
        bytes32[] memory digests,
        Holdings memory h
    ) private {
        for (uint256 i = 0; i < intents.length; ++i) {
            SwapIntent calldata intent = intents[i];
            uint256 amountOut = amountsOut[i];
            if (amountOut < intent.minAmountOut) revert InsufficientOutput(amountOut, intent.minAmountOut);
            _takeExactly(h, intent.tokenOut, amountOut);
            _safeTransfer(intent.tokenOut, intent.recipient, amountOut);
            _emitFilled(digests[i], intent, amountOut);
        }
    }

    function _emitFilled(bytes32 digest, SwapIntent calldata intent, uint256 amountOut) private {
        emit IntentFilled(
            digest, intent.user, intent.recipient, intent.tokenIn, intent.tokenOut, intent.amountIn, amountOut, msg.sender
        );
    }
}