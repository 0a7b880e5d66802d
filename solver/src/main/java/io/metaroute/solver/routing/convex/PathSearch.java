package io.metaroute.solver.routing.convex;

import io.metaroute.core.pool.UniswapV2Math;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The best single paths for the actual amount, one per number of hops: what a route limited to
 * one path, or to few legs, can pay. By dynamic programming over hops: swaps are monotone in their
 * input, so the most of a token that {@code h} pools can deliver comes from the most of a
 * neighbour that {@code h − 1} can. The few best arrivals at each token are kept
 * ({@link #KEEP}), so that paths that double precision cannot tell apart all reach the exact
 * recompute. Amounts are rounded down to whole base units on every leg, as the pairs do; where the
 * output is small enough that this rounding decides between paths, the search runs again in the
 * pools' exact integer math ({@link #EXACT_BELOW}).
 */
final class PathSearch {
    /** Arrivals kept per token and hop count. */
    static final int KEEP = 3;
    /** Below this output (in sink base units) a path's floor on every leg matters: search in integers. */
    static final double EXACT_BELOW = 1e9;
    /** The integer search looks at paths of up to this many pools: each pool takes its fee, and longer paths lose. */
    static final int EXACT_HOPS = 4;
    /** Amounts below this are whole numbers in double precision: rounding them down is what the chain does. */
    private static final double FLOOR_BELOW = 0x1p52;

    private PathSearch() {
    }

    /** The best paths of 1 to {@code maxHops} pools, at most {@link #KEEP} per hop count, best first. */
    static List<FlowProgram> best(PoolGraph g, BigInteger amountIn, int maxHops) {
        Search s = run(g, amountIn, maxHops, false);
        if (s.bestAtSink < EXACT_BELOW && g.pools.length > 0 && g.pools[0] != null) {
            // Outputs this small are decided by rounding on every leg: search again in integers.
            s = run(g, amountIn, Math.min(maxHops, EXACT_HOPS), true);
        }
        return s.paths;
    }

    private record Search(List<FlowProgram> paths, double bestAtSink) {
    }

    private static Search run(PoolGraph g, BigInteger amountIn, int maxHops, boolean exact) {
        int n = g.tokens.length;
        int m = g.pools.length;
        Level level = Level.start(n, g.source, amountIn.doubleValue(), amountIn, exact);
        var levels = new ArrayList<Level>();
        levels.add(level);
        var paths = new ArrayList<FlowProgram>();
        double bestAtSink = 0;
        for (int h = 1; h <= maxHops; h++) {
            Level next = new Level(n, exact);
            for (int i = 0; i < m; i++) {
                relax(g, level, next, i, g.t0[i], g.t1[i], 0);
                relax(g, level, next, i, g.t1[i], g.t0[i], 1);
            }
            levels.add(next);
            for (int r = 0; r < next.count[g.sink]; r++) {
                FlowProgram p = backtrack(g, levels, h, g.sink, r);
                if (p != null) {
                    paths.add(p);
                    bestAtSink = Math.max(bestAtSink, next.value[g.sink][r]);
                }
            }
            level = next;
        }
        return new Search(paths, bestAtSink);
    }

    private static void relax(PoolGraph g, Level from, Level to, int pool, int a, int b, int side) {
        if (a == g.sink || b == g.source) {
            return;
        }
        for (int r = 0; r < from.count[a]; r++) {
            if (from.exact) {
                var p = g.pools[pool];
                BigInteger in = from.amount[a][r];
                BigInteger out = side == 0 ? UniswapV2Math.amountOut(in, p.reserve0(), p.reserve1())
                        : UniswapV2Math.amountOut(in, p.reserve1(), p.reserve0());
                if (out.signum() > 0) {
                    to.offer(b, out.doubleValue(), out, pool, a, r);
                }
            } else {
                // The chain pays whole base units: round down as it does (exact while amounts fit a double's 53 bits).
                double out = g.curves[pool].out(side, from.value[a][r]);
                if (out < FLOOR_BELOW) {
                    out = Math.floor(out);
                }
                if (out > 0) {
                    to.offer(b, out, null, pool, a, r);
                }
            }
        }
    }

    /** The path ending in arrival {@code rank} at {@code token} after {@code h} hops, or null when it repeats a pool or token. */
    private static FlowProgram backtrack(PoolGraph g, List<Level> levels, int h, int token, int rank) {
        var edges = new ArrayList<FlowProgram.Edge>(h);
        boolean[] seenToken = new boolean[g.tokens.length];
        seenToken[token] = true;
        int at = token;
        int r = rank;
        for (int k = h; k >= 1; k--) {
            Level l = levels.get(k);
            int pool = l.pool[at][r];
            int from = l.from[at][r];
            int fromRank = l.fromRank[at][r];
            if (seenToken[from]) {
                return null;
            }
            seenToken[from] = true;
            edges.add(new FlowProgram.Edge(pool, from, at, 1.0));
            at = from;
            r = fromRank;
        }
        java.util.Collections.reverse(edges);
        return FlowProgram.of(edges, g);
    }

    /** The best arrivals at every token after some number of hops. */
    private static final class Level {
        final boolean exact;
        final int[] count;
        final double[][] value;
        final BigInteger[][] amount;
        final int[][] pool;
        final int[][] from;
        final int[][] fromRank;

        Level(int n, boolean exact) {
            this.exact = exact;
            count = new int[n];
            value = new double[n][KEEP];
            amount = exact ? new BigInteger[n][KEEP] : null;
            pool = new int[n][KEEP];
            from = new int[n][KEEP];
            fromRank = new int[n][KEEP];
        }

        static Level start(int n, int source, double x, BigInteger amountIn, boolean exact) {
            Level l = new Level(n, exact);
            l.count[source] = 1;
            l.value[source][0] = x;
            if (exact) {
                l.amount[source][0] = amountIn;
            }
            Arrays.fill(l.pool[source], -1);
            return l;
        }

        /** Keeps the arrival if it is among the best; one arrival per pool and predecessor token. */
        void offer(int token, double v, BigInteger exactAmount, int viaPool, int viaFrom, int viaRank) {
            int c = count[token];
            double[] vs = value[token];
            for (int k = 0; k < c; k++) {
                if (pool[token][k] == viaPool) {
                    // The same pool from a worse arrival at the same predecessor: the better one is already here.
                    return;
                }
            }
            int at = c;
            while (at > 0 && better(v, exactAmount, token, at - 1)) {
                at--;
            }
            if (at >= KEEP) {
                return;
            }
            int last = Math.min(c, KEEP - 1);
            for (int k = last; k > at; k--) {
                vs[k] = vs[k - 1];
                if (exact) {
                    amount[token][k] = amount[token][k - 1];
                }
                pool[token][k] = pool[token][k - 1];
                from[token][k] = from[token][k - 1];
                fromRank[token][k] = fromRank[token][k - 1];
            }
            vs[at] = v;
            if (exact) {
                amount[token][at] = exactAmount;
            }
            pool[token][at] = viaPool;
            from[token][at] = viaFrom;
            fromRank[token][at] = viaRank;
            count[token] = Math.min(c + 1, KEEP);
        }

        private boolean better(double v, BigInteger exactAmount, int token, int k) {
            return exact ? exactAmount.compareTo(amount[token][k]) > 0 : v > value[token][k];
        }
    }
}
