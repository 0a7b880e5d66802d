package io.metaroute.solver.routing;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Objects;

/**
 * How close a route is to the best possible, proved rather than claimed. {@code value} is the
 * route's exact net output (what the recipient receives, less the execution gas priced in the
 * output token); {@code upperBound} is a bound on the net output of every route on this snapshot,
 * from weak duality of the convex routing problem (rounded up): the relaxation it covers has no
 * leg limit, splits amounts continuously, and charges the gas of a single leg. The gap is
 * {@code (upperBound - value) / upperBound}. The bound is never adjusted to the route: a bound
 * below the value is a fault of the search, and {@link #holds()} says so.
 *
 * <p>{@code parts}, where known, splits the gap: how much is the solver's ({@code solver}: the
 * bound over the exact output of the unlimited optimum it found), and how much the leg limit and
 * fewer legs cost ({@code legLimit}: that output over the route's gross output) and gas beyond
 * one leg ({@code gas}), each as a share of the bound; they add up to the gap.
 * A search that cannot bound the optimum reports no bound and a gap of 1.
 */
public record Certificate(BigInteger value, BigInteger upperBound, double gap, int iterations, String method, Parts parts) {
    public Certificate {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(method, "method");
    }

    /**
     * Where the gap comes from, as shares of the bound; {@code unlimitedOutput} is the exact gross
     * output of the unlimited optimum's program, which has {@code unlimitedLegs} legs.
     */
    public record Parts(double solver, double legLimit, double gas, BigInteger unlimitedOutput, int unlimitedLegs) {
    }

    public static Certificate of(BigInteger value, BigInteger upperBound, int iterations, String method) {
        return of(value, upperBound, iterations, method, null);
    }

    public static Certificate of(BigInteger value, BigInteger upperBound, int iterations, String method, Parts parts) {
        return new Certificate(value, upperBound, share(upperBound.subtract(value), upperBound), iterations, method, parts);
    }

    /** For searches that prove nothing about the optimum. */
    public static Certificate unbounded(BigInteger value, int iterations, String method) {
        return new Certificate(value, null, 1.0, iterations, method, null);
    }

    public boolean bounded() {
        return upperBound != null;
    }

    /** False when the bound is below the route's own value: the search is at fault, and the bound proves nothing. */
    public boolean holds() {
        return upperBound == null || upperBound.compareTo(value) >= 0;
    }

    /** {@code part / whole}, zero when the whole is not positive. */
    static double share(BigInteger part, BigInteger whole) {
        if (whole.signum() <= 0) {
            return 0.0;
        }
        return new BigDecimal(part).divide(new BigDecimal(whole), MathContext.DECIMAL64).doubleValue();
    }
}
