package io.metaroute.solver.cow;

import java.math.BigInteger;
import java.util.Objects;

/**
 * An exact exchange rate between the two assets of a pair: one base unit of the pair's base asset
 * is worth {@code numerator / denominator} base units of its quote asset. Held in lowest terms.
 */
public record Price(BigInteger numerator, BigInteger denominator) {

    public Price {
        Objects.requireNonNull(numerator, "numerator");
        Objects.requireNonNull(denominator, "denominator");
        if (numerator.signum() <= 0 || denominator.signum() <= 0) {
            throw new IllegalArgumentException("a price needs a positive numerator and denominator, got "
                    + numerator + "/" + denominator);
        }
        BigInteger gcd = numerator.gcd(denominator);
        numerator = numerator.divide(gcd);
        denominator = denominator.divide(gcd);
    }

    /** {@code quoteAmount} of quote for {@code baseAmount} of base. */
    public static Price of(BigInteger quoteAmount, BigInteger baseAmount) {
        return new Price(quoteAmount, baseAmount);
    }

    public static Price of(long quoteAmount, long baseAmount) {
        return of(BigInteger.valueOf(quoteAmount), BigInteger.valueOf(baseAmount));
    }

    /** The value of {@code baseAmount} of base in quote, rounded down. */
    public BigInteger quoteFor(BigInteger baseAmount) {
        return baseAmount.multiply(numerator).divide(denominator);
    }

    /** The value of {@code quoteAmount} of quote in base, rounded down. */
    public BigInteger baseFor(BigInteger quoteAmount) {
        return quoteAmount.multiply(denominator).divide(numerator);
    }

    /** Whether a user selling {@code amountIn} of base for at least {@code minOut} of quote accepts this price. */
    public boolean acceptableToBaseSeller(BigInteger amountIn, BigInteger minOut) {
        return minOut.multiply(denominator).compareTo(amountIn.multiply(numerator)) <= 0;
    }

    /** Whether a user selling {@code amountIn} of quote for at least {@code minOut} of base accepts this price. */
    public boolean acceptableToQuoteSeller(BigInteger amountIn, BigInteger minOut) {
        return minOut.multiply(numerator).compareTo(amountIn.multiply(denominator)) <= 0;
    }

    @Override
    public String toString() {
        return numerator + "/" + denominator;
    }
}
