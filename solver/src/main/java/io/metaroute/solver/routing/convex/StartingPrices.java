package io.metaroute.solver.routing.convex;

import java.util.PriorityQueue;

/** Where the dual search starts: log prices in sink units read off the pools, before any iteration. */
final class StartingPrices {
    private StartingPrices() {
    }

    /**
     * Log prices at which no pool pays an arbitrage when nothing is sold: each token's worth is the
     * best rate a first unit of it gets to the sink, fee included (Bellman-Ford over the pools'
     * {@link PoolCurve#marginalAtZero}), so {@code g = ν_source · X}, a bound that is tight for
     * trades too small to move a price. Tokens with no path keep their mid price.
     */
    static double[] worth(PoolGraph g) {
        return worth(g, mid(g));
    }

    /** {@link #worth(PoolGraph)}, with {@code mid} the graph's {@link #mid} prices (not changed) for the tokens with no path. */
    static double[] worth(PoolGraph g, double[] mid) {
        int n = g.tokens.length;
        double[] u = mid.clone();
        double[] w = new double[n];
        w[g.sink] = 1;
        for (int round = 0; round < n; round++) {
            boolean changed = false;
            for (int i = 0; i < g.pools.length; i++) {
                int a = g.t0[i];
                int b = g.t1[i];
                PoolCurve c = g.curves[i];
                if (a != g.sink && w[b] * c.marginalAtZero(0) > w[a]) {
                    w[a] = w[b] * c.marginalAtZero(0);
                    changed = true;
                }
                if (b != g.sink && w[a] * c.marginalAtZero(1) > w[b]) {
                    w[b] = w[a] * c.marginalAtZero(1);
                    changed = true;
                }
            }
            if (!changed) {
                break;
            }
        }
        for (int j = 0; j < n; j++) {
            if (j != g.sink && w[j] > 0) {
                u[j] = Math.log(w[j]);
            }
        }
        u[g.sink] = 0;
        return u;
    }

    /**
     * Log prices in sink units from pool mid prices, spreading out from the sink over the deepest pools
     * first (by the value of what each can pay out of the token already priced).
     */
    static double[] mid(PoolGraph g) {
        int n = g.tokens.length;
        double[] u = new double[n];
        boolean[] known = new boolean[n];
        // Adjacency by token.
        int[] deg = new int[n];
        for (int i = 0; i < g.pools.length; i++) {
            deg[g.t0[i]]++;
            deg[g.t1[i]]++;
        }
        int[][] adj = new int[n][];
        for (int j = 0; j < n; j++) {
            adj[j] = new int[deg[j]];
            deg[j] = 0;
        }
        for (int i = 0; i < g.pools.length; i++) {
            adj[g.t0[i]][deg[g.t0[i]]++] = i;
            adj[g.t1[i]][deg[g.t1[i]]++] = i;
        }
        // Entries: {value depth of the known side, pool, from token}.
        var queue = new PriorityQueue<double[]>((p, q) -> Double.compare(q[0], p[0]));
        known[g.sink] = true;
        u[g.sink] = 0;
        for (int i : adj[g.sink]) {
            queue.add(new double[] {reserveOf(g, i, g.sink), i, g.sink});
        }
        while (!queue.isEmpty()) {
            double[] e = queue.poll();
            int i = (int) e[1];
            int from = (int) e[2];
            int to = g.t0[i] == from ? g.t1[i] : g.t0[i];
            if (known[to]) {
                continue;
            }
            known[to] = true;
            // The pool's fee-free price carries the known price over: ν0 = ν1 · (token1 per token0).
            double logMid = Math.log(g.curves[i].midPrice());
            u[to] = g.t0[i] == to ? u[from] + logMid : u[from] - logMid;
            double nuTo = Math.exp(u[to]);
            for (int k : adj[to]) {
                queue.add(new double[] {nuTo * reserveOf(g, k, to), k, to});
            }
        }
        return u;
    }

    /** How much of {@code token} the pool can pay out: its depth on that side (the reserve, for V2). */
    private static double reserveOf(PoolGraph g, int pool, int token) {
        return g.curves[pool].capacity(g.t0[pool] == token ? 1 : 0);
    }

}
