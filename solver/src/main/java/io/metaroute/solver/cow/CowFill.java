package io.metaroute.solver.cow;

import java.math.BigInteger;
import java.util.Objects;

/**
 * One intent's part in a match: {@code matchedIn} of its input goes to the other side, and it
 * receives {@code received} of its output from the other side (or, across rollups, from the
 * solver's inventory on its destination). Always {@code received >= ceil(minAmountOut * matchedIn / amountIn)}.
 */
public record CowFill(CowIntent intent, BigInteger matchedIn, BigInteger received) {
    public CowFill {
        Objects.requireNonNull(intent, "intent");
        if (matchedIn.signum() <= 0 || matchedIn.compareTo(intent.amountIn()) > 0) {
            throw new IllegalArgumentException("matchedIn must be in (0, amountIn], got " + matchedIn);
        }
        if (received.signum() <= 0) {
            throw new IllegalArgumentException("a fill must receive something, got " + received);
        }
    }

    public String intentId() {
        return intent.id();
    }

    public boolean complete() {
        return matchedIn.equals(intent.amountIn());
    }

    /** What is still to route: the unmatched input, and what it must still pay so the signed minimum holds. */
    public BigInteger residualIn() {
        return intent.amountIn().subtract(matchedIn);
    }

    public BigInteger residualMinOut() {
        return intent.minAmountOut().subtract(received).max(BigInteger.ZERO);
    }
}
