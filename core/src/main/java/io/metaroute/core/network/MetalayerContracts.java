package io.metaroute.core.network;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.Domain;
import java.util.Objects;

/**
 * The Metalayer contracts of one rollup: Hyperlane's Mailbox, its default hook (MerkleTreeHook) and
 * required hook (InterchainGasPaymaster with its gas oracle), the message-id multisig ISMs for
 * INSTANT and FINALIZED (one pair serves every origin, since every origin has the same validators),
 * the {@code FinalityIsm} that picks between them, the {@code MetalayerRouter}, and Metaroute's
 * ERC-7683 {@code CrossSettler} (origin escrow and destination fills of cross-rollup orders), and the
 * Hyperlane warp routes (collateral routers, {@code HypERC20Collateral}) that move the solver's
 * inventory of a token between rollups: token address on this rollup -> its router here.
 */
public record MetalayerContracts(
        Domain domain,
        Address mailbox,
        Address merkleTreeHook,
        Address interchainGasPaymaster,
        Address gasOracle,
        Address multisigIsmFactory,
        Address instantIsm,
        Address finalizedIsm,
        Address finalityIsm,
        Address router,
        Address crossSettler,
        java.util.Map<Address, Address> warpRoutes) {

    /** A deployment without warp routes. */
    public MetalayerContracts(Domain domain, Address mailbox, Address merkleTreeHook, Address interchainGasPaymaster,
                              Address gasOracle, Address multisigIsmFactory, Address instantIsm, Address finalizedIsm,
                              Address finalityIsm, Address router, Address crossSettler) {
        this(domain, mailbox, merkleTreeHook, interchainGasPaymaster, gasOracle, multisigIsmFactory, instantIsm, finalizedIsm,
                finalityIsm, router, crossSettler, java.util.Map.of());
    }

    public MetalayerContracts {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(mailbox, "mailbox");
        Objects.requireNonNull(merkleTreeHook, "merkleTreeHook");
        Objects.requireNonNull(interchainGasPaymaster, "interchainGasPaymaster");
        Objects.requireNonNull(gasOracle, "gasOracle");
        Objects.requireNonNull(multisigIsmFactory, "multisigIsmFactory");
        Objects.requireNonNull(instantIsm, "instantIsm");
        Objects.requireNonNull(finalizedIsm, "finalizedIsm");
        Objects.requireNonNull(finalityIsm, "finalityIsm");
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(crossSettler, "crossSettler");
        warpRoutes = warpRoutes == null ? java.util.Map.of() : java.util.Map.copyOf(warpRoutes);
    }

    /** The warp route router of {@code token} on this rollup, if it has one. */
    public java.util.Optional<Address> warpRoute(Address token) {
        return java.util.Optional.ofNullable(warpRoutes.get(token));
    }

    public Address ism(FinalityState finality) {
        return finality == FinalityState.INSTANT ? instantIsm : finalizedIsm;
    }
}
