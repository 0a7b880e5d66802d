package io.metaroute.solver.cow;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Splits an integer amount pro rata to integer weights so that the parts add up to exactly the
 * amount (largest-remainder method): each part is first {@code floor(total * w / W)}; the units
 * left over go one each to the parts with the largest remainders, ties to the earlier part. So
 * every part is its exact share rounded down or up, and a part of weight zero stays zero.
 */
final class Shares {
    private Shares() {
    }

    static List<BigInteger> split(BigInteger total, List<BigInteger> weights) {
        BigInteger sum = weights.stream().reduce(BigInteger.ZERO, BigInteger::add);
        if (total.signum() < 0) {
            throw new IllegalArgumentException("cannot split a negative amount: " + total);
        }
        if (sum.signum() == 0) {
            if (total.signum() != 0) {
                throw new IllegalArgumentException("cannot split " + total + " over zero weights");
            }
            return weights.stream().map(w -> BigInteger.ZERO).toList();
        }
        var parts = new ArrayList<BigInteger>(weights.size());
        var remainders = new ArrayList<BigInteger>(weights.size());
        BigInteger given = BigInteger.ZERO;
        for (BigInteger w : weights) {
            BigInteger[] qr = total.multiply(w).divideAndRemainder(sum);
            parts.add(qr[0]);
            remainders.add(qr[1]);
            given = given.add(qr[0]);
        }
        int left = total.subtract(given).intValueExact();
        IntStream.range(0, weights.size()).boxed()
                .sorted(Comparator.comparing((Integer i) -> remainders.get(i)).reversed().thenComparing(i -> i))
                .limit(left)
                .forEach(i -> parts.set(i, parts.get(i).add(BigInteger.ONE)));
        return List.copyOf(parts);
    }
}
