// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {FinalityState, ReadOperation, IMetalayerRecipient, IHyperlaneMailbox} from "./MetalayerTypes.sol";
import {MetalayerMessage} from "./MetalayerMessage.sol";

/// Metaroute's Metalayer router on one rollup: applications dispatch through it, it carries their
/// Metalayer message to the enrolled router of the destination through Hyperlane's Mailbox, and on
/// delivery hands it to the recipient. The Mailbox asks it for its ISM, which picks the multisig ISM
/// by the message's origin and finality.
///
/// Reads are part of the format but not delivered yet: their attestation is not verified on chain,
/// so a dispatch with reads is refused rather than delivered with unverified results.
contract MetalayerRouter {
    /// StandardHookMetadata variant.
    uint16 private constant HOOK_METADATA_VARIANT = 1;

    IHyperlaneMailbox public immutable mailbox;
    address public immutable igp;
    uint32 public immutable localDomain;
    address public owner;
    address public interchainSecurityModule;
    uint32 public nonce;
    mapping(uint32 => bytes32) private routers;

    event RemoteRouterEnrolled(uint32 indexed domain, bytes32 router);
    event IsmSet(address ism);
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

    function routerAddresses(uint32 domain) external view returns (address) {
        return address(uint160(uint256(routers[domain])));
    }

    function dispatch(uint32 destinationDomain, address recipient, ReadOperation[] calldata reads,
        bytes calldata writeCallData, FinalityState finality, uint256 gasLimit) external payable returns (bytes32 id)
    {
        require(reads.length == 0, "MetalayerRouter: reads are not supported yet");
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

    /// Called by the Mailbox once its ISM verified the message.
    function handle(uint32 origin, bytes32 sender, bytes calldata body) external payable {
        require(msg.sender == address(mailbox), "MetalayerRouter: not the mailbox");
        require(sender != bytes32(0) && routers[origin] == sender, "MetalayerRouter: unenrolled sender");
        MetalayerMessage.Decoded memory m = MetalayerMessage.decode(body);
        require(m.origin == origin, "MetalayerRouter: origin mismatch");
        require(m.destination == localDomain, "MetalayerRouter: wrong destination");
        require(m.reads.length == 0, "MetalayerRouter: reads are not supported yet");
        bytes[] memory readResults = new bytes[](0);
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
}
