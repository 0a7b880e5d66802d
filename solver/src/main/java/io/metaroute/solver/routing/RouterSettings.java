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
    public static final int SETTLER_MAX_LEGS = 8;

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

    public RouterSettings withMaxLegs(int legs) {
        return new RouterSettings(gasPerFill, gasPerLeg, priceGas, legs, messageFeeWei, maxSnapshotAge);
    }
}
