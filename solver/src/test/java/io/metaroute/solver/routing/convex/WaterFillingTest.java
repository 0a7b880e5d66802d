package io.metaroute.solver.routing.convex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.metaroute.solver.routing.convex.SecondPoolKindTest.RangeCurve;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The polish's water-filling, which works from {@link PoolCurve#inputForMarginal} alone: for V2
 * pools it must give the split of the constant-product closed form, and for pools that run dry it
 * must fill them and give the rest to the others.
 */
class WaterFillingTest {
    private static final int SOURCE = 0;
    private static final int SINK = 1;

    /** Parallel pools from the source straight to the sink; {@code flipped} pools hold the sink as token0. */
    private static PoolGraph parallel(PoolCurve[] curves, boolean[] flipped) {
        int[] t0 = new int[curves.length];
        int[] t1 = new int[curves.length];
        for (int i = 0; i < curves.length; i++) {
            t0[i] = flipped[i] ? SINK : SOURCE;
            t1[i] = flipped[i] ? SOURCE : SINK;
        }
        return PoolGraph.ofCurves(2, SOURCE, SINK, t0, t1, curves);
    }

    /** One edge per pool, the total spread evenly: the polish has to find the split on its own. */
    private static FlowProgram evenly(PoolGraph g) {
        var edges = new ArrayList<FlowProgram.Edge>();
        for (int i = 0; i < g.poolCount(); i++) {
            edges.add(new FlowProgram.Edge(i, SOURCE, SINK, 1.0 / g.poolCount()));
        }
        return FlowProgram.of(edges, g);
    }

    private static double[] inputs(FlowProgram program, int pools, double x) {
        double[] in = new double[pools];
        for (FlowProgram.Edge e : program.edges()) {
            in[e.pool()] = e.fraction() * x;
        }
        return in;
    }

    @Test
    void splitsV2PoolsAsTheClosedFormDoes() {
        var random = new Random(11);
        for (int trial = 0; trial < 30; trial++) {
            int m = 2 + random.nextInt(6);
            var curves = new PoolCurve[m];
            boolean[] flipped = new boolean[m];
            double[] rin = new double[m];
            double[] rout = new double[m];
            double[] gamma = new double[m];
            for (int i = 0; i < m; i++) {
                rin[i] = 1e20 * Math.exp(random.nextGaussian());
                rout[i] = rin[i] * 3e-12 * Math.exp(0.01 * random.nextGaussian());
                gamma[i] = random.nextBoolean() ? 0.997 : 0.9995;
                flipped[i] = random.nextBoolean();
                curves[i] = flipped[i] ? new ConstantProductCurve(rout[i], rin[i], gamma[i])
                        : new ConstantProductCurve(rin[i], rout[i], gamma[i]);
            }
            PoolGraph g = parallel(curves, flipped);
            // From a trade too small for more than the best pool to a third of the input reserves.
            double x = 1e20 * Math.pow(10, -8 + 7.5 * random.nextDouble());
            FlowProgram.Polished polished = evenly(g).polish(g, x, 30);

            // The closed form: the first pools by rate at zero, while they beat the common marginal
            // λ = (Σ √c / (Σ γ·x + Σ R_in))², with c = γ R_in R_out; each takes (√(c/λ) − R_in)/γ.
            Integer[] order = new Integer[m];
            Arrays.setAll(order, i -> i);
            Arrays.sort(order, Comparator.comparingDouble(i -> -gamma[i] * rout[i] / rin[i]));
            double sumRinOverGamma = 0;
            double sumSqrtCOverGamma = 0;
            double lambda = 0;
            int active = 0;
            for (int k = 0; k < m; k++) {
                int i = order[k];
                if (active > 0 && gamma[i] * rout[i] / rin[i] <= lambda) {
                    break;
                }
                sumSqrtCOverGamma += Math.sqrt(gamma[i] * rin[i] * rout[i]) / gamma[i];
                sumRinOverGamma += rin[i] / gamma[i];
                active++;
                // Σ (√c_i / √λ − R_i) / γ_i = x.
                double root = sumSqrtCOverGamma / (x + sumRinOverGamma);
                lambda = root * root;
            }
            double[] expected = new double[m];
            for (int k = 0; k < active; k++) {
                int i = order[k];
                expected[i] = Math.max(0, (Math.sqrt(gamma[i] * rin[i] * rout[i] / lambda) - rin[i]) / gamma[i]);
            }
            // R_in dwarfs a small input, so (√(c/λ) − R_in) loses digits: scale to the total, as the polish does.
            double sum = Arrays.stream(expected).sum();
            for (int i = 0; i < m; i++) {
                expected[i] *= x / sum;
            }
            double[] got = inputs(polished.program(), m, x);
            for (int i = 0; i < m; i++) {
                assertThat(got[i]).as("trial %d pool %d", trial, i).isCloseTo(expected[i], within(1e-9 * x));
            }
            assertThat(polished.marginal()[SOURCE]).as("trial %d", trial).isCloseTo(lambda, within(1e-9 * lambda));
            double output = 0;
            for (int i = 0; i < m; i++) {
                output += curves[i].out(flipped[i] ? 1 : 0, expected[i]);
            }
            assertThat(polished.value()).as("trial %d", trial).isCloseTo(output, within(1e-11 * output));
        }
    }

    @Test
    void fillsPoolsThatRunDryAndGivesTheRestToTheOthers() {
        var range = new RangeCurve(4e6, 8e6, 3e4, 6e4, 0.9995);
        var v2 = ConstantProductCurve.v2(1e6, 2e6);
        PoolGraph g = parallel(new PoolCurve[] {range, v2}, new boolean[] {false, false});
        // Enough that the deeper, cheaper range runs dry before its marginal falls to the V2 pool's.
        double x = 2e5;
        FlowProgram.Polished polished = evenly(g).polish(g, x, 30);
        double[] in = inputs(polished.program(), 2, x);
        assertThat(in[0]).isCloseTo(range.exhausting(0), within(1e-9 * x));
        assertThat(in[1]).isCloseTo(x - range.exhausting(0), within(1e-9 * x));
        assertThat(polished.value()).isCloseTo(range.capacity(0) + v2.out(0, x - range.exhausting(0)), within(1e-9 * x));
        // The source's worth is what the V2 pool pays at the margin; the range's last unit paid more.
        assertThat(polished.marginal()[SOURCE]).isCloseTo(v2.marginal(0, in[1]), within(1e-9));
        assertThat(range.marginal(0, 0.999 * in[0])).isGreaterThan(polished.marginal()[SOURCE]);
    }

    @Test
    void whenEveryPoolRunsDryTheSourceIsWorthNothingAtTheMargin() {
        var a = new RangeCurve(4e6, 8e6, 3e4, 6e4, 0.9995);
        var b = new RangeCurve(9e6, 3e6, 2e5, 5e4, 0.997);
        PoolGraph g = parallel(new PoolCurve[] {a, b}, new boolean[] {false, true});
        double x = 10 * (a.exhausting(0) + b.exhausting(1));
        FlowProgram.Polished polished = evenly(g).polish(g, x, 30);
        assertThat(polished.value()).isCloseTo(a.capacity(0) + b.capacity(1), within(1e-9));
        assertThat(polished.marginal()[SOURCE]).isZero();
        double[] in = inputs(polished.program(), 2, x);
        assertThat(in[0]).isGreaterThanOrEqualTo(a.exhausting(0) * (1 - 1e-12));
        assertThat(in[1]).isGreaterThanOrEqualTo(b.exhausting(1) * (1 - 1e-12));
        assertThat(in[0] + in[1]).isCloseTo(x, within(1e-9 * x));
    }
}
