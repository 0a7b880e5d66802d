package io.metaroute.solver.routing;

import java.math.BigInteger;
import java.util.Objects;

/**
 * How close a route is to the best possible, proved rather than claimed. {@code value} is the
 * route's exact net output (what the recipient receives, less the execution gas priced in the
 * output token); {@code upperBound} is a bound no route on this snapshot can beat, from weak
 * duality of the convex routing problem (rounded up); {@code gap = (upperBound - value) / upperBound}.
 * A search that cannot bound the optimum reports no bound and a gap of 1.
 */
public record Certificate(BigInteger value, BigInteger upperBound, double gap, int iterations, String method) {
    public Certificate {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(method, "method");
    }

    public static Certificate of(BigInteger value, BigInteger upperBound, int iterations, String method) {
        BigInteger bound = upperBound.max(value);
        double gap = bound.signum() == 0 ? 0.0
                : new java.math.BigDecimal(bound.subtract(value)).divide(new java.math.BigDecimal(bound),
                        java.math.MathContext.DECIMAL64).doubleValue();
        return new Certificate(value, bound, gap, iterations, method);
    }

    /** For searches that prove nothing about the optimum. */
    public static Certificate unbounded(BigInteger value, int iterations, String method) {
        return new Certificate(value, null, 1.0, iterations, method);
    }

    public boolean bounded() {
        return upperBound != null;
    }
}
