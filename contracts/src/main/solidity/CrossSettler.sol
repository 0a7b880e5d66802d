// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ReadOperation} from "./MetalayerTypes.sol";
import {MetalayerRecipient} from "./MetalayerRecipient.sol";
import {IERC20Minimal} from "./SwapSteps.sol";
import {CrossPayouts} from "./CrossPayouts.sol";
import {CrossFills} from "./CrossFills.sol";
import {
    GaslessCrossChainOrder, Output, FillInstruction, ResolvedCrossChainOrder, MetarouteOrder, FillOrder, CrossOrders
} from "./CrossOrders.sol";

/// @title CrossSettler
/// @notice Metaroute's ERC-7683 settler for cross-rollup orders; one on every rollup plays both parts.
///   Origin: {openFor} checks the user's EIP-712 signature, deadlines and nonce, and escrows the input.
///   Destination: {fill} lets a solver pay the recipient at least the signed minimum, out of its own
///   inventory (through the rollup's pairs if its program says so), once per order and before the fill
///   deadline, records who is to be repaid, and appends the order to its origin's fill log.
///   Back on the origin, escrows move only on a Metalayer message whose read of the destination's fill
///   records, attested by the guardian validators at one block, shows the outcome: RELEASE pays the
///   recorded filler (less the protocol fee, split 30% / 30% / 40% between the origin rollup, the
///   destination rollup and the validators) for orders the read shows filled; REFUND returns the input
///   for orders the read shows unfilled at a block past their fill deadline. Anyone may send either: the
///   read is the proof, so a late proof can never meet a refund, and a refund never waits for a proof.
///   One message settles a whole batch of orders with one read, paying each payee once. A release may
///   read a range of this rollup's fill log ({fillRange}), so the message does not grow with its orders.
contract CrossSettler is MetalayerRecipient, CrossPayouts, CrossFills {
    enum EscrowStatus { NONE, OPEN, RELEASED, REFUNDED }

    /// An order's escrow on its origin, in one storage slot: a release reads it and flips two bits of a
    /// status word that 128 orders share, so a batch costs one cold slot per order. The escrow's token is
    /// an index into {tokenAt}; its user, needed only for a refund, is kept apart.
    struct Escrow {
        uint112 amount;
        uint32 fillDeadline;
        uint40 destinationChainId;
        uint16 feeBps;
        uint16 token;
        uint40 seq;
    }

    /// Another rollup: its Metalayer domain, its settler and the address its share of fees is paid to.
    struct Remote {
        uint32 domain;
        address settler;
        address feeRecipient;
    }

    uint8 public constant RELEASE = 1;
    uint8 public constant REFUND = 2;
    uint16 public constant MAX_FEE_BPS = 100;
    uint256 private constant MAX_STEPS = 32;

    address public owner;
    mapping(uint256 => Remote) public remotes;
    mapping(uint32 => uint256) public chainOfDomain;
    mapping(address => mapping(uint256 => bool)) public nonceUsed;
    mapping(bytes32 => Escrow) private escrow;
    mapping(bytes32 => address) private escrowUser;
    /// Two status bits per order (0 open, 1 released, 2 refunded), 128 orders per word, by order sequence.
    mapping(uint256 => uint256) private statusWords;
    uint40 public orders;
    address[] public tokenAt;
    mapping(address => uint16) private tokenIndexPlusOne;
    uint256 private _lock = 1;

    event Open(bytes32 indexed orderId, ResolvedCrossChainOrder resolvedOrder);
    event Escrowed(bytes32 indexed orderId, address indexed user, address token, uint256 amount, uint256 destinationChainId);
    event OrderFilled(bytes32 indexed orderId, address indexed filler, address repayTo, uint256 amountOut);
    /// One settlement message applied: of the `orders` its read answered about (the orders it named, or the entries
    /// of its range), `settled` moved (released or refunded as `kind` says; the rest were settled before, or, in a
    /// range, not this rollup's to release), and each payee was paid once, in {Paid}. An order's own state is {escrowOf}.
    event Settled(uint8 indexed kind, uint256 indexed destinationChainId, uint256 orders, uint256 settled);
    event RemoteSet(uint256 indexed chainId, uint32 domain, address settler, address feeRecipient);

    error NotOwner();
    error WrongSettler();
    error WrongChain();
    error OrderExpired();
    error BadOrder();
    error NonceAlreadyUsed();
    error UnknownOrder(bytes32 orderId);
    error AlreadyFilled(bytes32 orderId);
    error InsufficientOutput(uint256 amountOut, uint256 minAmountOut);
    error BadProof();
    error NotFilled(bytes32 orderId);
    error NotExpired(bytes32 orderId);
    error Reentrancy();

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner();
        _;
    }

    modifier nonReentrant() {
        if (_lock != 1) revert Reentrancy();
        _lock = 2;
        _;
        _lock = 1;
    }

    constructor(address router_, address owner_) MetalayerRecipient(router_) {
        owner = owner_;
    }

    function setFeeRecipients(address rollup, address validators) external onlyOwner {
        feeRecipient = rollup;
        validatorFeeRecipient = validators;
    }

    function setRemote(uint256 chainId, uint32 domain, address settler, address remoteFeeRecipient) external onlyOwner {
        if (chainId == block.chainid || settler == address(0)) revert BadOrder();
        remotes[chainId] = Remote(domain, settler, remoteFeeRecipient);
        chainOfDomain[domain] = chainId;
        emit RemoteSet(chainId, domain, settler, remoteFeeRecipient);
    }

    // ---- origin ----

    /// @notice Opens `order` for its user: checks it and the signature, spends the nonce, escrows the input.
    function openFor(GaslessCrossChainOrder calldata order, bytes calldata signature, bytes calldata originFillerData)
        external
        nonReentrant
    {
        if (originFillerData.length != 0) revert BadOrder();
        MetarouteOrder memory data = _check(order);
        if (block.timestamp > order.openDeadline) revert OrderExpired();
        if (nonceUsed[order.user][order.nonce]) revert NonceAlreadyUsed();
        _requireSignedBy(CrossOrders.digest(order, data, address(this)), signature, order.user);
        nonceUsed[order.user][order.nonce] = true;
        bytes32 orderId = keccak256(abi.encode(CrossOrders.fillOrder(order, data)));
        escrow[orderId] = Escrow(uint112(data.amountIn), order.fillDeadline, uint40(data.destinationChainId), data.feeBps,
            _tokenIndex(data.tokenIn), orders++);
        escrowUser[orderId] = order.user;
        _safeTransferFrom(data.tokenIn, order.user, address(this), data.amountIn);
        emit Escrowed(orderId, order.user, data.tokenIn, data.amountIn, data.destinationChainId);
        emit Open(orderId, _resolve(order, data, orderId));
    }

    /// @notice The ERC-7683 view of `order` as {openFor} would open it.
    function resolveFor(GaslessCrossChainOrder calldata order, bytes calldata)
        external view returns (ResolvedCrossChainOrder memory)
    {
        MetarouteOrder memory data = _check(order);
        return _resolve(order, data, keccak256(abi.encode(CrossOrders.fillOrder(order, data))));
    }

    /// @notice The EIP-712 digest the user signs for `order`.
    function hashOrder(GaslessCrossChainOrder calldata order) external view returns (bytes32) {
        return CrossOrders.digest(order, abi.decode(order.orderData, (MetarouteOrder)), address(this));
    }

    // solhint-disable-next-line func-name-mixedcase
    function DOMAIN_SEPARATOR() external view returns (bytes32) {
        return CrossOrders.domainSeparator(address(this));
    }

    // ---- destination ----

    /// @notice Fills order `orderId` described by `originData` (its `FillOrder`, whose keccak256 is the id).
    /// @param fillerData abi.encode(address repayTo, address tokenSpent, uint256 amountSpent, Step[] steps): the
    ///        filler pays `amountSpent` of `tokenSpent`; with no steps it must be the output token and goes to the
    ///        recipient as it is, otherwise the steps turn it into the output token, paid to the recipient.
    function fill(bytes32 orderId, bytes calldata originData, bytes calldata fillerData) external nonReentrant {
        if (keccak256(originData) != orderId) revert BadOrder();
        FillOrder memory o = abi.decode(originData, (FillOrder));
        if (o.destinationChainId != block.chainid) revert WrongChain();
        if (block.timestamp > o.fillDeadline) revert OrderExpired();
        if (fills[orderId].repayTo != address(0)) revert AlreadyFilled(orderId);
        // abi.decode checks the whole encoding; the program then runs from calldata
        (address repayTo, address tokenSpent, uint256 amountSpent,) =
            abi.decode(fillerData, (address, address, uint256, Step[]));
        Step[] calldata steps = _steps(fillerData);
        if (repayTo == address(0) || steps.length > MAX_STEPS || amountSpent == 0) revert BadOrder();
        fills[orderId] = FillRecord(repayTo, uint64(block.timestamp), _appendFill(o.originChainId, orderId), 0);
        uint256 before = IERC20Minimal(o.tokenOut).balanceOf(o.recipient);
        if (steps.length == 0) {
            if (tokenSpent != o.tokenOut) revert BadOrder();
            _safeTransferFrom(o.tokenOut, msg.sender, o.recipient, amountSpent);
        } else {
            _safeTransferFrom(tokenSpent, msg.sender, address(this), amountSpent);
            _run(tokenSpent, amountSpent, o.tokenOut, o.recipient, steps);
        }
        uint256 out = IERC20Minimal(o.tokenOut).balanceOf(o.recipient) - before;
        if (out < o.minAmountOut) revert InsufficientOutput(out, o.minAmountOut);
        fills[orderId].amountOut = out;
        emit OrderFilled(orderId, msg.sender, repayTo, out);
    }

    // ---- settlement, on the origin ----

    /// @dev The message is `abi.encode(uint8 kind)`; its one read is either `fillStatus(orderIds)` of the destination's
    ///      settler, the order ids read from that call data (32 bytes of message per order), or, for a release only,
    ///      `fillRange(block.chainid, from, count)`, the order ids and payees read from its attested answer. A range
    ///      holds whatever was filled there for this rollup, so its entries this settler cannot release (never opened
    ///      here, bound for another rollup, settled already) are skipped, where a `fillStatus` read of them reverts.
    function _handle(uint32, bytes32, bytes calldata message, ReadOperation[] calldata reads,
        bytes[] calldata readResults) internal override nonReentrant
    {
        uint8 kind = abi.decode(message, (uint8));
        if ((kind != RELEASE && kind != REFUND) || reads.length != 1 || readResults.length != 1) revert BadProof();
        ReadOperation calldata read = reads[0];
        uint256 destination = chainOfDomain[read.domain];
        Remote memory remote = remotes[destination];
        if (destination == 0 || remote.domain != read.domain || read.target != remote.settler || read.callData.length < 4)
            revert BadProof();
        bytes4 selector = bytes4(read.callData[0:4]);
        Payouts memory p;
        uint256 answered;
        uint256 settled;
        if (selector == this.fillRange.selector) {
            if (kind != RELEASE || read.callData.length != 100) revert BadProof();
            (uint256 originChainId,,) = abi.decode(read.callData[4:], (uint256, uint256, uint256));
            if (originChainId != block.chainid) revert BadProof();
            bytes calldata entries = _entries(readResults[0]);
            p = _payouts(entries.length / 33 + 1);
            (answered, settled) = _releaseRange(p, entries, destination);
        } else {
            if (selector != this.fillStatus.selector) revert BadProof();
            bytes32[] memory ids = abi.decode(read.callData[4:], (bytes32[]));
            (uint256 at, address[] memory repayTo) = abi.decode(readResults[0], (uint256, address[]));
            if (repayTo.length != ids.length) revert BadProof();
            p = _payouts(ids.length);
            answered = ids.length;
            settled = _settleNamed(p, kind, ids, repayTo, at, destination);
        }
        _payAll(p, destination, remote.feeRecipient);
        emit Settled(kind, destination, answered, settled);
    }

    /// @dev The packed entries of a `fillRange` answer `abi.encode(timestamp, length, entries)`, as calldata.
    function _entries(bytes calldata result) private pure returns (bytes calldata entries) {
        uint256 offset = uint256(bytes32(result[64:96]));
        uint256 size = uint256(bytes32(result[offset:offset + 32]));
        entries = result[offset + 32:offset + 32 + size];
    }

    /// @dev Releases the escrows of a range's entries to their payees, skipping every entry this rollup holds no open
    ///      escrow for bound for `destination`: never opened here, bound elsewhere, or settled before.
    function _releaseRange(Payouts memory p, bytes calldata entries, uint256 destination)
        private returns (uint256 count, uint256 settled)
    {
        address payee;
        uint256 at;
        while (at < entries.length) {
            if (entries[at] != 0) {
                payee = address(bytes20(entries[at + 1:at + 21]));
                at += 21;
            } else {
                at += 1;
            }
            bytes32 id = bytes32(entries[at:at + 32]);
            at += 32;
            ++count;
            Escrow memory e = escrow[id];
            if (e.amount == 0 || e.destinationChainId != destination || _status(e.seq) != 0 || payee == address(0)) continue;
            ++settled;
            _setStatus(e.seq, EscrowStatus.RELEASED);
            uint256 fee = uint256(e.amount) * e.feeBps / 10_000;
            _owe(p, _token(p, e.token), payee, e.amount - fee, fee);
        }
    }

    /// @dev Settles the escrows of `ids` as `kind` says, skipping those settled before; refuses an order this rollup has
    ///      no escrow of and one bound for another rollup than `destination`. RELEASE pays each to its `repayTo` and
    ///      refuses one the read shows unfilled; REFUND returns each to its user, and refuses one the read shows filled
    ///      or one whose fill deadline is not past at `at`, the block the read was attested at.
    function _settleNamed(Payouts memory p, uint8 kind, bytes32[] memory ids, address[] memory repayTo, uint256 at,
        uint256 destination) private returns (uint256 settled)
    {
        for (uint256 i = 0; i < ids.length; ++i) {
            Escrow memory e = escrow[ids[i]];
            if (e.amount == 0) revert UnknownOrder(ids[i]);
            if (e.destinationChainId != destination) revert BadProof();
            if (_status(e.seq) != 0) continue; // settled by an earlier message: nothing twice
            if (kind == RELEASE) {
                if (repayTo[i] == address(0)) revert NotFilled(ids[i]);
                ++settled;
                _setStatus(e.seq, EscrowStatus.RELEASED);
                uint256 fee = uint256(e.amount) * e.feeBps / 10_000;
                _owe(p, _token(p, e.token), repayTo[i], e.amount - fee, fee);
            } else {
                if (repayTo[i] != address(0)) revert AlreadyFilled(ids[i]);
                if (at <= e.fillDeadline) revert NotExpired(ids[i]);
                ++settled;
                _setStatus(e.seq, EscrowStatus.REFUNDED);
                _owe(p, _token(p, e.token), escrowUser[ids[i]], e.amount, 0);
            }
        }
    }

    /// @dev The token at `index` of {tokenAt}, read once for a run of orders in it.
    function _token(Payouts memory p, uint16 index) private view returns (address) {
        if (p.tokenIndexPlusOne != uint256(index) + 1) {
            p.token = tokenAt[index];
            p.tokenIndexPlusOne = uint256(index) + 1;
        }
        return p.token;
    }

    /// What {escrowOf} answers.
    struct EscrowView {
        address token;
        uint256 amount;
        uint256 destinationChainId;
        uint32 fillDeadline;
        uint16 feeBps;
        address user;
        EscrowStatus status;
    }

    /// @notice An order's escrow on this rollup (its origin): `status` NONE when it was never opened here.
    function escrowOf(bytes32 orderId) external view returns (EscrowView memory v) {
        Escrow memory e = escrow[orderId];
        if (e.amount == 0) return v;
        uint256 bits = _status(e.seq);
        v.status = bits == 0 ? EscrowStatus.OPEN : bits == 1 ? EscrowStatus.RELEASED : EscrowStatus.REFUNDED;
        v.token = tokenAt[e.token];
        v.amount = e.amount;
        v.destinationChainId = e.destinationChainId;
        v.fillDeadline = e.fillDeadline;
        v.feeBps = e.feeBps;
        v.user = escrowUser[orderId];
    }

    function _status(uint40 seq) private view returns (uint256) {
        return (statusWords[seq / 128] >> (2 * (seq % 128))) & 3;
    }

    function _setStatus(uint40 seq, EscrowStatus status) private {
        uint256 bits = status == EscrowStatus.RELEASED ? 1 : 2;
        statusWords[seq / 128] |= bits << (2 * (seq % 128));
    }

    function _tokenIndex(address token) private returns (uint16) {
        uint16 k = tokenIndexPlusOne[token];
        if (k == 0) {
            if (tokenAt.length >= type(uint16).max) revert BadOrder();
            tokenAt.push(token);
            k = uint16(tokenAt.length);
            tokenIndexPlusOne[token] = k;
        }
        return k - 1;
    }

    function _check(GaslessCrossChainOrder calldata order) private view returns (MetarouteOrder memory data) {
        if (order.originSettler != address(this)) revert WrongSettler();
        if (order.originChainId != block.chainid) revert WrongChain();
        if (order.orderDataType != CrossOrders.ORDER_TYPEHASH || order.openDeadline > order.fillDeadline) revert BadOrder();
        data = abi.decode(order.orderData, (MetarouteOrder));
        if (data.destinationChainId > type(uint40).max || remotes[data.destinationChainId].settler == address(0)
            || data.finality > 1 || data.feeBps > MAX_FEE_BPS
            || data.amountIn == 0 || data.amountIn > type(uint112).max || data.recipient == address(0)) revert BadOrder();
    }

    function _resolve(GaslessCrossChainOrder calldata order, MetarouteOrder memory data, bytes32 orderId)
        private view returns (ResolvedCrossChainOrder memory r)
    {
        r.user = order.user;
        r.originChainId = order.originChainId;
        r.openDeadline = order.openDeadline;
        r.fillDeadline = order.fillDeadline;
        r.orderId = orderId;
        r.maxSpent = new Output[](1);
        r.maxSpent[0] = Output(CrossOrders.word(data.tokenOut), data.minAmountOut, CrossOrders.word(data.recipient),
            data.destinationChainId);
        r.minReceived = new Output[](1);
        r.minReceived[0] = Output(CrossOrders.word(data.tokenIn), data.amountIn - data.amountIn * data.feeBps / 10_000,
            bytes32(0), order.originChainId);
        r.fillInstructions = new FillInstruction[](1);
        r.fillInstructions[0] = FillInstruction(data.destinationChainId,
            CrossOrders.word(remotes[data.destinationChainId].settler), abi.encode(CrossOrders.fillOrder(order, data)));
    }

    /// @dev The `Step[]` of `fillerData = abi.encode(address, address, uint256, Step[])`, as calldata: its offset
    ///      is the fourth word.
    function _steps(bytes calldata fillerData) private pure returns (Step[] calldata steps) {
        uint256 offset = uint256(bytes32(fillerData[96:128]));
        uint256 length = uint256(bytes32(fillerData[offset:offset + 32]));
        assembly {
            steps.offset := add(add(fillerData.offset, offset), 32)
            steps.length := length
        }
    }
}
