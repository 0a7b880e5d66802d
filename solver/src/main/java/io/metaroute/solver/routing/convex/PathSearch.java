package io.metaroute.solver.routing.convex;

import io.metaroute.core.pool.UniswapV2Math;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The best single paths for the actual amount, one per number of hops: what a route limited to
 * one path, or to few legs, can pay. By dynamic programming over hops: swaps are monotone in their
 * input, so the most of a token that {@code h} pools can deliver comes from the most of a
 * neighbour that {@code h − 1} can. The few best arrivals at each token are kept ({@link #KEEP}),
 * so that paths double precision cannot tell apart all reach the exact recompute. Amounts are
 * rounded down to whole base units on every leg, as the pairs do; where a double lands too close
 * to a whole number for its rounding to be sure, that leg is computed in the pair's integer math.
 */
final class PathSearch {
    /** Arrivals kept per token and hop count. */
    static final int KEEP = 3;
    /** Amounts below this are whole numbers in double precision: rounding them down is what the chain does. */
    private static final double FLOOR_BELOW = 0x1p52;

    private PathSearch() {
    }

    /** The best paths of 1 to {@code maxHops} pools, at most {@link #KEEP} per hop count, best first. */
    static List<FlowProgram> best(PoolGraph g, BigInteger amountIn, int maxHops) {
        int n = g.tokens.length;
        int m = g.pools.length;
        Level level = Level.start(n, g.source, amountIn.doubleValue());
        var levels = new ArrayList<Level>();
        levels.add(level);
        var paths = new ArrayList<FlowProgram>();
        for (int h = 1; h <= maxHops; h++) {
            Level next = new Level(n);
            for (int i = 0; i < m; i++) {
                relax(g, levels, h - 1, next, i, g.t0[i], g.t1[i], 0);
                relax(g, levels, h - 1, next, i, g.t1[i], g.t0[i], 1);
            }
            levels.add(next);
            for (int r = 0; r < next.count[g.sink]; r++) {
                FlowProgram p = backtrack(g, levels, h, g.sink, r);
                if (p != null) {
                    paths.add(p);
                }
            }
            level = next;
        }
        return paths;
    }

    private static void relax(PoolGraph g, List<Level> levels, int hops, Level to, int pool, int a, int b, int side) {
        if (a == g.sink || b == g.source) {
            return;
        }
        Level from = levels.get(hops);
        for (int r = 0; r < from.count[a]; r++) {
            if (from.visits(a, r, b)) {
                // A path through a token twice runs a cycle inside the route; on a market holding arbitrage such
                // arrivals are the best ones and would crowd the simple paths out of the kept few.
                continue;
            }
            double in = from.value[a][r];
            double out = whole(g, pool, side, in);
            if (out > 0) {
                to.offer(b, out, pool, a, r, from);
            }
        }
    }

    /** The leg's output rounded down as the pair rounds it; in integers where the double is too close to call. */
    private static double whole(PoolGraph g, int pool, int side, double in) {
        double out = g.curves[pool].out(side, in);
        if (!(out < FLOOR_BELOW)) {
            return out;
        }
        double floor = Math.floor(out);
        double fraction = out - floor;
        double doubt = 1e-12 * out + 1e-9;
        if ((fraction < doubt || fraction > 1 - doubt) && in < FLOOR_BELOW && g.pools[pool] != null) {
            var p = g.pools[pool];
            BigInteger exactIn = BigInteger.valueOf((long) in);
            BigInteger exact = side == 0 ? UniswapV2Math.amountOut(exactIn, p.reserve0(), p.reserve1())
                    : UniswapV2Math.amountOut(exactIn, p.reserve1(), p.reserve0());
            return exact.doubleValue();
        }
        return floor;
    }

    /** The path ending in arrival {@code rank} at {@code token} after {@code h} hops, or null when it repeats a token. */
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

    /**
     * The best arrivals at every token after some number of hops. Each arrival carries the set of
     * tokens its path has visited, as a bit set of {@link #words} longs, so that a relaxation asks
     * in one read whether it would pass a token twice instead of walking the path back.
     */
    private static final class Level {
        final int[] count;
        final double[][] value;
        final int[][] pool;
        final int[][] from;
        final int[][] fromRank;
        /** Per token: {@link #KEEP} bit sets of {@link #words} longs, one per kept arrival. */
        final long[][] visited;
        final int words;

        Level(int n) {
            count = new int[n];
            value = new double[n][KEEP];
            pool = new int[n][KEEP];
            from = new int[n][KEEP];
            fromRank = new int[n][KEEP];
            words = (n + 63) >>> 6;
            visited = new long[n][KEEP * words];
        }

        static Level start(int n, int source, double x) {
            Level l = new Level(n);
            l.count[source] = 1;
            l.value[source][0] = x;
            l.pool[source][0] = -1;
            l.visited[source][source >>> 6] |= 1L << source;
            return l;
        }

        /** Whether the path of arrival {@code rank} at {@code token} has visited {@code other} (itself included). */
        boolean visits(int token, int rank, int other) {
            return (visited[token][rank * words + (other >>> 6)] & (1L << other)) != 0;
        }

        /**
         * Keeps the arrival if it is among the best; one arrival per pool. {@code previous} holds the
         * arrival it extends ({@code viaRank} at {@code viaFrom}), whose visited tokens it inherits.
         */
        void offer(int token, double v, int viaPool, int viaFrom, int viaRank, Level previous) {
            int c = count[token];
            for (int k = 0; k < c; k++) {
                if (pool[token][k] == viaPool) {
                    // The same pool from a worse arrival at the same predecessor: the better one is already here.
                    return;
                }
            }
            int at = c;
            while (at > 0 && v > value[token][at - 1]) {
                at--;
            }
            if (at >= KEEP) {
                return;
            }
            long[] sets = visited[token];
            for (int k = Math.min(c, KEEP - 1); k > at; k--) {
                value[token][k] = value[token][k - 1];
                pool[token][k] = pool[token][k - 1];
                from[token][k] = from[token][k - 1];
                fromRank[token][k] = fromRank[token][k - 1];
                System.arraycopy(sets, (k - 1) * words, sets, k * words, words);
            }
            value[token][at] = v;
            pool[token][at] = viaPool;
            from[token][at] = viaFrom;
            fromRank[token][at] = viaRank;
            System.arraycopy(previous.visited[viaFrom], viaRank * words, sets, at * words, words);
            sets[at * words + (token >>> 6)] |= 1L << token;
            count[token] = Math.min(c + 1, KEEP);
        }
    }
}
