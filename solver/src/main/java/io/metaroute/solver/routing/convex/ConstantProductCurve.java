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
    /** Uniswap V2's 0.3% fee: 997/1000 of the input trades. */
    public static final double V2_GAMMA = 0.997;

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

    /** {@code (R_in + γ x)^2 = γ R_in R_out / p}, solved for {@code x}. */
    @Override
    public double inputForMarginal(int side, double price) {
        double rin = side == 0 ? r0 : r1;
        double rout = side == 0 ? r1 : r0;
        if (!(price > 0)) {
            // The output only approaches R_out: no input exhausts the pool.
            return Double.POSITIVE_INFINITY;
        }
        double root = Math.sqrt(gamma * rin * rout / price);
        return root > rin ? (root - rin) / gamma : 0;
    }

    /**
     * Selling token0 pays while its first unit does, {@code ν1 γ R1 > ν0 R0}; the best input then
     * solves {@code (R0 + γ δ)^2 = γ R0 R1 ν1/ν0}, and the output follows from the invariant as
     * {@code R1 (1 − R0 / root)}. Token1 likewise.
     */
    @Override
    public double arbitrage(double price0, double price1, Trade trade) {
        if (price1 * gamma * r1 > price0 * r0) {
            double root = Math.sqrt(gamma * r0 * r1 * (price1 / price0));
            if (root > r0) {
                double in = (root - r0) / gamma;
                double out = r1 * (1 - r0 / root);
                trade.set(0, in, out);
                return price1 * out - price0 * in;
            }
        } else if (price0 * gamma * r0 > price1 * r1) {
            double root = Math.sqrt(gamma * r0 * r1 * (price0 / price1));
            if (root > r1) {
                double in = (root - r1) / gamma;
                double out = r0 * (1 - r1 / root);
                trade.set(1, in, out);
                return price0 * out - price1 * in;
            }
        }
        trade.none();
        return 0;
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
