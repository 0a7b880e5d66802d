package io.metaroute.devnet;

import io.metaroute.core.chain.ChainId;
import io.metaroute.core.chain.Domain;
import io.metaroute.core.network.RollupProfile;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one devnet rollup should look like: identity, block time, base fee, the pools to seed, and
 * the tokens it deploys beyond the four base ones (the scale option's, 18 decimals each; deployed in
 * this order after the base tokens).
 */
public record RollupSpec(
        String name,
        RollupProfile profile,
        ChainId chainId,
        Domain domain,
        Duration blockTime,
        BigInteger baseFeeWei,
        List<PoolSeed> pools,
        List<String> extraTokens) {

    public RollupSpec(String name, RollupProfile profile, ChainId chainId, Domain domain, Duration blockTime, BigInteger baseFeeWei,
                      List<PoolSeed> pools) {
        this(name, profile, chainId, domain, blockTime, baseFeeWei, pools, List.of());
    }

    public RollupSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(chainId, "chainId");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(blockTime, "blockTime");
        Objects.requireNonNull(baseFeeWei, "baseFeeWei");
        pools = List.copyOf(pools);
        extraTokens = List.copyOf(extraTokens);
        if (blockTime.isNegative() || blockTime.isZero()) {
            throw new IllegalArgumentException("block time must be positive, got " + blockTime);
        }
        for (PoolSeed p : pools) {
            if (!known(extraTokens, p.symbolA()) || !known(extraTokens, p.symbolB())) {
                throw new IllegalArgumentException("pool " + p + " uses a token the devnet does not deploy " + DevnetTokens.SYMBOLS
                        + " " + extraTokens);
            }
        }
    }

    private static boolean known(List<String> extra, String symbol) {
        return DevnetTokens.SYMBOLS.contains(symbol) || extra.contains(symbol);
    }

    /** Every token symbol of the rollup, in deployment order. */
    public List<String> symbols() {
        var all = new java.util.ArrayList<>(DevnetTokens.SYMBOLS);
        all.addAll(extraTokens);
        return all;
    }

    /** A copy with another block time. */
    public RollupSpec withBlockTime(Duration time) {
        return new RollupSpec(name, profile, chainId, domain, time, baseFeeWei, pools, extraTokens);
    }

    /** Whole seconds can be set over RPC after an automined deployment; fractions need anvil's --block-time. */
    boolean wholeSecondBlockTime() {
        return blockTime.toMillis() % 1000 == 0;
    }
}
