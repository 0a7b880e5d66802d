package io.metaroute.solver.cow;

import java.util.Comparator;
import java.util.Locale;

/**
 * One economic asset, whichever rollup holds it: USDC on ember and USDC on veil are the same
 * asset. Tokens are the same asset only if one base unit of one is worth one base unit of the
 * other, so the decimals belong to the identity: a six-decimal and an eighteen-decimal "USDC"
 * are two assets and are never matched against each other.
 */
public record AssetId(String symbol, int decimals) implements Comparable<AssetId> {
    private static final Comparator<AssetId> ORDER =
            Comparator.comparing(AssetId::symbol).thenComparingInt(AssetId::decimals);

    public AssetId {
        if (symbol == null || symbol.isBlank()) {
            throw new IllegalArgumentException("an asset needs a symbol");
        }
        if (decimals < 0 || decimals > 77) {
            throw new IllegalArgumentException("decimals must be between 0 and 77, got " + decimals);
        }
        symbol = symbol.trim().toUpperCase(Locale.ROOT);
    }

    public static AssetId of(String symbol, int decimals) {
        return new AssetId(symbol, decimals);
    }

    @Override
    public int compareTo(AssetId other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return symbol + "/" + decimals;
    }
}
