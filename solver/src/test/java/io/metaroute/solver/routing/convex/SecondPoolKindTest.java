package io.metaroute.solver.routing.convex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The router's algorithm carries a pool kind it has never seen: a concentrated-liquidity position
 * over a single price range, written here against {@link PoolCurve} alone. Dual search, recovery
 * and polish run on a small graph mixing it with V2 pools, and the output is checked against the
 * best split found by brute force over a grid, and against the dual bound.
 */
class SecondPoolKindTest {

    /**
     * One liquidity range: constant product on virtual reserves {@code vx, vy} (token0, token1) while
     * the price stays in the range, which ends when the real reserve of the output token,
     * {@code realX} or {@code realY}, is gone. The output grows as V2's up to that point and stays
     * flat after it: concave, with a kink, and with a finite capacity.
     */
    static final class RangeCurve implements PoolCurve {
        private final double vx;
        private final double vy;
        private final double realX;
        private final double realY;
        private final double gamma;

        RangeCurve(double vx, double vy, double realX, double realY, double gamma) {
            if (!(realX < vx && realY < vy)) {
                throw new IllegalArgumentException("the real reserves lie inside the virtual ones");
            }
            this.vx = vx;
            this.vy = vy;
            this.realX = realX;
            this.realY = realY;
            this.gamma = gamma;
        }

        private double vin(int side) {
            return side == 0 ? vx : vy;
        }

        private double vout(int side) {
            return side == 0 ? vy : vx;
        }

        /** The input that takes the whole real reserve of the output: {@code γ x V_out / (V_in + γ x) = real_out}. */
        double exhausting(int side) {
            double cap = capacity(side);
            return cap * vin(side) / (gamma * (vout(side) - cap));
        }

        @Override
        public double out(int side, double in) {
            if (in >= exhausting(side)) {
                return capacity(side);
            }
            return gamma * in * vout(side) / (vin(side) + gamma * in);
        }

        @Override
        public double marginal(int side, double in) {
            if (in >= exhausting(side)) {
                return 0;
            }
            double d = vin(side) + gamma * in;
            return gamma * vin(side) * vout(side) / (d * d);
        }

        @Override
        public double marginalSlope(int side, double in) {
            if (in >= exhausting(side)) {
                return 0;
            }
            double d = vin(side) + gamma * in;
            return -2 * gamma * gamma * vin(side) * vout(side) / (d * d * d);
        }

        @Override
        public double inputForMarginal(int side, double price) {
            if (!(price > 0)) {
                return exhausting(side);
            }
            double root = Math.sqrt(gamma * vin(side) * vout(side) / price);
            double in = root > vin(side) ? (root - vin(side)) / gamma : 0;
            return Math.min(in, exhausting(side));
        }

        /** Generic, from the marginal's inverse: the optimum is where the marginal meets the price ratio. */
        @Override
        public double arbitrage(double price0, double price1, Trade trade) {
            for (int side = 0; side <= 1; side++) {
                double pin = side == 0 ? price0 : price1;
                double pout = side == 0 ? price1 : price0;
                if (pout * marginalAtZero(side) > pin) {
                    double in = inputForMarginal(side, pin / pout);
                    double out = out(side, in);
                    double value = pout * out - pin * in;
                    if (value > 0) {
                        trade.set(side, in, out);
                        return value;
                    }
                }
            }
            trade.none();
            return 0;
        }

        @Override
        public double midPrice() {
            return vy / vx;
        }

        @Override
        public double capacity(int side) {
            return side == 0 ? realY : realX;
        }
    }

    // Tokens: A sells for C, directly or through B.
    private static final int A = 0;
    private static final int B = 1;
    private static final int C = 2;

    /**
     * Four pools: A/C in V2; C/A in a range (token order reversed, so A is its token1), deeper than the
     * V2 pool near the price but short; A/B in a range; B/C in V2. The prices leave no cycle that pays
     * after fees: the dual would find such an arbitrage, and no split of the input can use it.
     */
    private static PoolGraph graph(boolean ranges) {
        PoolCurve ac = ConstantProductCurve.v2(1e6, 2e6);
        PoolCurve ca = ranges ? new RangeCurve(8e6, 4e6, 6e4, 3e4, 0.9995) : new ConstantProductCurve(8e6, 4e6, 0.9995);
        PoolCurve ab = ranges ? new RangeCurve(3e6, 3e6, 1e5, 1e5, 0.999) : new ConstantProductCurve(3e6, 3e6, 0.999);
        PoolCurve bc = ConstantProductCurve.v2(1e6, 2.006e6);
        return PoolGraph.ofCurves(3, A, C, new int[] {A, C, A, B}, new int[] {C, A, B, C},
                new PoolCurve[] {ac, ca, ab, bc});
    }

    /** The output of sending {@code x1} through the range C/A, {@code x2} along A→B→C and the rest through A/C. */
    private static double output(PoolGraph g, double x, double x1, double x2) {
        double x0 = x - x1 - x2;
        return g.curves[0].out(0, x0) + g.curves[1].out(1, x1) + g.curves[3].out(0, g.curves[2].out(0, x2));
    }

    /** The best split by brute force: a grid over the simplex, then finer grids around the best point. */
    private static double[] bruteForce(PoolGraph g, double x) {
        int n = 1200;
        double best = Double.NEGATIVE_INFINITY;
        double b1 = 0;
        double b2 = 0;
        for (int i = 0; i <= n; i++) {
            for (int j = 0; i + j <= n; j++) {
                double v = output(g, x, x * i / n, x * j / n);
                if (v > best) {
                    best = v;
                    b1 = x * i / n;
                    b2 = x * j / n;
                }
            }
        }
        double cell = x / n;
        for (int zoom = 0; zoom < 6; zoom++) {
            int m = 200;
            double lo1 = Math.max(0, b1 - cell);
            double lo2 = Math.max(0, b2 - cell);
            double c1 = b1;
            double c2 = b2;
            for (int i = 0; i <= m; i++) {
                for (int j = 0; j <= m; j++) {
                    double x1 = Math.min(x, lo1 + 2 * cell * i / m);
                    double x2 = Math.min(x - x1, lo2 + 2 * cell * j / m);
                    double v = output(g, x, x1, x2);
                    if (v > best) {
                        best = v;
                        c1 = x1;
                        c2 = x2;
                    }
                }
            }
            b1 = c1;
            b2 = c2;
            cell = 2 * cell / m;
        }
        return new double[] {best, b1, b2};
    }

    /** The router's continuous result: best program and its output, and the least dual value (an upper bound). */
    private record Routed(FlowProgram program, double value, double bound) {
    }

    /**
     * What the split router does before its integer recompute: seed prices from mid prices, run rounds of
     * recovery, polish and coordinate pricing, and if those do not close the gap, the dual search with
     * the same rounds as its stop check.
     */
    private static Routed route(PoolGraph g, double x) {
        var solver = new DualSolver(g, x);
        // The router's own search rounds (column generation, polish, gap check), without its exact integer stage.
        var rounds = new GapCheck(g, x);
        double[] u0 = solver.midPrices();
        solver.evaluate(u0, new double[u0.length]);
        if (!rounds.rounds(solver, u0, 6)) {
            DualSolver.Solution sol = solver.solve(null, 1e-11, 400, rounds);
            rounds.stop(solver, sol.logPrices(), sol.dualValue());
        }
        return new Routed(rounds.best, rounds.bestValue, solver.bestValue());
    }

    /** Input the program sends into {@code pool}. */
    private static double inputTo(FlowProgram program, PoolGraph g, double x, int pool) {
        double[] total = new double[g.tokenCount()];
        double[] held = new double[g.tokenCount()];
        boolean[] started = new boolean[g.tokenCount()];
        held[g.source] = x;
        for (FlowProgram.Edge e : program.edges()) {
            if (!started[e.from()]) {
                started[e.from()] = true;
                total[e.from()] = held[e.from()];
            }
            double in = total[e.from()] * e.fraction();
            if (e.pool() == pool) {
                return in;
            }
            held[e.from()] -= in;
            held[e.to()] += g.curves[e.pool()].out(FlowProgram.sideOf(g, e), in);
        }
        return 0;
    }

    private static List<Double> amounts() {
        // Small: no range runs dry; medium and large: both ranges are exhausted and the V2 pools take the rest.
        return List.of(2e3, 2e4, 3e5, 3e6);
    }

    @Test
    void routesAMixedGraphAsWellAsBruteForce() {
        PoolGraph g = graph(true);
        var saturated = new ArrayList<Double>();
        for (double x : amounts()) {
            double[] brute = bruteForce(g, x);
            Routed r = route(g, x);
            assertThat(r.program()).as("x = %s", x).isNotNull();
            // As good as brute force (to well within the router's target gap, 1e-8), and the bound holds and is tight.
            assertThat(r.value()).as("x = %s", x).isGreaterThanOrEqualTo(brute[0] * (1 - 1e-10));
            assertThat(r.bound()).as("x = %s", x).isGreaterThanOrEqualTo(brute[0] * (1 - 1e-12));
            assertThat(r.value()).as("x = %s", x).isLessThanOrEqualTo(r.bound() * (1 + 1e-12));
            assertThat(r.bound() - r.value()).as("x = %s", x).isLessThanOrEqualTo(1e-8 * r.bound());
            // The polish's value is what the program really pays.
            assertThat(r.program().simulate(g, x)).isCloseTo(r.value(), within(1e-9 * r.value()));
            // The split agrees with brute force's: a concave problem, so near-equal outputs mean near-equal splits.
            double x1 = inputTo(r.program(), g, x, 1);
            double x2 = inputTo(r.program(), g, x, 2);
            assertThat(Math.abs(x1 - brute[1]) + Math.abs(x2 - brute[2])).as("x = %s", x).isLessThan(1e-3 * x);
            RangeCurve ca = (RangeCurve) g.curves[1];
            if (x1 >= ca.exhausting(1) * (1 - 1e-6)) {
                saturated.add(x);
            }
        }
        // The larger amounts did run the range dry: the capacity was exercised, not just the V2-like part.
        assertThat(saturated).contains(3e5, 3e6).doesNotContain(2e3);
    }

    @Test
    void theSameGraphWithV2PoolsOnlyMatchesBruteForceToo() {
        PoolGraph g = graph(false);
        for (double x : amounts()) {
            double[] brute = bruteForce(g, x);
            Routed r = route(g, x);
            assertThat(r.value()).as("x = %s", x).isGreaterThanOrEqualTo(brute[0] * (1 - 1e-10));
            assertThat(r.bound()).as("x = %s", x).isGreaterThanOrEqualTo(brute[0] * (1 - 1e-12));
            assertThat(r.bound() - r.value()).as("x = %s", x).isLessThanOrEqualTo(1e-8 * r.bound());
        }
    }

    @Test
    void theDualSearchAloneFindsTheRangePoolsTrades() {
        // No stop check: L-BFGS on the dual, then one recovery and polish at its prices.
        PoolGraph g = graph(true);
        for (double x : amounts()) {
            double[] brute = bruteForce(g, x);
            var solver = new DualSolver(g, x);
            DualSolver.Solution sol = solver.solve(null, 1e-11, 400, null);
            assertThat(sol.dualValue()).as("x = %s", x).isGreaterThanOrEqualTo(brute[0] * (1 - 1e-12));
            assertThat(sol.dualValue()).as("x = %s", x).isLessThanOrEqualTo(brute[0] * (1 + 1e-6));
            FlowProgram.Polished polished = FlowProgram.recover(g, solver, sol.logPrices()).polish(g, x, 30);
            assertThat(polished.value()).as("x = %s", x).isGreaterThanOrEqualTo(brute[0] * (1 - 1e-6));
        }
    }

    @Test
    void theRangeCurveKeepsTheContract() {
        var curve = new RangeCurve(8e6, 4e6, 6e4, 3e4, 0.9995);
        for (int side = 0; side <= 1; side++) {
            double end = curve.exhausting(side);
            assertThat(curve.out(side, end)).isEqualTo(curve.capacity(side));
            assertThat(curve.out(side, 10 * end)).isEqualTo(curve.capacity(side));
            assertThat(curve.inputForMarginal(side, 0)).isEqualTo(end);
            double prev = Double.POSITIVE_INFINITY;
            for (double in = 0; in < 2 * end; in += end / 50) {
                double m = curve.marginal(side, in);
                assertThat(m).isLessThanOrEqualTo(prev).isGreaterThanOrEqualTo(0);
                prev = m;
                if (m > 0) {
                    assertThat(curve.inputForMarginal(side, m)).isCloseTo(in, within(1e-9 * end));
                }
            }
        }
    }
}
