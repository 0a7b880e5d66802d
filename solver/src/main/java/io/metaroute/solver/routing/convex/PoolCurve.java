package io.metaroute.solver.routing.convex;

/**
 * The trading function of one two-token pool, as the convex router sees it: everything the dual
 * search ({@link DualSolver}), the flow recovery ({@link FlowRecovery}) and the water-filling polish
 * ({@link FlowProgram}) need to know about a pool kind, in double precision. The router's algorithm
 * is written against this interface only, so a new kind of pool (concentrated liquidity, stable
 * swap, ...) is a new implementation of it and a line in {@link PoolGraph#curveOf} that builds it
 * for the pools of that kind; the solver's code stays as it is. (The exact integer math of the kind
 * belongs to core, where {@link io.metaroute.core.route.RouteReplay} runs the final route.)
 *
 * <h2>Directions</h2>
 * A curve is direction-agnostic: every method that trades takes a {@code side}, {@code 0} to sell
 * token0 for token1 and {@code 1} to sell token1 for token0 (token0 and token1 as in the pool's
 * {@link io.metaroute.core.pool.PoolState}). Amounts are in each token's base units; prices are
 * in units of the output token per unit of the input token unless said otherwise.
 *
 * <h2>Contract</h2>
 * For each side, let {@code out(x)} be the output for an input {@code x ≥ 0}. An implementation
 * must provide:
 * <ul>
 *   <li><b>Concavity.</b> {@code out} is continuous, non-decreasing and concave, with
 *       {@code out(0) = 0}: the trading function's set of feasible trades is convex. This is what
 *       makes the routing problem convex, the dual bound valid and the dual's minimiser the optimal
 *       route; a kind that is not concave (or has a non-convex fee tier, say) breaks the bound.</li>
 *   <li><b>Monotone marginal.</b> {@link #marginal} is the derivative of {@code out} (the right
 *       derivative where {@code out} has a kink, such as the end of a liquidity range), and so
 *       non-increasing in the input, and {@code ≥ 0}. {@link #marginalAtZero} is its value at zero
 *       input, the best rate for an infinitesimal trade with the fee paid, and {@link #marginalSlope}
 *       its derivative ({@code ≤ 0}).</li>
 *   <li><b>Its inverse.</b> {@link #inputForMarginal} returns, for a price {@code p}, the least
 *       input at which the marginal is at most {@code p} (the generalised inverse of a
 *       non-increasing function): {@code 0} when {@code p ≥ marginalAtZero}; for {@code p ≤ 0} the
 *       input beyond which nothing more comes out ({@code +∞} when the output never stops
 *       growing). Water-filling and the arbitrage subproblem are both built on it; water-filling
 *       needs it to be continuous wherever the marginal is strictly decreasing, and to be exact
 *       enough that {@code marginal(inputForMarginal(p)) ≈ p} there.</li>
 *   <li><b>The arbitrage subproblem.</b> {@link #arbitrage} solves, for token prices
 *       {@code ν0, ν1 > 0}, {@code max ν_out·out(x) − ν_in·x} over both directions and
 *       {@code x ≥ 0}: the optimum sits where the marginal equals {@code ν_in/ν_out}, so
 *       {@code x = inputForMarginal(side, ν_in/ν_out)} always solves it; a kind with a closed form
 *       should use it, since this runs for every pool on every evaluation of the dual. At most one
 *       direction can pay: by concavity the two rates at zero multiply to at most one (less with a fee).</li>
 *   <li><b>Scale.</b> {@link #midPrice} (the fee-free price at the current state) seeds the dual
 *       search; {@link #capacity} (the most the pool can pay out in a direction) ranks pools when
 *       seeding it. Neither has to be exact.</li>
 * </ul>
 * The methods must be cheap, allocation-free and safe to call from any thread: a curve is an
 * immutable snapshot of one pool, and {@link DualSolver} calls {@link #arbitrage} for every pool
 * many times per solve.
 *
 * <h2>Precision</h2>
 * Exactness is not needed here. The router only uses the curves to decide which pools to trade
 * in and in what proportions; every leg of the final route is recomputed with the pool's exact
 * integer math by {@link io.metaroute.core.route.RouteReplay}, so an output that is off in the last
 * digits costs nothing but a slightly different split. The one number that is published as it is
 * computed is the dual value (the upper bound), with a relative safety margin of 1e-9: the value
 * {@link #arbitrage} returns must not fall short of the true optimum by more than a small fraction
 * of that, which any formula accurate to a few ulps of double precision meets. Curves should be
 * smooth where they can: the dual search is a quasi-Newton method and converges best on them.
 */
public interface PoolCurve {

    /** Output for selling {@code in ≥ 0} on {@code side} (0: token0 for token1; 1: token1 for token0). */
    double out(int side, double in);

    /** {@code d out / d in} after selling {@code in} on {@code side}: the marginal price, non-increasing in {@code in}. */
    double marginal(int side, double in);

    /**
     * {@code d marginal / d in} after selling {@code in} on {@code side}: the curvature of {@code out},
     * {@code ≤ 0}, and {@code 0} where the output no longer grows. Water-filling takes Newton steps with it.
     */
    double marginalSlope(int side, double in);

    /** The marginal price of the first unit sold on {@code side}, fee included: {@code marginal(side, 0)}. */
    default double marginalAtZero(int side) {
        return marginal(side, 0);
    }

    /**
     * The least input on {@code side} after which the marginal price is at most {@code price}:
     * {@code 0} when it already is at zero input; for {@code price ≤ 0}, the input that exhausts
     * the pool ({@code +∞} when there is no such input).
     */
    double inputForMarginal(int side, double price);

    /**
     * The most a trader facing prices {@code price0} for token0 and {@code price1} for token1 (both
     * {@code > 0}, in any common unit) can earn from this pool: fills {@code trade} with the optimal
     * trade (side {@link Trade#NONE} when no trade pays) and returns its value
     * {@code price_out · out − price_in · in}, {@code ≥ 0}.
     */
    double arbitrage(double price0, double price1, Trade trade);

    /**
     * A bound on how far {@link #arbitrage}'s returned {@code value} at these prices may fall short
     * of the exact optimum of this pool's arbitrage subproblem (over the pool's exact state), from
     * rounding. The published dual bound adds it up over every pool, so a curve whose formula
     * cancels terms must say here what that costs; one accurate to a few ulps of its value may keep
     * the default.
     */
    default double arbitrageError(double price0, double price1, double value) {
        return 8 * Math.ulp(1.0) * Math.abs(value);
    }

    /** The fee-free price of token0 in token1 at the current state: token1 per token0. */
    double midPrice();

    /** The most that selling on {@code side} can ever pay out (the supremum of {@code out}); may be infinite. */
    double capacity(int side);

    /**
     * One pool's trade, written by {@link #arbitrage}. A mutable holder, reused by the caller across
     * calls so that the dual's inner loop allocates nothing.
     */
    final class Trade {
        /** No trade pays. */
        public static final int NONE = -1;
        /** {@link #NONE}, or the side sold: 0 sells token0 for token1, 1 sells token1 for token0. */
        public int side = NONE;
        /** Amount sold. */
        public double in;
        /** Amount received. */
        public double out;

        /** Records no trade. */
        public void none() {
            side = NONE;
            in = 0;
            out = 0;
        }

        /** Records a trade. */
        public void set(int side, double in, double out) {
            this.side = side;
            this.in = in;
            this.out = out;
        }
    }
}
