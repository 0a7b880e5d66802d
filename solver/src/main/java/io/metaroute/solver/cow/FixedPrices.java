package io.metaroute.solver.cow;

import io.metaroute.core.chain.ChainId;
import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Clearing prices given outright, e.g. by an outer optimiser or a test. */
public final class FixedPrices implements ClearingPrices {
    private final Map<AssetPair, Price> prices = new TreeMap<>();

    /** {@code amountA} of {@code a} trades for {@code amountB} of {@code b}, on every rollup. */
    public FixedPrices rate(AssetId a, BigInteger amountA, AssetId b, BigInteger amountB) {
        AssetPair pair = AssetPair.of(a, b);
        prices.put(pair, pair.base().equals(a) ? Price.of(amountB, amountA) : Price.of(amountA, amountB));
        return this;
    }

    public FixedPrices price(AssetPair pair, Price price) {
        prices.put(pair, price);
        return this;
    }

    @Override
    public Optional<Price> price(AssetPair pair, Set<ChainId> chains) {
        return Optional.ofNullable(prices.get(pair));
    }
}
