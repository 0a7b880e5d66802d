package io.metaroute.solver.routing.convex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The polish with a cutoff, which greedy removal uses to stop re-splitting a removal that cannot
 * win: it may give up only when no split of the program's edges reaches the cutoff, and when it
 * does not give up it is the plain polish.
 */
class PolishCutoffTest {
    private static final int SOURCE = 0;
    private static final int SINK = 1;
    private static final int MIDS = 3;

    /**
     * Source to sink directly and through {@link #MIDS} tokens, two pools per hop, prices consistent
     * within a few percent; one edge per pool, each token's total spread evenly.
     */
    private static FlowProgram program(Random random, PoolGraph[] graph) {
        int pools = 2 + 4 * MIDS;
        int[] t0 = new int[pools];
        int[] t1 = new int[pools];
        var curves = new PoolCurve[pools];
        double[] worth = new double[2 + MIDS];
        worth[SINK] = 1;
        worth[SOURCE] = Math.exp(3 * random.nextGaussian());
        for (int j = 2; j < 2 + MIDS; j++) {
            worth[j] = Math.exp(3 * random.nextGaussian());
        }
        int i = 0;
        i = pair(random, i, SOURCE, SINK, worth, t0, t1, curves);
        for (int j = 2; j < 2 + MIDS; j++) {
            i = pair(random, i, SOURCE, j, worth, t0, t1, curves);
        }
        for (int j = 2; j < 2 + MIDS; j++) {
            i = pair(random, i, j, SINK, worth, t0, t1, curves);
        }
        PoolGraph g = PoolGraph.ofCurves(2 + MIDS, SOURCE, SINK, t0, t1, curves);
        graph[0] = g;
        // Edges in token order (the source's first), each token's total spread evenly over its edges.
        var edges = new ArrayList<FlowProgram.Edge>();
        for (int k = 0; k < 2 + 2 * MIDS; k++) {
            edges.add(new FlowProgram.Edge(k, SOURCE, k < 2 ? SINK : 2 + (k - 2) / 2, 1.0 / (2 + 2 * MIDS)));
        }
        for (int k = 2 + 2 * MIDS; k < pools; k++) {
            edges.add(new FlowProgram.Edge(k, 2 + (k - 2 - 2 * MIDS) / 2, SINK, 0.5));
        }
        return FlowProgram.of(edges, g);
    }

    /** Two pools between {@code a} and {@code b}, {@code a} as token0 in one and token1 in the other. */
    private static int pair(Random random, int i, int a, int b, double[] worth, int[] t0, int[] t1, PoolCurve[] curves) {
        for (int k = 0; k < 2; k++) {
            double depth = 1e6 * Math.exp(2 * random.nextGaussian());
            double ra = depth / worth[a];
            double rb = depth / worth[b] * Math.exp(0.03 * random.nextGaussian());
            t0[i] = k == 0 ? a : b;
            t1[i] = k == 0 ? b : a;
            curves[i] = k == 0 ? ConstantProductCurve.v2(ra, rb) : ConstantProductCurve.v2(rb, ra);
            i++;
        }
        return i;
    }

    @Test
    void givesUpOnlyOnProgramsThatCannotReachTheCutoff() {
        var random = new Random(5);
        int gaveUp = 0;
        for (int trial = 0; trial < 200; trial++) {
            PoolGraph[] g = new PoolGraph[1];
            FlowProgram p = program(random, g);
            double x = 1e6 / Math.exp(random.nextGaussian()) * Math.pow(10, -3 + 3 * random.nextDouble());
            FlowProgram.Polished full = p.polish(g[0], x, 30);
            for (double cutoff : new double[] {full.value() * (1 - 1e-12), full.value() * (1 - 1e-3),
                full.value() * (1 + 1e-7), full.value() * (1 + 1e-3), full.value() * 1.5}) {
                FlowProgram.Polished cut = p.polishAbove(g[0], x, 30, cutoff);
                if (cut == null) {
                    gaveUp++;
                    assertThat(full.value()).as("trial %d: gave up at cutoff %s", trial, cutoff).isLessThan(cutoff);
                } else {
                    assertThat(cut.value()).isEqualTo(full.value());
                    assertThat(cut.program().edges()).isEqualTo(full.program().edges());
                }
            }
            // Its own value, less a hair: every split bound is above it, so it never gives up.
            assertThat(p.polishAbove(g[0], x, 30, full.value() * (1 - 1e-12))).isNotNull();
        }
        // Far above what the program can pay, the bound tells at once.
        assertThat(gaveUp).isGreaterThanOrEqualTo(200);
    }
}
