package io.metaroute.solver.routing;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Objects;

/**
 * What the router assumes about execution.
 *
 * @param gasPerFill     gas of a settler fill before its first leg (signature, nonce, transfers)
 * @param gasPerLeg      gas each pool leg adds
 * @param priceGas       whether to charge gas in the output token (off: pure output maximisation)
 * @param maxLegs        most pool legs a route may have on one rollup: the settler runs at most
 *                       {@link #SETTLER_MAX_LEGS}; more only for research (quoting the unlimited optimum)
 * @param messageFeeWei  the Metalayer message fee of one cross-rollup transfer, in native wei,
 *                       until fees are read from the Metalayer
 * @param maxSnapshotAge an older market snapshot answers {@code MARKET_STALE}; null: never stale
 */
public record RouterSettings(long gasPerFill, long gasPerLeg, boolean priceGas, int maxLegs, BigInteger messageFeeWei,
                             Duration maxSnapshotAge) {
    /**
     * Legs the settler runs in one fill or settlement. Measured on the devnet (`SplitFillTest`): a
     * fill costs about 105,000 gas plus 60,000 per leg through distinct pools (165,147 for one leg,
     * 225,059 for two, 285,289 for three; 32 legs over two pools 1,445,548), so 32 legs stay under
     * about 2M gas; which of them pay is for gas pricing to decide.
     */
    public static final int SETTLER_MAX_LEGS = 32;

    public RouterSettings {
        Objects.requireNonNull(messageFeeWei, "messageFeeWei");
        if (maxLegs < 1) {
            throw new IllegalArgumentException("maxLegs must be at least 1");
        }
    }

    public static RouterSettings defaults() {
        return new RouterSettings(105_000, 60_000, true, SETTLER_MAX_LEGS, BigInteger.valueOf(200_000_000_000_000L),
                Duration.ofSeconds(30));
    }

    /** Pure output maximisation for research: no gas, no message fee, no leg limit, never stale. */
    public static RouterSettings withoutGas() {
        return new RouterSettings(0, 0, false, Integer.MAX_VALUE, BigInteger.ZERO, null);
    }

    /** {@link #defaults()} with a hard leg limit of {@code legs} (at most the settler's). */
    public static RouterSettings shipped(int legs) {
        if (legs > SETTLER_MAX_LEGS) {
            throw new IllegalArgumentException("the settler runs at most " + SETTLER_MAX_LEGS + " legs, not " + legs);
        }
        return defaults().withMaxLegs(legs);
    }

    /** These settings with another freshness limit (null: never stale), e.g. to replay a recorded snapshot. */
    public RouterSettings withMaxSnapshotAge(Duration age) {
        return new RouterSettings(gasPerFill, gasPerLeg, priceGas, maxLegs, messageFeeWei, age);
    }

    public RouterSettings withMaxLegs(int legs) {
        return new RouterSettings(gasPerFill, gasPerLeg, priceGas, legs, messageFeeWei, maxSnapshotAge);
    }
}
