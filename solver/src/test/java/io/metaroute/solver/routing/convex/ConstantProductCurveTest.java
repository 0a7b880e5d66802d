package io.metaroute.solver.routing.convex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.pool.PoolState;
import io.metaroute.core.pool.UniswapV2Math;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The V2 curve against the pool's own math: the exact integer output, and derivatives and optima found numerically. */
class ConstantProductCurveTest {
    // A WETH/USDC-like pool: 18 and 6 decimals, so the reserves are far apart in base units.
    private static final BigInteger R0 = new BigInteger("3700000000000000000000");
    private static final BigInteger R1 = new BigInteger("9250000000000");
    private static final ConstantProductCurve CURVE = ConstantProductCurve.v2(R0.doubleValue(), R1.doubleValue());

    private static double reserveIn(int side) {
        return side == 0 ? R0.doubleValue() : R1.doubleValue();
    }

    /** Inputs from dust to several times the input reserve. */
    private static double[] inputs(int side) {
        double r = reserveIn(side);
        return new double[] {r * 1e-9, r * 1e-6, r * 1e-3, r * 0.01, r * 0.1, r * 0.5, r, r * 3, r * 20};
    }

    @Test
    void outIsTheV2AmountOut() {
        for (int side = 0; side <= 1; side++) {
            BigInteger rin = side == 0 ? R0 : R1;
            BigInteger rout = side == 0 ? R1 : R0;
            for (double in : inputs(side)) {
                BigInteger exactIn = new BigDecimal(in).toBigInteger();
                double exact = UniswapV2Math.amountOut(exactIn, rin, rout).doubleValue();
                double out = CURVE.out(side, exactIn.doubleValue());
                // The chain rounds down to a base unit; the curve does not round.
                assertThat(out).as("side %d, in %s", side, in).isCloseTo(exact, within(1 + 1e-12 * exact));
            }
        }
        assertThat(CURVE.out(0, 0)).isZero();
        assertThat(CURVE.out(1, 0)).isZero();
    }

    @Test
    void marginalIsTheDerivativeOfOutAndMarginalSlopeItsDerivative() {
        for (int side = 0; side <= 1; side++) {
            for (double in : inputs(side)) {
                double h = Math.max(in, reserveIn(side) * 1e-3) * 1e-5;
                double numeric = (CURVE.out(side, in + h) - CURVE.out(side, in - h)) / (2 * h);
                assertThat(CURVE.marginal(side, in)).as("side %d, in %s", side, in)
                        .isCloseTo(numeric, within(1e-6 * numeric));
                double curvature = (CURVE.marginal(side, in + h) - CURVE.marginal(side, in - h)) / (2 * h);
                assertThat(CURVE.marginalSlope(side, in)).as("side %d, in %s", side, in)
                        .isNegative().isCloseTo(curvature, within(1e-6 * -curvature));
            }
            // One-sided at zero, where the marginal is the best rate there is.
            double h = reserveIn(side) * 1e-9;
            assertThat(CURVE.marginalAtZero(side)).isCloseTo(CURVE.out(side, h) / h, within(1e-6 * CURVE.marginalAtZero(side)));
            assertThat(CURVE.marginalAtZero(side)).isCloseTo(CURVE.marginal(side, 0), within(1e-15 * CURVE.marginalAtZero(side)));
        }
        assertThat(CURVE.marginalAtZero(0)).isCloseTo(0.997 * R1.doubleValue() / R0.doubleValue(), within(1e-24));
    }

    @Test
    void inputForMarginalInvertsMarginal() {
        for (int side = 0; side <= 1; side++) {
            for (double in : inputs(side)) {
                double price = CURVE.marginal(side, in);
                assertThat(CURVE.inputForMarginal(side, price)).as("side %d, in %s", side, in)
                        .isCloseTo(in, within(1e-9 * in + 1e-9 * reserveIn(side)));
            }
            double atZero = CURVE.marginalAtZero(side);
            // At or above the best rate nothing is sold; a V2 pool never runs dry.
            assertThat(CURVE.inputForMarginal(side, atZero)).isZero();
            assertThat(CURVE.inputForMarginal(side, 2 * atZero)).isZero();
            assertThat(CURVE.inputForMarginal(side, 0)).isInfinite();
            assertThat(CURVE.inputForMarginal(side, -1)).isInfinite();
            // Monotone: a lower price takes more input.
            double prev = 0;
            for (double f = 0.99; f > 1e-4; f *= 0.7) {
                double x = CURVE.inputForMarginal(side, f * atZero);
                assertThat(x).isGreaterThan(prev);
                prev = x;
            }
        }
    }

    @Test
    void arbitrageMaximisesValueOverAFineScan() {
        var random = new Random(7);
        var trade = new PoolCurve.Trade();
        double mid = CURVE.midPrice();
        for (int trial = 0; trial < 40; trial++) {
            // Token0 priced around the pool's mid price (in token1), from inside the fee band to far off it.
            double price1 = Math.exp(random.nextGaussian() * 5);
            double price0 = price1 * mid * Math.exp((random.nextDouble() - 0.5) * (trial < 10 ? 0.006 : 2));
            double value = CURVE.arbitrage(price0, price1, trade);
            double scan = Math.max(scan(0, price0, price1), scan(1, price1, price0));
            double scale = price0 * R0.doubleValue();
            assertThat(value).isGreaterThanOrEqualTo(0);
            // No input on the scan does better, and the scan gets within its resolution of the closed form.
            assertThat(scan).as("trial %d", trial).isLessThanOrEqualTo(value + 1e-12 * scale);
            assertThat(value - scan).as("trial %d", trial).isLessThan(1e-6 * scale);
            if (trade.side == PoolCurve.Trade.NONE) {
                assertThat(value).isZero();
                assertThat(trade.in).isZero();
                assertThat(trade.out).isZero();
                // Inside the fee band: neither first unit pays.
                assertThat(price1 * CURVE.marginalAtZero(0)).isLessThanOrEqualTo(price0);
                assertThat(price0 * CURVE.marginalAtZero(1)).isLessThanOrEqualTo(price1);
                continue;
            }
            double pin = trade.side == 0 ? price0 : price1;
            double pout = trade.side == 0 ? price1 : price0;
            // The trade is consistent with the curve, and it stops where the marginal meets the price ratio.
            assertThat(trade.out).isCloseTo(CURVE.out(trade.side, trade.in), within(1e-12 * trade.out));
            assertThat(value).isCloseTo(pout * trade.out - pin * trade.in, within(1e-9 * value + 1e-15 * scale));
            assertThat(CURVE.marginal(trade.side, trade.in)).isCloseTo(pin / pout, within(1e-9 * pin / pout));
            assertThat(trade.in).isCloseTo(CURVE.inputForMarginal(trade.side, pin / pout), within(1e-9 * trade.in));
            // A local maximum: a little more or less is worth less.
            for (double f : new double[] {0.999, 1.001}) {
                double x = trade.in * f;
                assertThat(pout * CURVE.out(trade.side, x) - pin * x).isLessThanOrEqualTo(value + 1e-12 * value);
            }
        }
    }

    /** The best of {@code pout · out(x) − pin · x} over a fine grid of inputs, then a finer one around the best. */
    private static double scan(int side, double pin, double pout) {
        double hi = 3 * reserveIn(side);
        double best = 0;
        double at = 0;
        int steps = 200_000;
        for (int k = 1; k <= steps; k++) {
            double x = hi * k / steps;
            double v = pout * CURVE.out(side, x) - pin * x;
            if (v > best) {
                best = v;
                at = x;
            }
        }
        double lo = Math.max(0, at - hi / steps);
        double width = 2 * hi / steps;
        for (int k = 0; k <= 20_000; k++) {
            double x = lo + width * k / 20_000;
            best = Math.max(best, pout * CURVE.out(side, x) - pin * x);
        }
        return best;
    }

    /**
     * Prices just past a pool's fee band ask for a trade that is tiny next to its reserves: the value
     * must keep its relative precision there (it is a term of the published bound), and so must the
     * trade. Checked against {@code (√(ν_out R_out) − √(ν_in R_in / γ))²} in 60-digit decimals.
     */
    @Test
    void arbitrageKeepsItsPrecisionForTradesTinyNextToTheReserves() {
        var mc = new java.math.MathContext(60);
        var trade = new PoolCurve.Trade();
        BigDecimal gamma = new BigDecimal(CURVE.gamma());
        for (int side = 0; side < 2; side++) {
            for (double excess : new double[] {1e-3, 1e-6, 1e-9, 1e-12, 1e-14}) {
                // Prices at which the first unit sold on this side pays (1 + excess) times what it costs.
                double p0 = side == 0 ? 1.0 : (1 + excess) * 0.997 * R0.doubleValue() / R1.doubleValue();
                double p1 = side == 0 ? (1 + excess) * R0.doubleValue() / (0.997 * R1.doubleValue()) : 1.0;
                double value = CURVE.arbitrage(p0, p1, trade);
                assertThat(trade.side).as("side at excess %s", excess).isEqualTo(side);
                BigDecimal nuIn = new BigDecimal(side == 0 ? p0 : p1);
                BigDecimal nuOut = new BigDecimal(side == 0 ? p1 : p0);
                BigDecimal rIn = new BigDecimal(side == 0 ? R0.doubleValue() : R1.doubleValue());
                BigDecimal rOut = new BigDecimal(side == 0 ? R1.doubleValue() : R0.doubleValue());
                BigDecimal d = nuOut.multiply(rOut, mc).sqrt(mc).subtract(nuIn.multiply(rIn, mc).divide(gamma, mc).sqrt(mc), mc);
                double exact = d.multiply(d, mc).doubleValue();
                assertThat(value).as("value at excess %s on side %d", excess, side).isCloseTo(exact, within(Math.abs(exact) * 1e-9));
                assertThat(value).isPositive();
                // The trade: sell until the marginal equals the price ratio, R_in + γ δ = √(γ R_in R_out ν_out / ν_in).
                BigDecimal target = gamma.multiply(rIn, mc).multiply(rOut, mc).multiply(nuOut, mc).divide(nuIn, mc).sqrt(mc);
                double in = target.subtract(rIn, mc).divide(gamma, mc).doubleValue();
                assertThat(trade.in).as("input at excess %s on side %d", excess, side).isCloseTo(in, within(in * 1e-9));
            }
        }
    }

    @Test
    void midPriceAndCapacityAreTheReserves() {
        assertThat(CURVE.midPrice()).isEqualTo(R1.doubleValue() / R0.doubleValue());
        assertThat(CURVE.capacity(0)).isEqualTo(R1.doubleValue());
        assertThat(CURVE.capacity(1)).isEqualTo(R0.doubleValue());
        // The output approaches the capacity and never reaches it.
        assertThat(CURVE.out(0, 1e6 * R0.doubleValue())).isLessThan(R1.doubleValue())
                .isGreaterThan(0.999 * R1.doubleValue());
    }

    @Test
    void theGraphBuildsV2CurvesFromPoolStates() {
        var curve = (ConstantProductCurve) PoolGraph.curveOf(new PoolState(ChainId.of(1), Address.of("0x" + "1".repeat(40)),
                Address.of("0x" + "2".repeat(40)), Address.of("0x" + "3".repeat(40)), R0, R1, 1));
        assertThat(curve.reserve0()).isEqualTo(R0.doubleValue());
        assertThat(curve.reserve1()).isEqualTo(R1.doubleValue());
        assertThat(curve.gamma()).isEqualTo(PoolGraph.GAMMA).isEqualTo(Math.nextUp(0.997));
    }
}
