package io.metaroute.solver.routing.convex;

import io.metaroute.core.route.Leg;
import io.metaroute.core.route.RouteReplay;
import java.util.ArrayList;
import java.util.List;

/**
 * A flow turned into something a settler can run: pool trades in topological order of tokens,
 * each token's holdings split over its outgoing pools by fixed fractions. {@link FlowRecovery}
 * builds it from the dual solution, {@link WaterFilling} polishes its split; here it is trimmed,
 * simulated and turned into settler steps.
 */
public final class FlowProgram {
    /** One trade: pool index, from token, to token, and its fraction of what {@code from} holds in total. */
    public record Edge(int pool, int from, int to, double fraction) {
    }

    private final List<Edge> edges;
    private final int source;
    private final int sink;

    private FlowProgram(List<Edge> edges, int source, int sink) {
        this.edges = java.util.Collections.unmodifiableList(new ArrayList<>(edges));
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
        int tokens = 0;
        for (Edge e : edges) {
            tokens = Math.max(tokens, Math.max(e.from(), e.to()) + 1);
        }
        tokens = Math.max(tokens, Math.max(source, sink) + 1);
        while (true) {
            boolean[] reached = new boolean[tokens];
            boolean[] leaving = new boolean[tokens];
            reached[source] = true;
            for (Edge e : p.edges) {
                if (reached[e.from()]) {
                    reached[e.to()] = true;
                }
                leaving[e.from()] = true;
            }
            java.util.Set<Integer> bad = null;
            for (Edge e : p.edges) {
                if (!reached[e.from()] || (e.to() != sink && !leaving[e.to()])) {
                    if (bad == null) {
                        bad = new java.util.HashSet<>();
                    }
                    bad.add(e.pool());
                }
            }
            if (bad == null) {
                return p;
            }
            // Every bad trade of this pass goes at once: removing one never makes another good again.
            p = p.withoutPools(bad);
        }
    }

    /** The program without the trades of {@code pools}, then closed: the other trades out of each token take up their shares. */
    FlowProgram without(java.util.Set<Integer> pools) {
        return withoutPools(pools).closed();
    }

    private FlowProgram withoutPools(java.util.Set<Integer> pools) {
        java.util.Map<Integer, Double> gone = new java.util.HashMap<>();
        for (Edge e : edges) {
            if (pools.contains(e.pool())) {
                gone.merge(e.from(), e.fraction(), Double::sum);
            }
        }
        if (gone.isEmpty()) {
            return this;
        }
        var list = new ArrayList<Edge>(edges.size());
        for (Edge e : edges) {
            if (pools.contains(e.pool())) {
                continue;
            }
            double rest = 1 - gone.getOrDefault(e.from(), 0.0);
            list.add(rest > 0 && rest < 1 ? new Edge(e.pool(), e.from(), e.to(), e.fraction() / rest) : e);
        }
        return new FlowProgram(list, source, sink);
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
     * This program with its split re-optimised at every token by marginal-price water-filling
     * ({@link WaterFilling}); edges that get nothing are dropped.
     */
    Polished polish(PoolGraph g, double amountIn, int sweeps) {
        return WaterFilling.polish(this, g, amountIn, sweeps);
    }

    /** As {@link #polish(PoolGraph, double, int)}, stopping once the output reaches {@code enough}. */
    Polished polishUntil(PoolGraph g, double amountIn, int sweeps, double enough) {
        return WaterFilling.polish(this, g, amountIn, sweeps, Double.NEGATIVE_INFINITY, enough);
    }

    /** As {@link #polish(PoolGraph, double, int)}; null once no split of these edges can pay more than {@code cutoff}. */
    Polished polishAbove(PoolGraph g, double amountIn, int sweeps, double cutoff) {
        return WaterFilling.polish(this, g, amountIn, sweeps, cutoff);
    }

    /**
     * The same program with, among the trades out of each token, the makers' quotes first: then the last
     * trade out of a token, which sells whatever is left of it, is a pool's whenever there is one, and a
     * quote's share is never asked to absorb rounding beyond its amount.
     */
    FlowProgram quotesFirst(PoolGraph g) {
        if (g.quotes == null) {
            return this;
        }
        var sorted = new ArrayList<Edge>(edges.size());
        int k = 0;
        while (k < edges.size()) {
            int end = k;
            while (end < edges.size() && edges.get(end).from() == edges.get(k).from()) {
                end++;
            }
            for (int j = k; j < end; j++) {
                if (g.quote(edges.get(j).pool()) != null) {
                    sorted.add(edges.get(j));
                }
            }
            for (int j = k; j < end; j++) {
                if (g.quote(edges.get(j).pool()) == null) {
                    sorted.add(edges.get(j));
                }
            }
            k = end;
        }
        return new FlowProgram(sorted, source, sink);
    }

    /** 0 when edge {@code e} sells its pool's token0, 1 when it sells token1. */
    static int sideOf(PoolGraph g, Edge e) {
        return g.t0[e.pool()] == e.from() ? 0 : 1;
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
            double out = g.curves[e.pool()].out(sideOf(g, e), in);
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
            steps.add(new RouteReplay.Step(g.address(e.pool()), g.tokens[e.from()], g.tokens[e.to()], share));
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
