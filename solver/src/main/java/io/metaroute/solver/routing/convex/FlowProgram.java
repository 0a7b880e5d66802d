package io.metaroute.solver.routing.convex;

import io.metaroute.core.route.Leg;
import io.metaroute.core.route.RouteReplay;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A flow turned into something a settler can run: pool trades in topological order of tokens,
 * each token's holdings split over its outgoing pools by fixed fractions. {@link FlowRecovery}
 * builds it from the dual solution; here it is polished by water-filling, trimmed, simulated and
 * turned into settler steps.
 */
public final class FlowProgram {
    /** One trade: pool index, from token, to token, and its fraction of what {@code from} holds in total. */
    public record Edge(int pool, int from, int to, double fraction) {
    }

    private final List<Edge> edges;
    private final int source;
    private final int sink;

    private FlowProgram(List<Edge> edges, int source, int sink) {
        this.edges = List.copyOf(edges);
        this.source = source;
        this.sink = sink;
    }

    static FlowProgram of(List<Edge> edges, PoolGraph g) {
        return new FlowProgram(edges, g.source, g.sink);
    }

    static FlowProgram recover(PoolGraph g, DualSolver solver, double[] logPrices) {
        return FlowRecovery.recover(g, solver, logPrices, null);
    }

    static FlowProgram recover(PoolGraph g, DualSolver solver, double[] logPrices, FlowProgram include) {
        return FlowRecovery.recover(g, solver, logPrices, include);
    }

    static List<int[]> bestPath(PoolGraph g) {
        return FlowRecovery.bestPath(g);
    }

    public List<Edge> edges() {
        return edges;
    }

    public int legs() {
        return edges.size();
    }

    public boolean isEmpty() {
        return edges.isEmpty();
    }

    /**
     * The same program without one pool's trade; the other trades out of its token take up its share,
     * and trades that no longer lead anywhere (into a token with nothing going on, or out of a token
     * that nothing reaches) go too.
     */
    FlowProgram without(int pool) {
        return withoutOne(pool).closed();
    }

    /** Drops trades out of tokens nothing reaches and into tokens (other than the sink) nothing leaves. */
    FlowProgram closed() {
        FlowProgram p = this;
        while (true) {
            var reached = new java.util.HashSet<Integer>();
            var leaving = new java.util.HashSet<Integer>();
            reached.add(source);
            for (Edge e : p.edges) {
                if (reached.contains(e.from())) {
                    reached.add(e.to());
                }
                leaving.add(e.from());
            }
            Edge bad = null;
            for (Edge e : p.edges) {
                if (!reached.contains(e.from()) || (e.to() != sink && !leaving.contains(e.to()))) {
                    bad = e;
                    break;
                }
            }
            if (bad == null) {
                return p;
            }
            p = p.withoutOne(bad.pool());
        }
    }

    private FlowProgram withoutOne(int pool) {
        Edge gone = null;
        for (Edge e : edges) {
            if (e.pool() == pool) {
                gone = e;
            }
        }
        if (gone == null) {
            return this;
        }
        double rest = 1 - gone.fraction();
        var list = new ArrayList<Edge>();
        for (Edge e : edges) {
            if (e.pool() != pool) {
                list.add(e.from() == gone.from() && rest > 0 ? new Edge(e.pool(), e.from(), e.to(), e.fraction() / rest) : e);
            }
        }
        return new FlowProgram(list, source, sink);
    }

    /** A polished program, its output, and each token's marginal worth in sink units at the optimum of its edges. */
    record Polished(FlowProgram program, double value, double[] marginal) {
    }

    /**
     * Re-optimises the split at every token for this program's edges by marginal-price water-filling:
     * forward, each token's total is pushed through its edges; backward, each token's total is
     * divided so that every used edge pays the same marginal worth ({@code λ}), given the worth of
     * the tokens downstream. For constant-product pools the division has a closed form. A few sweeps
     * settle it; edges that get nothing are dropped.
     */
    Polished polish(PoolGraph g, double amountIn, int sweeps) {
        int n = g.tokens.length;
        int m = edges.size();
        double[] fraction = new double[m];
        for (int k = 0; k < m; k++) {
            fraction[k] = edges.get(k).fraction();
        }
        double[] total = new double[n];
        double[] marginal = new double[n];
        double value = forward(g, amountIn, fraction, total);
        double[] target = new double[m];
        double[] trial = new double[m];
        double[] trialTotal = new double[n];
        for (int sweep = 0; sweep < sweeps; sweep++) {
            System.arraycopy(fraction, 0, target, 0, m);
            java.util.Arrays.fill(marginal, 0);
            marginal[g.sink] = 1;
            int end = m;
            while (end > 0) {
                int from = edges.get(end - 1).from();
                int begin = end;
                while (begin > 0 && edges.get(begin - 1).from() == from) {
                    begin--;
                }
                marginal[from] = waterFill(g, begin, end, total[from], marginal, target);
                end = begin;
            }
            // Moving every token's split at once can overshoot downstream: step towards it, halving until it pays.
            double step = 1;
            boolean improved = false;
            for (int tries = 0; tries < 6 && !improved; tries++, step /= 2) {
                for (int k = 0; k < m; k++) {
                    trial[k] = fraction[k] + step * (target[k] - fraction[k]);
                }
                double next = forward(g, amountIn, trial, trialTotal);
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
            if (!improved) {
                break;
            }
        }
        var kept = new ArrayList<Edge>();
        for (int k = 0; k < m; k++) {
            Edge e = edges.get(k);
            if (fraction[k] > 0 && total[e.from()] > 0) {
                kept.add(new Edge(e.pool(), e.from(), e.to(), fraction[k]));
            }
        }
        return new Polished(new FlowProgram(kept, source, sink), value, marginal);
    }

    /** Pushes the input through the edges by {@code fraction}; fills each token's total; returns the output. */
    private double forward(PoolGraph g, double amountIn, double[] fraction, double[] total) {
        java.util.Arrays.fill(total, 0);
        double[] held = new double[g.tokens.length];
        boolean[] started = new boolean[g.tokens.length];
        held[g.source] = amountIn;
        for (int k = 0; k < edges.size(); k++) {
            Edge e = edges.get(k);
            if (!started[e.from()]) {
                started[e.from()] = true;
                total[e.from()] = held[e.from()];
            }
            double in = total[e.from()] * fraction[k];
            double out = out(g, e, in);
            held[e.from()] -= in;
            held[e.to()] += out;
        }
        return held[g.sink];
    }

    /**
     * Splits {@code total} over edges {@code [begin, end)} (all out of one token) so that each used
     * edge's marginal worth {@code w_e γ R_in R_out / (R_in + γ x_e)^2} equals a common {@code λ};
     * writes the fractions and returns {@code λ}, the token's marginal worth.
     */
    private double waterFill(PoolGraph g, int begin, int end, double total, double[] marginal, double[] fraction) {
        int count = end - begin;
        double[] c = new double[count];
        double[] rin = new double[count];
        Integer[] order = new Integer[count];
        for (int k = 0; k < count; k++) {
            Edge e = edges.get(begin + k);
            boolean zeroIn = g.t0[e.pool()] == e.from();
            rin[k] = zeroIn ? g.r0[e.pool()] : g.r1[e.pool()];
            double rout = zeroIn ? g.r1[e.pool()] : g.r0[e.pool()];
            c[k] = PoolGraph.GAMMA * rin[k] * rout * marginal[e.to()];
            order[k] = k;
        }
        if (!(total > 0)) {
            double best = 0;
            for (int k = 0; k < count; k++) {
                best = Math.max(best, c[k] / (rin[k] * rin[k]));
            }
            return best;
        }
        // Marginal worth at zero input, highest first.
        java.util.Arrays.sort(order, (p, q) -> Double.compare(c[q] / (rin[q] * rin[q]), c[p] / (rin[p] * rin[p])));
        double sumSqrtC = 0;
        double sumR = 0;
        double lambda = 0;
        int active = 0;
        for (int k = 0; k < count; k++) {
            int e = order[k];
            double atZero = c[e] / (rin[e] * rin[e]);
            if (active > 0 && atZero <= lambda) {
                break;
            }
            sumSqrtC += Math.sqrt(c[e]);
            sumR += rin[e];
            active++;
            double root = sumSqrtC / (PoolGraph.GAMMA * total + sumR);
            lambda = root * root;
        }
        for (int k = 0; k < count; k++) {
            fraction[begin + k] = 0;
        }
        double sqrtLambda = Math.sqrt(lambda);
        double assigned = 0;
        for (int k = 0; k < active; k++) {
            int e = order[k];
            double x = Math.max(0, (Math.sqrt(c[e]) / sqrtLambda - rin[e]) / PoolGraph.GAMMA);
            fraction[begin + e] = x / total;
            assigned += x;
        }
        // Rounding: make the fractions of this token add up to one.
        if (assigned > 0) {
            for (int k = 0; k < active; k++) {
                fraction[begin + order[k]] *= total / assigned;
            }
        }
        return lambda;
    }

    private static double out(PoolGraph g, Edge e, double in) {
        boolean zeroIn = g.t0[e.pool()] == e.from();
        double rin = zeroIn ? g.r0[e.pool()] : g.r1[e.pool()];
        double rout = zeroIn ? g.r1[e.pool()] : g.r0[e.pool()];
        return PoolGraph.GAMMA * in * rout / (rin + PoolGraph.GAMMA * in);
    }

    /** The output in double precision: the quick check of a program during the search. */
    double simulate(PoolGraph g, double amountIn) {
        double[] held = new double[g.tokens.length];
        double[] total = new double[g.tokens.length];
        boolean[] started = new boolean[g.tokens.length];
        held[g.source] = amountIn;
        for (Edge e : edges) {
            if (!started[e.from()]) {
                started[e.from()] = true;
                total[e.from()] = held[e.from()];
            }
            double in = total[e.from()] * e.fraction();
            boolean zeroIn = g.t0[e.pool()] == e.from();
            double rin = zeroIn ? g.r0[e.pool()] : g.r1[e.pool()];
            double rout = zeroIn ? g.r1[e.pool()] : g.r0[e.pool()];
            double out = PoolGraph.GAMMA * in * rout / (rin + PoolGraph.GAMMA * in);
            held[e.from()] -= in;
            held[e.to()] += out;
        }
        return held[g.sink];
    }

    /** The settler's steps: each token's fractions of its total turned into shares of what is left. */
    public List<RouteReplay.Step> steps(PoolGraph g) {
        var steps = new ArrayList<RouteReplay.Step>(edges.size());
        for (int k = 0; k < edges.size(); k++) {
            Edge e = edges.get(k);
            boolean lastOfToken = k + 1 == edges.size() || edges.get(k + 1).from() != e.from();
            double left = 1;
            for (int j = k - 1; j >= 0 && edges.get(j).from() == e.from(); j--) {
                left -= edges.get(j).fraction();
            }
            long share;
            if (lastOfToken) {
                share = Leg.ALL;
            } else {
                double s = e.fraction() / left;
                share = s >= 1 ? Leg.ALL : Math.max(1L, Math.round(s * Leg.ALL));
            }
            var pool = g.pools[e.pool()];
            steps.add(new RouteReplay.Step(pool.address(), g.tokens[e.from()], g.tokens[e.to()], share));
        }
        return steps;
    }

    /** True when {@code sink} stays reachable from {@code source} without {@code pool}. */
    boolean connectsWithout(PoolGraph g, int pool) {
        boolean[] reach = new boolean[g.tokens.length];
        reach[g.source] = true;
        for (Edge e : edges) {
            if (e.pool() != pool && reach[e.from()]) {
                reach[e.to()] = true;
            }
        }
        if (!reach[g.sink]) {
            return false;
        }
        // Every token that still receives something must still be able to pass it on.
        boolean[] leads = new boolean[g.tokens.length];
        leads[g.sink] = true;
        for (int k = edges.size() - 1; k >= 0; k--) {
            Edge e = edges.get(k);
            if (e.pool() != pool && leads[e.to()]) {
                leads[e.from()] = true;
            }
        }
        for (Edge e : edges) {
            if (e.pool() != pool && reach[e.from()] && !leads[e.to()]) {
                return false;
            }
        }
        return true;
    }

}
