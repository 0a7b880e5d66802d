package io.metaroute.bench.routing.reference;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/**
 * Where the optimum of a routing problem over the reals lies: {@code lower} is the output of an
 * explicit feasible split, {@code upper} a dual bound no split can beat. Both are in base units of
 * the output token.
 *
 * @param activePools pools the optimal split trades through (from the dual prices)
 */
public record Bounds(BigDecimal lower, BigDecimal upper, int iterations, int activePools, String method) {
    /** {@code (upper - lower) / upper}: how precisely the optimum is known. */
    public double gap() {
        if (upper.signum() == 0) {
            return 0;
        }
        return upper.subtract(lower).divide(upper, MathContext.DECIMAL64).doubleValue();
    }

    /** {@code value / upper}: how much of the optimum an exact output reaches, at worst. */
    public double fractionOf(BigInteger value) {
        if (upper.signum() == 0) {
            return 1;
        }
        return new BigDecimal(value).divide(upper, MathContext.DECIMAL64).doubleValue();
    }
}
