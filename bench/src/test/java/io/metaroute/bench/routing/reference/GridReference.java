package io.metaroute.bench.routing.reference;

import io.metaroute.core.chain.Address;
import io.metaroute.core.pool.PoolState;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Brute force for small networks (a handful of pools): every way of sending the input through the
 * pools, searched exhaustively on a grid. Any split is a flow along simple paths; with no
 * arbitrage cycle it is an acyclic orientation of the pools it uses, with a share of each token's
 * holding for each pool it sells into. So: for every acyclic orientation of all pools (pools
 * touching the input token point away from it, pools touching the output token point into it), a
 * full grid over the shares (stick-breaking, so every point of each simplex, corners included), then
 * successively finer local grids around the best points (and around the best point of each grid
 * level of each share) until the step is below 1e-12. A share of
 * zero switches a pool off, so orientations of subsets are covered too. The best split is
 * re-executed in 50-digit arithmetic.
 */
public final class GridReference {
    public static final int MAX_POOLS = 8;
    private static final MathContext MC = new MathContext(50, RoundingMode.DOWN);
    private static final int COARSE_POINTS = 10_000;

    private GridReference() {
    }

    /** The best split found, executed exactly: a lower bound that is the optimum up to the grid's precision. */
    public record Result(BigDecimal value, int orientations, long evaluations) {
    }

    public static Result solve(Collection<PoolState> pools, Address tokenIn, Address tokenOut, BigInteger amountIn) {
        return solve(CpmmGraph.of(pools, tokenIn, tokenOut, amountIn));
    }

    public static Result solve(CpmmGraph g) {
        if (g.poolCount() > MAX_POOLS) {
            throw new IllegalArgumentException("brute force is for at most " + MAX_POOLS + " pools, got " + g.poolCount());
        }
        if (g.out < 0) {
            return new Result(BigDecimal.ZERO, 0, 0);
        }
        int p = g.poolCount();
        double best = -1;
        Orientation bestOrientation = null;
        double[] bestPoint = null;
        int orientations = 0;
        long evaluations = 0;
        for (int mask = 0; mask < (1 << p); mask++) {
            Orientation o = Orientation.of(g, mask);
            if (o == null) {
                continue;
            }
            orientations++;
            var search = new Search(g, o);
            search.run();
            evaluations += search.evaluations;
            if (search.bestValue > best) {
                best = search.bestValue;
                bestOrientation = o;
                bestPoint = search.bestPoint;
            }
        }
        if (bestOrientation == null) {
            return new Result(BigDecimal.ZERO, orientations, evaluations);
        }
        return new Result(bestOrientation.executeExactly(g, bestPoint), orientations, evaluations);
    }

    /** Each pool's direction, and the tokens in an order where every pool sells from an earlier token. */
    record Orientation(boolean[] aToB, int[] order, int[][] outgoing, int dims) {
        static Orientation of(CpmmGraph g, int mask) {
            int p = g.poolCount();
            int n = g.tokenCount();
            boolean[] aToB = new boolean[p];
            List<List<Integer>> outgoing = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                outgoing.add(new ArrayList<>());
            }
            int[] indegree = new int[n];
            for (int i = 0; i < p; i++) {
                aToB[i] = (mask & (1 << i)) != 0;
                int from = aToB[i] ? g.a[i] : g.b[i];
                int to = aToB[i] ? g.b[i] : g.a[i];
                if (to == g.in || from == g.out) {
                    return null; // never buy the input back, never sell the output
                }
                outgoing.get(from).add(i);
                indegree[to]++;
            }
            int[] order = new int[n];
            int head = 0;
            int tail = 0;
            for (int j = 0; j < n; j++) {
                if (indegree[j] == 0) {
                    order[tail++] = j;
                }
            }
            while (head < tail) {
                int j = order[head++];
                for (int i : outgoing.get(j)) {
                    int to = aToB[i] ? g.b[i] : g.a[i];
                    if (--indegree[to] == 0) {
                        order[tail++] = to;
                    }
                }
            }
            if (tail < n) {
                return null; // a cycle
            }
            int[][] outs = new int[n][];
            int dims = 0;
            for (int j = 0; j < n; j++) {
                outs[j] = outgoing.get(j).stream().mapToInt(Integer::intValue).toArray();
                if (outs[j].length > 1) {
                    dims += outs[j].length - 1;
                }
            }
            return new Orientation(aToB, order, outs, dims);
        }

        /** Output for a point of {@code [0,1]^dims}: each token's shares by stick-breaking. */
        double evaluate(CpmmGraph g, double[] point, double[] held) {
            Arrays.fill(held, 0);
            held[g.in] = g.amountIn.doubleValue();
            int k = 0;
            for (int j : order) {
                int[] outs = outgoing[j];
                if (outs.length == 0 || j == g.out) {
                    continue;
                }
                double rest = held[j];
                for (int e = 0; e < outs.length; e++) {
                    double x = e == outs.length - 1 ? rest : rest * point[k++];
                    rest -= x;
                    int i = outs[e];
                    int to = aToB[i] ? g.b[i] : g.a[i];
                    held[to] += aToB[i] ? CpmmGraph.swap(x, g.raD[i], g.rbD[i]) : CpmmGraph.swap(x, g.rbD[i], g.raD[i]);
                }
            }
            return held[g.out];
        }

        BigDecimal executeExactly(CpmmGraph g, double[] point) {
            BigDecimal[] held = new BigDecimal[g.tokenCount()];
            Arrays.fill(held, BigDecimal.ZERO);
            held[g.in] = g.amountIn;
            int k = 0;
            for (int j : order) {
                int[] outs = outgoing[j];
                if (outs.length == 0 || j == g.out) {
                    continue;
                }
                BigDecimal rest = held[j];
                for (int e = 0; e < outs.length; e++) {
                    BigDecimal x = e == outs.length - 1 ? rest : rest.multiply(new BigDecimal(point[k++]), MC);
                    rest = rest.subtract(x, MC);
                    int i = outs[e];
                    int to = aToB[i] ? g.b[i] : g.a[i];
                    BigDecimal y = aToB[i] ? CpmmGraph.swap(x, g.ra[i], g.rb[i], MC) : CpmmGraph.swap(x, g.rb[i], g.ra[i], MC);
                    held[to] = held[to].add(y, MC);
                }
            }
            return held[g.out];
        }
    }

    /** Full coarse grid, then local grids of 3 points per dimension, halving the step when nothing improves. */
    private static final class Search {
        private final CpmmGraph g;
        private final Orientation o;
        private final double[] held;
        double bestValue = -1;
        double[] bestPoint;
        long evaluations;

        Search(CpmmGraph g, Orientation o) {
            this.g = g;
            this.o = o;
            this.held = new double[g.tokenCount()];
        }

        void run() {
            int d = o.dims();
            if (d == 0) {
                bestPoint = new double[0];
                bestValue = o.evaluate(g, bestPoint, held);
                evaluations = 1;
                return;
            }
            int steps = Math.max(2, Math.min(200, (int) Math.floor(Math.pow(COARSE_POINTS, 1.0 / d)) - 1));
            List<double[]> seeds = new ArrayList<>();
            List<Double> seedValues = new ArrayList<>();
            // Also the best point on each grid level of each coordinate: a token that receives
            // nothing at the overall best points makes its own shares look indifferent there.
            double[][][] levelBest = new double[d][steps + 1][];
            double[][] levelValue = new double[d][steps + 1];
            for (double[] row : levelValue) {
                Arrays.fill(row, -1);
            }
            int[] idx = new int[d];
            double[] point = new double[d];
            while (true) {
                for (int k = 0; k < d; k++) {
                    point[k] = (double) idx[k] / steps;
                }
                double v = o.evaluate(g, point, held);
                evaluations++;
                keepTop(seeds, seedValues, point, v, 4);
                for (int k = 0; k < d; k++) {
                    if (v > levelValue[k][idx[k]]) {
                        levelValue[k][idx[k]] = v;
                        levelBest[k][idx[k]] = point.clone();
                    }
                }
                int k = 0;
                while (k < d && ++idx[k] > steps) {
                    idx[k++] = 0;
                }
                if (k == d) {
                    break;
                }
            }
            for (double[][] levels : levelBest) {
                for (double[] seed : levels) {
                    seeds.add(seed);
                }
            }
            for (double[] seed : seeds) {
                refine(seed, 1.0 / steps);
            }
        }

        private void refine(double[] start, double step) {
            int d = start.length;
            double[] current = start.clone();
            double currentValue = o.evaluate(g, current, held);
            evaluations++;
            double[] trial = new double[d];
            int neighbours = (int) Math.pow(3, d);
            while (step > 1e-12) {
                double[] bestTrial = null;
                double bestTrialValue = currentValue;
                for (int code = 0; code < neighbours; code++) {
                    int c = code;
                    for (int k = 0; k < d; k++) {
                        trial[k] = Math.min(1, Math.max(0, current[k] + (c % 3 - 1) * step));
                        c /= 3;
                    }
                    double v = o.evaluate(g, trial, held);
                    evaluations++;
                    if (v > bestTrialValue) {
                        bestTrialValue = v;
                        bestTrial = trial.clone();
                    }
                }
                if (bestTrial == null) {
                    step /= 2;
                } else {
                    current = bestTrial;
                    currentValue = bestTrialValue;
                }
            }
            if (currentValue > bestValue) {
                bestValue = currentValue;
                bestPoint = current;
            }
        }

        private static void keepTop(List<double[]> points, List<Double> values, double[] point, double v, int size) {
            if (points.size() == size && v <= values.get(size - 1)) {
                return;
            }
            int at = 0;
            while (at < values.size() && values.get(at) >= v) {
                at++;
            }
            points.add(at, point.clone());
            values.add(at, v);
            if (points.size() > size) {
                points.removeLast();
                values.removeLast();
            }
        }
    }
}
