package io.metaroute.solver.routing.convex;

/**
 * A Uniswap V2 constant-product pool with reserves {@code r0, r1} and fee factor {@code γ} (the
 * part of the input that trades), in double precision. Selling {@code x} of the input with
 * reserves {@code R_in, R_out} pays
 * <pre>  out(x) = γ x R_out / (R_in + γ x)</pre>
 * whose marginal is {@code γ R_in R_out / (R_in + γ x)^2}; every other method is a closed form of
 * these two. The output only approaches {@code R_out}: the pool never runs dry.
 */
public final class ConstantProductCurve implements PoolCurve {
    /**
     * Uniswap V2's 0.3% fee: 997/1000 of the input trades. The double nearest 0.997 lies just below
     * it; the next one up is used, so that the curve is never less generous than the pair and the
     * dual values built on it stay upper bounds.
     */
    public static final double V2_GAMMA = Math.nextUp(0.997);

    /** Below this ratio of the plain products no rounding can make a side pay: far more than their few ulps of error. */
    private static final double CLOSE = 1 - 1e-12;

    private final double r0;
    private final double r1;
    private final double gamma;

    /** A pool with reserves {@code r0, r1 > 0} and fee factor {@code gamma} in {@code (0, 1]}. */
    public ConstantProductCurve(double r0, double r1, double gamma) {
        if (!(r0 > 0 && r1 > 0 && gamma > 0 && gamma <= 1)) {
            throw new IllegalArgumentException("needs positive reserves and a fee factor in (0, 1], got "
                    + r0 + ", " + r1 + ", " + gamma);
        }
        this.r0 = r0;
        this.r1 = r1;
        this.gamma = gamma;
    }

    /** A Uniswap V2 pool: the 0.3% fee. */
    public static ConstantProductCurve v2(double r0, double r1) {
        return new ConstantProductCurve(r0, r1, V2_GAMMA);
    }

    public double reserve0() {
        return r0;
    }

    public double reserve1() {
        return r1;
    }

    public double gamma() {
        return gamma;
    }

    @Override
    public double out(int side, double in) {
        double rin = side == 0 ? r0 : r1;
        double rout = side == 0 ? r1 : r0;
        return gamma * in * rout / (rin + gamma * in);
    }

    @Override
    public double marginal(int side, double in) {
        double rin = side == 0 ? r0 : r1;
        double rout = side == 0 ? r1 : r0;
        double d = rin + gamma * in;
        return gamma * rin * rout / (d * d);
    }

    @Override
    public double marginalSlope(int side, double in) {
        double rin = side == 0 ? r0 : r1;
        double rout = side == 0 ? r1 : r0;
        double d = rin + gamma * in;
        return -2 * gamma * gamma * rin * rout / (d * d * d);
    }

    @Override
    public double marginalAtZero(int side) {
        return side == 0 ? gamma * r1 / r0 : gamma * r0 / r1;
    }

    /**
     * {@code (R_in + γ x)^2 = γ R_in R_out / p}, solved for {@code x} without subtracting two
     * nearly equal roots: with {@code k = γ R_out / (p R_in)}, {@code x = R_in (√k − 1) / γ} and
     * {@code √k − 1 = (k − 1) / (√k + 1)}, where {@code k − 1} comes from one fused multiply-add.
     */
    @Override
    public double inputForMarginal(int side, double price) {
        double rin = side == 0 ? r0 : r1;
        double rout = side == 0 ? r1 : r0;
        if (!(price > 0)) {
            // The output only approaches R_out: no input exhausts the pool.
            return Double.POSITIVE_INFINITY;
        }
        if (price >= gamma * rout / rin) {
            return 0;
        }
        double base = price * rin;
        double excess = Math.fma(gamma, rout, -base);
        if (!(excess > 0)) {
            return 0;
        }
        double k1 = excess / base;
        double d = k1 / (Math.sqrt(1 + k1) + 1);
        return rin * d / gamma;
    }

    /**
     * Selling token0 pays while its first unit does, {@code ν1 γ R1 > ν0 R0}. With
     * {@code q = γ R1 ν1 / (R0 ν0)} and {@code d = √q − 1}, the best trade sells
     * {@code R0 d / γ} for {@code R1 d / √q}, worth {@code ν0 R0 d² / γ}: the same as
     * {@code (√(ν1 R1) − √(ν0 R0 / γ))²}. {@code d} is computed as {@code (q − 1) / (√q + 1)} with
     * {@code q − 1} from one fused multiply-add, so a trade that is tiny next to the reserves keeps
     * its relative precision: the naive difference {@code ν1·out − ν0·in} of two almost equal terms
     * loses it, and with it the bound. Token1 likewise.
     */
    @Override
    public double arbitrage(double price0, double price1, Trade trade) {
        double a0 = price0 * r0;
        double a1 = price1 * r1;
        // Plain products are within a few ulps: only where one side is that close to paying is the exact excess needed.
        if (a1 * gamma > a0 * CLOSE) {
            double sell0 = excess(price1, r1, price0, r0);
            if (sell0 > 0) {
                return sell(0, a0, sell0, r0, r1, trade);
            }
        }
        if (a0 * gamma > a1 * CLOSE) {
            double sell1 = excess(price0, r0, price1, r1);
            if (sell1 > 0) {
                return sell(1, a1, sell1, r1, r0, trade);
            }
        }
        trade.none();
        return 0;
    }

    /** The best trade on {@code side} given {@code a = ν_in R_in} and its excess {@code a·(q − 1) > 0}; returns its value. */
    private double sell(int side, double a, double excess, double rIn, double rOut, Trade trade) {
        double q1 = excess / a;
        double s = Math.sqrt(1 + q1);
        double d = q1 / (s + 1);
        trade.set(side, rIn * d / gamma, rOut * d / s);
        return a * d * d / gamma;
    }

    /**
     * {@code γ·pOut·rOut − pIn·rIn}, with each product carried exactly as a sum of two doubles (fused
     * multiply-adds give the rounding error of each): the error is about one ulp of the difference,
     * not of the terms, so it stays small when the two nearly cancel.
     */
    private double excess(double pOut, double rOut, double pIn, double rIn) {
        double g = pOut * gamma;
        double gLow = Math.fma(pOut, gamma, -g);
        double b = g * rOut;
        double bLow = Math.fma(g, rOut, -b) + gLow * rOut;
        double c = pIn * rIn;
        double cLow = Math.fma(pIn, rIn, -c);
        return (b - c) + (bLow - cLow);
    }

    /**
     * The value is {@code (ν_in R_in / γ)·d²}; the doubles of the reserves and the roundings above
     * move {@code q} by a few ulps, which moves the value by at most about
     * {@code 16 ε √q √(ν_in R_in V / γ)}.
     */
    @Override
    public double arbitrageError(double price0, double price1, double value) {
        if (!(value > 0)) {
            return 0;
        }
        double a = Math.max(price0 * r0, price1 * r1);
        double eps = Math.ulp(1.0);
        return 16 * eps * Math.sqrt(a * value / gamma) * (1 + Math.sqrt(value * gamma / a)) + 8 * eps * value;
    }

    @Override
    public double midPrice() {
        return r1 / r0;
    }

    @Override
    public double capacity(int side) {
        return side == 0 ? r1 : r0;
    }

    @Override
    public String toString() {
        return "ConstantProductCurve[r0=" + r0 + ", r1=" + r1 + ", gamma=" + gamma + "]";
    }
}
