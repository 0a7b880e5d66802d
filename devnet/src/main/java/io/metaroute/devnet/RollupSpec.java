package io.metaroute.devnet;

import io.metaroute.core.chain.ChainId;
import io.metaroute.core.chain.Domain;
import io.metaroute.core.network.RollupProfile;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** What one devnet rollup should look like: identity, block time, base fee and the pools to seed. */
public record RollupSpec(
        String name,
        RollupProfile profile,
        ChainId chainId,
        Domain domain,
        Duration blockTime,
        BigInteger baseFeeWei,
        List<PoolSeed> pools) {

    public RollupSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(chainId, "chainId");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(blockTime, "blockTime");
        Objects.requireNonNull(baseFeeWei, "baseFeeWei");
        pools = List.copyOf(pools);
        if (blockTime.isNegative() || blockTime.isZero()) {
            throw new IllegalArgumentException("block time must be positive, got " + blockTime);
        }
        for (PoolSeed p : pools) {
            if (!DevnetTokens.SYMBOLS.contains(p.symbolA()) || !DevnetTokens.SYMBOLS.contains(p.symbolB())) {
                throw new IllegalArgumentException("pool " + p + " uses a token the devnet does not deploy " + DevnetTokens.SYMBOLS);
            }
        }
    }

    /** Whole seconds can be set over RPC after an automined deployment; fractions need anvil's --block-time. */
    boolean wholeSecondBlockTime() {
        return blockTime.toMillis() % 1000 == 0;
    }
}
