// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {FinalityState, ReadOperation, ReadAttestation, IMetalayerRecipient, IHyperlaneMailbox} from "./MetalayerTypes.sol";
import {MetalayerMessage} from "./MetalayerMessage.sol";
import {MetalayerReads} from "./MetalayerReads.sol";

/// Metaroute's Metalayer router on one rollup: applications dispatch through it, it carries their
/// Metalayer message to the enrolled router of the destination through Hyperlane's Mailbox, and on
/// delivery hands it to the recipient. The Mailbox asks it for its ISM, which picks the multisig ISM
/// by the message's origin and finality.
///
/// Reads. A message may carry reads (static calls on any rollup of the network). Their results are not
/// in the message: the relayer supplies them at delivery with the guardian validators' attestations,
/// through {deliverWithReads}, which
///  1. verifies every read: at least {readThreshold} signatures of distinct configured read validators,
///     in ascending validator order, over {readDigest}(message id, the read's domain, the attested
///     block number and hash, the read's target and call data, the result passed in) — see
///     MetalayerReads for the digest; anything else (another result, another block, too few,
///     duplicated or out-of-order signatures, a non-validator) reverts;
///  2. keeps the results and the body's hash in transient storage (EIP-1153) and calls
///     {Mailbox.process}, whose ISM verifies the message itself;
///  3. in {handle}, called by the Mailbox in the same transaction, takes the pending results for exactly
///     this body (and clears them) and passes them to the recipient.
/// A message with reads delivered through {Mailbox.process} directly finds no pending results and reverts,
/// so it stays undelivered. The read validators are global to the router (every rollup's state is
/// attested by the same guardians), set by the owner.
contract MetalayerRouter {
    /// StandardHookMetadata variant.
    uint16 private constant HOOK_METADATA_VARIANT = 1;
    /// Offset of the body in a Hyperlane message (the recipient word ends there).
    uint256 private constant MESSAGE_BODY = 77;

    IHyperlaneMailbox public immutable mailbox;
    address public immutable igp;
    uint32 public immutable localDomain;
    address public owner;
    address public interchainSecurityModule;
    uint32 public nonce;
    mapping(uint32 => bytes32) private routers;
    address[] private readValidatorList;
    /// 1-based position of a read validator in {readValidatorList}; 0 for any other address.
    mapping(address => uint256) private readValidatorPosition;
    uint8 public readThreshold;
    /// keccak256 of the Metalayer body whose read results are pending for {handle}, within one transaction.
    bytes32 private transient pendingBody;
    /// First slot of the pending abi-encoded read results in transient storage (length, then words).
    uint256 private constant PENDING_RESULTS_SLOT = 0x6d657461726f7574652e70656e64696e672d726561642d726573756c7473;

    event RemoteRouterEnrolled(uint32 indexed domain, bytes32 router);
    event IsmSet(address ism);
    event ReadValidatorsSet(address[] validators, uint8 threshold);
    event MetalayerDispatch(bytes32 indexed messageId, uint32 indexed destination, address indexed sender,
        address recipient, FinalityState finality, uint32 nonce);
    event MetalayerDelivery(uint32 indexed origin, bytes32 indexed sender, address indexed recipient, uint32 nonce);

    modifier onlyOwner() {
        require(msg.sender == owner, "MetalayerRouter: not the owner");
        _;
    }

    constructor(address mailbox_, address igp_, address owner_) {
        mailbox = IHyperlaneMailbox(mailbox_);
        igp = igp_;
        localDomain = IHyperlaneMailbox(mailbox_).localDomain();
        owner = owner_;
    }

    function transferOwnership(address newOwner) external onlyOwner {
        owner = newOwner;
    }

    function setInterchainSecurityModule(address ism) external onlyOwner {
        interchainSecurityModule = ism;
        emit IsmSet(ism);
    }

    function enrollRemoteRouter(uint32 domain, bytes32 router) external onlyOwner {
        require(domain != localDomain, "MetalayerRouter: local domain");
        routers[domain] = router;
        emit RemoteRouterEnrolled(domain, router);
    }

    /// The guardians whose signatures attest read results, ascending, and how many must sign each read.
    function setReadValidators(address[] calldata validators, uint8 threshold) external onlyOwner {
        require(threshold >= 1 && threshold <= validators.length, "MetalayerRouter: bad read threshold");
        for (uint256 i = 0; i < readValidatorList.length; i++) {
            delete readValidatorPosition[readValidatorList[i]];
        }
        delete readValidatorList;
        for (uint256 i = 0; i < validators.length; i++) {
            require(validators[i] != address(0) && (i == 0 || validators[i] > validators[i - 1]),
                "MetalayerRouter: read validators not ascending");
            readValidatorList.push(validators[i]);
            readValidatorPosition[validators[i]] = i + 1;
        }
        readThreshold = threshold;
        emit ReadValidatorsSet(validators, threshold);
    }

    function readValidators() external view returns (address[] memory) {
        return readValidatorList;
    }

    /// What the read validators sign, EIP-191 prefixed; see MetalayerReads.
    function readDigest(bytes32 messageId, uint32 domain, uint256 blockNumber, bytes32 blockHash, address target,
        bytes calldata callData, bytes calldata result) external pure returns (bytes32)
    {
        return MetalayerReads.digest(messageId, domain, blockNumber, blockHash, target, callData, result);
    }

    function routerAddresses(uint32 domain) external view returns (address) {
        return address(uint160(uint256(routers[domain])));
    }

    function dispatch(uint32 destinationDomain, address recipient, ReadOperation[] calldata reads,
        bytes calldata writeCallData, FinalityState finality, uint256 gasLimit) external payable returns (bytes32 id)
    {
        uint32 n = nonce++;
        bytes memory body = MetalayerMessage.withPayload(
            _header(destinationDomain, recipient, finality, n),
            reads, writeCallData);
        id = _send(destinationDomain, body, gasLimit);
        emit MetalayerDispatch(id, destinationDomain, msg.sender, recipient, finality, n);
    }

    function quoteDispatch(uint32 destinationDomain, address recipient, ReadOperation[] calldata reads,
        bytes calldata writeCallData, FinalityState finality, uint256 gasLimit) external view returns (uint256)
    {
        bytes memory body = MetalayerMessage.withPayload(
            _header(destinationDomain, recipient, finality, nonce),
            reads, writeCallData);
        return mailbox.quoteDispatch(destinationDomain, _remote(destinationDomain), body,
            _hookMetadata(gasLimit, msg.sender));
    }

    function _send(uint32 destinationDomain, bytes memory body, uint256 gasLimit) private returns (bytes32 id) {
        bytes32 remote = _remote(destinationDomain);
        bytes memory hookMetadata = _hookMetadata(gasLimit, msg.sender);
        uint256 fee = mailbox.quoteDispatch(destinationDomain, remote, body, hookMetadata);
        require(msg.value >= fee, "MetalayerRouter: fee not covered");
        id = mailbox.dispatch{value: fee}(destinationDomain, remote, body, hookMetadata);
        if (msg.value > fee) {
            (bool ok,) = msg.sender.call{value: msg.value - fee}("");
            require(ok, "MetalayerRouter: refund failed");
        }
    }

    /// Delivers a Hyperlane message whose Metalayer body carries reads: verifies each read's attestation,
    /// then calls {Mailbox.process} with {metadata} (the ISM's), which calls {handle} in this transaction.
    function deliverWithReads(bytes calldata metadata, bytes calldata message, bytes[] calldata readResults,
        ReadAttestation[] calldata attestations) external payable
    {
        require(pendingBody == bytes32(0), "MetalayerRouter: a delivery is in progress");
        require(message.length > MESSAGE_BODY, "MetalayerRouter: not a Hyperlane message");
        require(bytes32(message[MESSAGE_BODY - 32:MESSAGE_BODY]) == bytes32(uint256(uint160(address(this)))),
            "MetalayerRouter: message not for this router");
        bytes calldata body = message[MESSAGE_BODY:];
        MetalayerMessage.Decoded memory m = MetalayerMessage.decode(body);
        require(m.reads.length > 0, "MetalayerRouter: no reads, use Mailbox.process");
        require(readResults.length == m.reads.length && attestations.length == m.reads.length,
            "MetalayerRouter: one result and one attestation per read");
        bytes32 id = keccak256(message);
        for (uint256 i = 0; i < m.reads.length; i++) {
            _verifyRead(id, m.reads[i], readResults[i], attestations[i]);
        }
        pendingBody = keccak256(body);
        _stash(abi.encode(readResults));
        mailbox.process{value: msg.value}(metadata, message);
        require(pendingBody == bytes32(0), "MetalayerRouter: read results not consumed");
    }

    function _verifyRead(bytes32 id, ReadOperation memory read, bytes calldata result, ReadAttestation calldata a)
        private view
    {
        bytes32 hash = MetalayerReads.signedHash(MetalayerReads.digest(id, read.domain, a.blockNumber, a.blockHash,
            read.target, read.callData, result));
        uint256 threshold = readThreshold;
        require(threshold > 0, "MetalayerRouter: no read validators");
        require(a.signatures.length % 65 == 0, "MetalayerRouter: bad read signature length");
        uint256 count = a.signatures.length / 65;
        require(count >= threshold, "MetalayerRouter: too few read signatures");
        uint256 last = 0;
        for (uint256 k = 0; k < count; k++) {
            uint256 position = readValidatorPosition[MetalayerReads.signer(hash, a.signatures, k)];
            require(position != 0, "MetalayerRouter: read not attested by a validator");
            require(position > last, "MetalayerRouter: read signatures not in validator order");
            last = position;
        }
    }

    /// Called by the Mailbox once its ISM verified the message.
    function handle(uint32 origin, bytes32 sender, bytes calldata body) external payable {
        require(msg.sender == address(mailbox), "MetalayerRouter: not the mailbox");
        require(sender != bytes32(0) && routers[origin] == sender, "MetalayerRouter: unenrolled sender");
        MetalayerMessage.Decoded memory m = MetalayerMessage.decode(body);
        require(m.origin == origin, "MetalayerRouter: origin mismatch");
        require(m.destination == localDomain, "MetalayerRouter: wrong destination");
        bytes[] memory readResults;
        if (m.reads.length == 0) {
            readResults = new bytes[](0);
        } else {
            require(pendingBody != bytes32(0) && pendingBody == keccak256(body), "MetalayerRouter: reads not attested");
            pendingBody = bytes32(0);
            readResults = abi.decode(_unstash(), (bytes[]));
        }
        IMetalayerRecipient(m.recipient).handle{value: msg.value}(origin, m.sender, m.writeCallData, m.reads,
            readResults);
        emit MetalayerDelivery(origin, m.sender, m.recipient, m.nonce);
    }

    function _header(uint32 destinationDomain, address recipient, FinalityState finality, uint32 n)
        private view returns (bytes memory)
    {
        return MetalayerMessage.header(finality, n, localDomain, msg.sender, destinationDomain, recipient);
    }

    function _remote(uint32 destinationDomain) private view returns (bytes32 remote) {
        remote = routers[destinationDomain];
        require(remote != bytes32(0), "MetalayerRouter: no router for destination");
    }

    function _hookMetadata(uint256 gasLimit, address refund) private pure returns (bytes memory) {
        return abi.encodePacked(HOOK_METADATA_VARIANT, uint256(0), gasLimit, refund);
    }

    function _stash(bytes memory data) private {
        assembly {
            let n := mload(data)
            tstore(PENDING_RESULTS_SLOT, n)
            let words := div(add(n, 31), 32)
            for { let i := 0 } lt(i, words) { i := add(i, 1) } {
                tstore(add(add(PENDING_RESULTS_SLOT, 1), i), mload(add(data, mul(add(i, 1), 32))))
            }
        }
    }

    /// The stashed bytes, clearing them.
    function _unstash() private returns (bytes memory data) {
        assembly {
            let n := tload(PENDING_RESULTS_SLOT)
            tstore(PENDING_RESULTS_SLOT, 0)
            let words := div(add(n, 31), 32)
            data := mload(0x40)
            mstore(data, n)
            for { let i := 0 } lt(i, words) { i := add(i, 1) } {
                let slot := add(add(PENDING_RESULTS_SLOT, 1), i)
                mstore(add(data, mul(add(i, 1), 32)), tload(slot))
                tstore(slot, 0)
            }
            mstore(0x40, add(data, mul(add(words, 1), 32)))
        }
    }
}
