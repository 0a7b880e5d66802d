package io.metaroute.solver.routing.convex;

/**
 * A market maker's firm quote as a venue: on its one side it pays a fixed {@code price} per unit up
 * to {@code cap} units of input, and nothing beyond; the other side does not trade. Its output
 * {@code price · min(x, cap)} is concave, with a kink at {@code cap} where the marginal drops from
 * {@code price} to zero, which the {@link PoolCurve} contract allows. The settler rounds a partial
 * fill down in the maker's favour; that is the exact recompute's, not this curve's.
 */
final class FirmQuoteCurve implements PoolCurve {
    private final int side;
    private final double price;
    private final double cap;

    /** Sells on {@code side} (0: token0 for token1) at {@code price} output units per input unit, up to {@code cap} input. */
    FirmQuoteCurve(int side, double price, double cap) {
        if ((side != 0 && side != 1) || !(price > 0) || !(cap > 0) || Double.isInfinite(price) || Double.isInfinite(cap)) {
            throw new IllegalArgumentException("a firm quote needs a side, a positive price and a positive capacity");
        }
        this.side = side;
        this.price = price;
        this.cap = cap;
    }

    @Override
    public double out(int s, double in) {
        return s == side && in > 0 ? price * Math.min(in, cap) : 0;
    }

    @Override
    public double marginal(int s, double in) {
        return s == side && in < cap ? price : 0;
    }

    @Override
    public double marginalSlope(int s, double in) {
        return 0;
    }

    @Override
    public double inputForMarginal(int s, double p) {
        if (s != side) {
            return 0;
        }
        return p >= price ? 0 : cap;
    }

    @Override
    public double arbitrage(double price0, double price1, Trade trade) {
        double in = side == 0 ? price0 : price1;
        double out = side == 0 ? price1 : price0;
        double value = cap * (out * price - in);
        if (!(value > 0)) {
            trade.none();
            return 0;
        }
        trade.set(side, cap, cap * price);
        return value;
    }

    @Override
    public double arbitrageError(double price0, double price1, double value) {
        // The difference cancels when the quote's price is near the token prices' ratio: count both terms.
        return 8 * Math.ulp(1.0) * cap * (price0 + price1 * price + price1 + price0 * price);
    }

    @Override
    public double midPrice() {
        return side == 0 ? price : 1 / price;
    }

    @Override
    public double capacity(int s) {
        return s == side ? cap * price : 0;
    }
}
