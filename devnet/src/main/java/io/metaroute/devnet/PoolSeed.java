package io.metaroute.devnet;

import java.math.BigInteger;
import java.util.Objects;

/**
 * Initial liquidity of one Uniswap V2 pair, in millionths of a whole token (every devnet token has
 * at least 6 decimals): {@code millionthsA} of {@code symbolA} against {@code millionthsB} of
 * {@code symbolB}. The price is their ratio, the depth their size. Whole-token seeds round a
 * $10,000 token's $25,000 side to 2 or 3 tokens (a price 20% off); millionths keep every seed's
 * price within about 1e-6 of the one intended.
 */
public record PoolSeed(String symbolA, long millionthsA, String symbolB, long millionthsB) {
    private static final long MILLION = 1_000_000;
    private static final int MIN_DECIMALS = 6;

    public PoolSeed {
        Objects.requireNonNull(symbolA, "symbolA");
        Objects.requireNonNull(symbolB, "symbolB");
        if (symbolA.equals(symbolB)) {
            throw new IllegalArgumentException("a pool needs two different tokens, got " + symbolA + " twice");
        }
        if (millionthsA <= 0 || millionthsB <= 0) {
            throw new IllegalArgumentException("pool seed amounts must be positive");
        }
    }

    /** A seed of whole tokens. */
    public static PoolSeed of(String symbolA, long unitsA, String symbolB, long unitsB) {
        return new PoolSeed(symbolA, Math.multiplyExact(unitsA, MILLION), symbolB, Math.multiplyExact(unitsB, MILLION));
    }

    /** A seed in millionths of a token. */
    public static PoolSeed ofMillionths(String symbolA, long millionthsA, String symbolB, long millionthsB) {
        return new PoolSeed(symbolA, millionthsA, symbolB, millionthsB);
    }

    /** {@link #millionthsA} in base units of a token with {@code decimals}. */
    public BigInteger baseUnitsA(int decimals) {
        return fromMillionths(millionthsA, decimals);
    }

    /** {@link #millionthsB} in base units of a token with {@code decimals}. */
    public BigInteger baseUnitsB(int decimals) {
        return fromMillionths(millionthsB, decimals);
    }

    /** {@code units} whole tokens in base units. */
    static BigInteger baseUnits(long units, int decimals) {
        return BigInteger.valueOf(units).multiply(BigInteger.TEN.pow(decimals));
    }

    private static BigInteger fromMillionths(long millionths, int decimals) {
        if (decimals < MIN_DECIMALS) {
            throw new IllegalArgumentException("a pool seed needs tokens of at least " + MIN_DECIMALS + " decimals, got " + decimals);
        }
        return BigInteger.valueOf(millionths).multiply(BigInteger.TEN.pow(decimals - MIN_DECIMALS));
    }
}
