package io.metaroute.core.network;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.Domain;
import java.util.Objects;

/**
 * The Metalayer contracts of one rollup: Hyperlane's Mailbox, its default hook (MerkleTreeHook) and
 * required hook (InterchainGasPaymaster with its gas oracle), the message-id multisig ISMs for
 * INSTANT and FINALIZED (one pair serves every origin, since every origin has the same validators),
 * the {@code FinalityIsm} that picks between them, the {@code MetalayerRouter}, and Metaroute's
 * ERC-7683 {@code CrossSettler} (origin escrow and destination fills of cross-rollup orders).
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
        Address crossSettler) {

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
    }

    public Address ism(FinalityState finality) {
        return finality == FinalityState.INSTANT ? instantIsm : finalizedIsm;
    }
}
