package io.metaroute.core.route;

import io.metaroute.core.chain.Address;
import io.metaroute.core.token.Uint256;
import java.math.BigInteger;
import java.util.Objects;

/**
 * One swap through one pool, as one step of a route's program: it sells {@code share} parts in
 * {@link #ALL} of the {@code tokenIn} the route holds when the step runs, and records the exact
 * integer amounts in and out against the snapshot the route was computed from. The settler runs
 * the same rule, {@code amountIn = held * share / 1e18} rounded down, so a split over several
 * pools is a list of legs whose shares divide the held amount.
 */
public record Leg(Address pool, Address tokenIn, Address tokenOut, BigInteger amountIn, BigInteger amountOut, long share) {
    /** The whole held balance: 1e18 parts. */
    public static final long ALL = 1_000_000_000_000_000_000L;
    private static final BigInteger ALL_BIG = BigInteger.valueOf(ALL);

    public Leg {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(tokenIn, "tokenIn");
        Objects.requireNonNull(tokenOut, "tokenOut");
        Uint256.require("amountIn", amountIn);
        Uint256.require("amountOut", amountOut);
        if (share <= 0 || share > ALL) {
            throw new IllegalArgumentException("share must be in (0, 1e18], got " + share);
        }
        if (tokenIn.equals(tokenOut)) {
            throw new IllegalArgumentException("a leg needs two different tokens");
        }
    }

    /** A leg that sells everything held of {@code tokenIn}: the step of a single path. */
    public Leg(Address pool, Address tokenIn, Address tokenOut, BigInteger amountIn, BigInteger amountOut) {
        this(pool, tokenIn, tokenOut, amountIn, amountOut, ALL);
    }

    /** What this leg sells out of {@code held}, by the settler's rounding. */
    public static BigInteger portion(BigInteger held, long share) {
        return share == ALL ? held : held.multiply(BigInteger.valueOf(share)).divide(ALL_BIG);
    }
}
