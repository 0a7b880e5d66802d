package io.metaroute.solver.routing.convex;

import io.metaroute.solver.routing.convex.FlowProgram.Edge;
import java.util.ArrayList;
import java.util.List;

/**
 * Polishing a {@link FlowProgram}: given its edges, the split at every token is re-optimised so
 * that every edge in use pays the same marginal worth, through {@link PoolCurve}s only, so any
 * pool kind can take part. Kept apart from the program itself: what a program is (its edges,
 * closing, steps) and how its split is optimised are two ideas.
 */
final class WaterFilling {
    private WaterFilling() {
    }

    /**
     * Re-optimises the split at every token for this program's edges by marginal-price water-filling:
     * forward, each token's total is pushed through its edges; backward, each token's total is
     * divided so that every used edge pays the same marginal worth ({@code λ}), given the worth of
     * the tokens downstream. A few sweeps settle it; edges that get nothing are dropped.
     */
    static FlowProgram.Polished polish(FlowProgram program, PoolGraph g, double amountIn, int sweeps) {
        return polish(program, g, amountIn, sweeps, Double.NEGATIVE_INFINITY);
    }

    /**
     * As {@link #polish(FlowProgram, PoolGraph, double, int)}, but gives up (null) as soon as the
     * program provably cannot reach {@code cutoff}: each sweep's marginal worths are dual prices of
     * the program's own edges, so the dual value there ({@link #bound}) caps every split of them.
     */
    static FlowProgram.Polished polish(FlowProgram program, PoolGraph g, double amountIn, int sweeps, double cutoff) {
        return polish(program, g, amountIn, sweeps, cutoff, Double.POSITIVE_INFINITY);
    }

    /**
     * As {@link #polish(FlowProgram, PoolGraph, double, int, double)}, and stops sweeping once the
     * output reaches {@code enough} (after one sweep at least, which gives the marginal worths).
     */
    static FlowProgram.Polished polish(FlowProgram program, PoolGraph g, double amountIn, int sweeps, double cutoff,
                                       double enough) {
        List<Edge> edges = program.edges();
        int n = g.tokens.length;
        int m = edges.size();
        double[] fraction = new double[m];
        for (int k = 0; k < m; k++) {
            fraction[k] = edges.get(k).fraction();
        }
        var fill = new Fill(g, edges);
        double[] total = new double[n];
        double[] marginal = new double[n];
        double value = forward(fill, g, amountIn, fraction, total);
        double[] target = new double[m];
        double[] trial = new double[m];
        double[] trialTotal = new double[n];
        for (int sweep = 0; sweep < sweeps; sweep++) {
            System.arraycopy(fraction, 0, target, 0, m);
            java.util.Arrays.fill(marginal, 0);
            marginal[g.sink] = 1;
            int end = m;
            while (end > 0) {
                int from = fill.from[end - 1];
                int begin = end;
                while (begin > 0 && fill.from[begin - 1] == from) {
                    begin--;
                }
                marginal[from] = waterFill(fill, from, begin, end, total[from], marginal, target);
                end = begin;
            }
            // The bound costs about a forward pass: every sweep at first, then every fourth.
            if (cutoff > Double.NEGATIVE_INFINITY && (sweep < 4 || sweep % 4 == 0)
                    && bound(fill, g, amountIn, marginal) < cutoff) {
                return null;
            }
            // Moving every token's split at once can overshoot downstream: step towards it, halving until it pays.
            double step = 1;
            boolean improved = false;
            for (int tries = 0; tries < 6 && !improved; tries++, step /= 2) {
                for (int k = 0; k < m; k++) {
                    trial[k] = fraction[k] + step * (target[k] - fraction[k]);
                }
                double next = forward(fill, g, amountIn, trial, trialTotal);
                if (next > value) {
                    improved = next - value > 1e-13 * next;
                    value = next;
                    System.arraycopy(trial, 0, fraction, 0, m);
                    System.arraycopy(trialTotal, 0, total, 0, n);
                    if (!improved) {
                        break;
                    }
                }
            }
            if (!improved || value >= enough) {
                break;
            }
        }
        var kept = new ArrayList<Edge>(m);
        for (int k = 0; k < m; k++) {
            Edge e = edges.get(k);
            if (fraction[k] > 0 && total[e.from()] > 0) {
                kept.add(new Edge(e.pool(), e.from(), e.to(), fraction[k]));
            }
        }
        return new FlowProgram.Polished(FlowProgram.of(kept, g), value, marginal);
    }

    /**
     * The polish's view of the edges in flat arrays (token, curve and side of each), and its
     * scratch: built once per polish, so that the sweeps allocate nothing.
     */
    private static final class Fill {
        final int[] from;
        final int[] to;
        final int[] side;
        final PoolCurve[] curve;
        /** Per edge: the input that runs its pool dry ({@code +∞} for most kinds). */
        final double[] dry;
        /** Per edge: the worth of its output token, and of its first unit of input. */
        final double[] worth;
        final double[] atZero;
        /** Per token: its marginal worth at the last sweep, where the next one starts looking (0: none yet). */
        final double[] lastWorth;
        final double[] held;
        final boolean[] started;
        final PoolCurve.Trade trade = new PoolCurve.Trade();
        /** {@code dG/ds} at the last {@link #spread}. */
        double slope;

        Fill(PoolGraph g, List<Edge> edges) {
            int m = edges.size();
            from = new int[m];
            to = new int[m];
            side = new int[m];
            curve = new PoolCurve[m];
            dry = new double[m];
            for (int k = 0; k < m; k++) {
                Edge e = edges.get(k);
                from[k] = e.from();
                to[k] = e.to();
                side[k] = FlowProgram.sideOf(g, e);
                curve[k] = g.curves[e.pool()];
                dry[k] = curve[k].inputForMarginal(side[k], 0);
            }
            worth = new double[m];
            atZero = new double[m];
            lastWorth = new double[g.tokens.length];
            held = new double[g.tokens.length];
            started = new boolean[g.tokens.length];
        }
    }

    /** The dual's relative safety margin: the bound is computed in double precision over many edges. */
    private static final double BOUND_MARGIN = 1e-9;

    /**
     * The most any split of the program's edges can pay, from weak duality at prices {@code worth}
     * (each token's worth in sink units, the sink's 1): the source's worth times the input plus each
     * edge's most profitable trade in its own direction at those prices. {@code +∞} when it cannot
     * tell (a trade out of the sink, whose worth must stay 1).
     */
    static double bound(Fill f, PoolGraph g, double amountIn, double[] worth) {
        double sum = worth[g.source] * amountIn;
        PoolCurve.Trade t = f.trade;
        for (int k = 0; k < f.from.length; k++) {
            if (f.from[k] == g.sink) {
                return Double.POSITIVE_INFINITY;
            }
            double sell = worth[f.from[k]];
            double buy = f.to[k] == g.sink ? 1 : worth[f.to[k]];
            if (!(buy > 0)) {
                continue;
            }
            if (!(sell > 0)) {
                // The input is worth nothing: the edge may take all the pool can pay.
                sum += buy * f.curve[k].capacity(f.side[k]);
                continue;
            }
            double v = f.side[k] == 0 ? f.curve[k].arbitrage(sell, buy, t) : f.curve[k].arbitrage(buy, sell, t);
            if (t.side == f.side[k]) {
                sum += v;
            }
        }
        return sum * (1 + BOUND_MARGIN);
    }

    /** Pushes the input through the edges by {@code fraction}; fills each token's total; returns the output. */
    private static double forward(Fill f, PoolGraph g, double amountIn, double[] fraction, double[] total) {
        java.util.Arrays.fill(total, 0);
        double[] held = f.held;
        boolean[] started = f.started;
        java.util.Arrays.fill(held, 0);
        java.util.Arrays.fill(started, false);
        held[g.source] = amountIn;
        for (int k = 0; k < fraction.length; k++) {
            int from = f.from[k];
            if (!started[from]) {
                started[from] = true;
                total[from] = held[from];
            }
            double in = total[from] * fraction[k];
            double out = f.curve[k].out(f.side[k], in);
            held[from] -= in;
            held[f.to[k]] += out;
        }
        return held[g.sink];
    }

    /** Relative error in the split total at which water-filling stops refining {@code λ}. */
    private static final double FILL_TOLERANCE = 1e-12;
    /** A bound on water-filling's Newton steps; V2 pools take a few, one once the set of edges in use settles. */
    private static final int MAX_FILL_STEPS = 100;

    /**
     * Splits {@code total} over edges {@code [begin, end)} (all out of one token) so that each used
     * edge's marginal worth, {@code w_e · marginal_e(x_e)} with {@code w_e} the worth of its output
     * token, equals a common {@code λ}; writes the fractions and returns {@code λ}, the token's
     * marginal worth.
     * <p>
     * Each edge takes {@code x_e(λ) = inputForMarginal(λ / w_e)}, so the split is the root of
     * {@code G(λ) = Σ x_e(λ) = total}, with {@code G} decreasing: edges join as {@code λ} falls below
     * their worth at zero input. It is found by Newton's method in {@code s = λ^(-1/2)}, kept inside
     * a bracket, from the token's worth at the last sweep. For constant-product curves {@code x_e}
     * is affine in {@code s} while no edge joins or leaves, so once the last sweep's guess has the
     * right edges in, one step is exact; {@code G} is convex in {@code s} there, so no step overshoots
     * more than once.
     */
    private static double waterFill(Fill f, int token, int begin, int end, double total, double[] marginal,
                                    double[] fraction) {
        double best = 0;
        double lowest = Double.POSITIVE_INFINITY;
        double dry = 0;
        for (int k = begin; k < end; k++) {
            double w = marginal[f.to[k]];
            double z = w > 0 ? w * f.curve[k].marginalAtZero(f.side[k]) : 0;
            f.worth[k] = w;
            f.atZero[k] = z;
            if (z > 0) {
                best = Math.max(best, z);
                lowest = Math.min(lowest, z);
                dry += f.dry[k];
            }
        }
        if (!(total > 0)) {
            return best;
        }
        if (best == 0) {
            // Nothing downstream is worth anything: no split is better than another.
            return 0;
        }
        if (end - begin == 1) {
            fraction[begin] = 1;
            return f.worth[begin] * f.curve[begin].marginal(f.side[begin], total);
        }
        if (dry <= total) {
            // Every pool runs dry before the total is spent: fill them all; more input is worth nothing.
            spread(f, begin, end, 0, fraction);
            normalise(begin, end, fraction);
            f.lastWorth[token] = 0;
            return 0;
        }
        // Bracket: nothing is sold at the best edge's worth at zero; the upper end is found on the way.
        double sLo = 1 / Math.sqrt(best);
        double sHi = Double.POSITIVE_INFINITY;
        double guess = f.lastWorth[token];
        double s = guess > 0 && guess < best ? 1 / Math.sqrt(guess) : 1 / Math.sqrt(lowest);
        if (!(s > sLo)) {
            s = 2 * sLo;
        }
        double tolerance = FILL_TOLERANCE * total;
        for (int step = 1; ; step++) {
            double g = spread(f, begin, end, 1 / (s * s), fraction) - total;
            if (Math.abs(g) <= tolerance || step == MAX_FILL_STEPS) {
                break;
            }
            if (g < 0) {
                sLo = s;
            } else {
                sHi = s;
            }
            if (sHi < Double.POSITIVE_INFINITY && sHi - sLo <= 1e-15 * sHi) {
                // G jumps here (a pool that pays a constant rate up to its end, say): this is as close as it gets.
                break;
            }
            double next = s - g / f.slope;
            if (!(next > sLo && next < sHi)) {
                next = sHi < Double.POSITIVE_INFINITY ? 0.5 * (sLo + sHi) : 2 * s;
            }
            s = next;
        }
        // The fractions hold the inputs at s, the last point spread.
        normalise(begin, end, fraction);
        double lambda = 1 / (s * s);
        f.lastWorth[token] = lambda;
        return lambda;
    }

    /**
     * Writes each edge's input at marginal worth {@code lambda} into {@code x}, and {@code dG/ds} into
     * {@link Fill#slope}; returns their sum {@code G(λ)}.
     */
    private static double spread(Fill f, int begin, int end, double lambda, double[] x) {
        double sum = 0;
        double dInDLambda = 0;
        for (int k = begin; k < end; k++) {
            double in = 0;
            if (f.atZero[k] > lambda) {
                double w = f.worth[k];
                PoolCurve c = f.curve[k];
                in = c.inputForMarginal(f.side[k], lambda / w);
                if (in > 0 && in < f.dry[k]) {
                    // w · marginal(x) = λ, so dx/dλ = 1 / (w · marginal'(x)).
                    double curvature = c.marginalSlope(f.side[k], in);
                    if (curvature < 0) {
                        dInDLambda += 1 / (w * curvature);
                    }
                }
            }
            x[k] = in;
            sum += in;
        }
        // λ = s^-2: dλ/ds = -2 λ^(3/2).
        f.slope = -2 * lambda * Math.sqrt(lambda) * dInDLambda;
        return sum;
    }

    /** Turns inputs into fractions of their sum (the token's total, up to the root's tolerance). */
    private static void normalise(int begin, int end, double[] fraction) {
        double assigned = 0;
        for (int k = begin; k < end; k++) {
            assigned += fraction[k];
        }
        if (assigned > 0 && assigned < Double.POSITIVE_INFINITY) {
            for (int k = begin; k < end; k++) {
                fraction[k] /= assigned;
            }
        }
    }
}
