package io.metaroute.solver.cow;

import java.util.Comparator;
import java.util.Objects;

/** Two different assets in canonical order: {@code base < quote}. A {@link Price} is quote per base. */
public record AssetPair(AssetId base, AssetId quote) implements Comparable<AssetPair> {
    private static final Comparator<AssetPair> ORDER =
            Comparator.comparing(AssetPair::base).thenComparing(AssetPair::quote);

    public AssetPair {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(quote, "quote");
        if (base.compareTo(quote) >= 0) {
            throw new IllegalArgumentException("an asset pair needs base < quote, got " + base + " and " + quote);
        }
    }

    /** The pair of two different assets, in whichever order they come. */
    public static AssetPair of(AssetId a, AssetId b) {
        return a.compareTo(b) < 0 ? new AssetPair(a, b) : new AssetPair(b, a);
    }

    public boolean contains(AssetId asset) {
        return base.equals(asset) || quote.equals(asset);
    }

    @Override
    public int compareTo(AssetPair other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return base.symbol() + "-" + quote.symbol();
    }
}
