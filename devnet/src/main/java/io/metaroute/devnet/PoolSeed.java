package io.metaroute.devnet;

import java.math.BigInteger;
import java.util.Objects;

/**
 * Initial liquidity of one Uniswap V2 pair, in whole token units: {@code unitsA} of {@code symbolA}
 * against {@code unitsB} of {@code symbolB}. The price is their ratio, the depth their size.
 */
public record PoolSeed(String symbolA, long unitsA, String symbolB, long unitsB) {
    public PoolSeed {
        Objects.requireNonNull(symbolA, "symbolA");
        Objects.requireNonNull(symbolB, "symbolB");
        if (symbolA.equals(symbolB)) {
            throw new IllegalArgumentException("a pool needs two different tokens, got " + symbolA + " twice");
        }
        if (unitsA <= 0 || unitsB <= 0) {
            throw new IllegalArgumentException("pool seed amounts must be positive");
        }
    }

    public static PoolSeed of(String symbolA, long unitsA, String symbolB, long unitsB) {
        return new PoolSeed(symbolA, unitsA, symbolB, unitsB);
    }

    static BigInteger baseUnits(long units, int decimals) {
        return BigInteger.valueOf(units).multiply(BigInteger.TEN.pow(decimals));
    }
}
