package io.metaroute.core.network;

/** The division of labour between rollups that the product brief describes. */
public enum RollupProfile {
    /** Fast, high-throughput, cheap gas: games and trading. */
    GAMING,
    /** ZK rollup for private transfers. */
    ZK_PRIVACY,
    /** Permissioned enterprise rollup: slower blocks, pricier gas. */
    ENTERPRISE
}
