package io.metaroute.solver.routing.convex;

import io.metaroute.solver.routing.convex.FlowProgram.Edge;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns the dual solution's pool trades into a {@link FlowProgram}: trades (and trades nearly worth
 * making at the dual prices) become candidate edges, edges that lead nowhere are pruned, cycles are
 * broken at their least valuable trade, and each token's outflow is divided in proportion to the
 * trades. The zero-size best path always joins as an anchor.
 */
final class FlowRecovery {
    /** Untraded pools within this relative margin of paying at the dual prices join the program's candidates. */
    private static final double TIGHT = 1e-5;

    private FlowRecovery() {
    }

    /** Recovers a program from the solver's last evaluated trades, keeping every edge of {@code include} (may be null) as a candidate too. */
    static FlowProgram recover(PoolGraph g, DualSolver solver, double[] logPrices, FlowProgram include) {
        int pools = g.pools.length;
        int n = g.tokens.length;
        boolean[] active = new boolean[pools];
        int[] from = new int[pools];
        int[] to = new int[pools];
        double[] weight = new double[pools];
        for (int i = 0; i < pools; i++) {
            byte dir = solver.direction[i];
            if (dir != 0 && solver.tradeIn[i] > 0) {
                from[i] = dir == 1 ? g.t0[i] : g.t1[i];
                to[i] = dir == 1 ? g.t1[i] : g.t0[i];
                weight[i] = solver.tradeIn[i];
            } else if (logPrices != null) {
                // Not traded, but nearly worth trading at these prices: keep it, the polish decides.
                double nu0 = g.t0[i] == g.sink ? 1 : Math.exp(logPrices[g.t0[i]]);
                double nu1 = g.t1[i] == g.sink ? 1 : Math.exp(logPrices[g.t1[i]]);
                // What the first unit sold on each side earns, relative to what it costs.
                PoolCurve c = g.curves[i];
                double sell0 = nu1 * c.marginalAtZero(0) / nu0;
                double sell1 = nu0 * c.marginalAtZero(1) / nu1;
                if (sell0 >= 1 - TIGHT) {
                    from[i] = g.t0[i];
                    to[i] = g.t1[i];
                } else if (sell1 >= 1 - TIGHT) {
                    from[i] = g.t1[i];
                    to[i] = g.t0[i];
                } else {
                    continue;
                }
            } else {
                continue;
            }
            active[i] = to[i] != g.source && from[i] != g.sink;
        }
        if (include != null) {
            for (Edge e : include.edges()) {
                int i = e.pool();
                if (!active[i]) {
                    active[i] = true;
                    from[i] = e.from();
                    to[i] = e.to();
                    weight[i] = 0;
                }
            }
        }
        // The best path at zero size always joins: small trades route along it, and it anchors the rest.
        for (int[] e : bestPath(g)) {
            int i = e[0];
            if (!active[i]) {
                active[i] = true;
                from[i] = e[1];
                to[i] = e[2];
            }
        }
        // The candidates, in pool order: from here on trades only leave, so every pass runs over these alone.
        int count = 0;
        for (int i = 0; i < pools; i++) {
            if (active[i]) {
                count++;
            }
        }
        int[] candidates = new int[count];
        count = 0;
        for (int i = 0; i < pools; i++) {
            if (active[i]) {
                candidates[count++] = i;
            }
        }
        // Each token's candidate trades out and in, built once: the passes below skip the ones dropped.
        int[][] byFrom = byToken(n, candidates, from);
        int[][] byTo = byToken(n, candidates, to);
        int[] order;
        while (true) {
            prune(g, candidates, byFrom, byTo, active, from, to);
            order = topologicalOrder(n, candidates, byFrom, active, to, g.source);
            if (order != null) {
                break;
            }
            // A cycle: drop its least valuable trade and try again.
            int worst = -1;
            double worstValue = Double.POSITIVE_INFINITY;
            boolean[] onCycle = cycleNodes(n, candidates, byFrom, active, to);
            for (int i : candidates) {
                if (active[i] && onCycle[from[i]] && onCycle[to[i]]) {
                    double v = weight[i] * (logPrices == null || from[i] == g.sink ? 1 : Math.exp(logPrices[from[i]]));
                    if (v < worstValue) {
                        worstValue = v;
                        worst = i;
                    }
                }
            }
            active[worst] = false;
        }
        double[] outTotal = new double[n];
        int[] outCount = new int[n];
        for (int i : candidates) {
            if (active[i]) {
                outTotal[from[i]] += weight[i];
                outCount[from[i]]++;
            }
        }
        int[] rank = new int[n];
        Arrays.fill(rank, Integer.MAX_VALUE);
        for (int k = 0; k < order.length; k++) {
            rank[order[k]] = k;
        }
        // The trades by their token's rank, then by fraction, largest first (ties in pool order): a stable
        // bucket per rank, each sorted by insertion, as each token has a few dozen trades at most.
        int[] start = new int[order.length + 2];
        int kept = 0;
        for (int i : candidates) {
            if (active[i]) {
                start[Math.min(rank[from[i]], order.length) + 1]++;
                kept++;
            }
        }
        for (int r = 0; r <= order.length; r++) {
            start[r + 1] += start[r];
        }
        Edge[] sorted = new Edge[kept];
        int[] next = start.clone();
        for (int i : candidates) {
            if (active[i]) {
                double f = outTotal[from[i]] > 0 ? weight[i] / outTotal[from[i]] : 1.0 / outCount[from[i]];
                int r = Math.min(rank[from[i]], order.length);
                int at = next[r]++;
                Edge e = new Edge(i, from[i], to[i], f);
                while (at > start[r] && Double.compare(sorted[at - 1].fraction(), f) < 0) {
                    sorted[at] = sorted[at - 1];
                    at--;
                }
                sorted[at] = e;
            }
        }
        return FlowProgram.of(Arrays.asList(sorted), g);
    }

    /**
     * The path of at most four pools with the best rate for an infinitesimal trade (pool fee
     * included, no price impact), by Bellman-Ford backwards from the sink. Each entry: pool, from, to.
     */
    static List<int[]> bestPath(PoolGraph g) {
        int n = g.tokens.length;
        double[] worth = new double[n];
        int[] via = new int[n];
        Arrays.fill(via, -1);
        worth[g.sink] = 1;
        for (int round = 0; round < 4; round++) {
            double[] next = worth.clone();
            for (int i = 0; i < g.pools.length; i++) {
                int a = g.t0[i];
                int b = g.t1[i];
                PoolCurve c = g.curves[i];
                if (worth[b] > 0 && a != g.sink) {
                    double w = worth[b] * c.marginalAtZero(0);
                    if (w > next[a]) {
                        next[a] = w;
                        via[a] = i;
                    }
                }
                if (worth[a] > 0 && b != g.sink) {
                    double w = worth[a] * c.marginalAtZero(1);
                    if (w > next[b]) {
                        next[b] = w;
                        via[b] = i;
                    }
                }
            }
            worth = next;
        }
        var path = new ArrayList<int[]>();
        boolean[] seen = new boolean[n];
        int at = g.source;
        while (at != g.sink && via[at] >= 0 && !seen[at] && path.size() < 8) {
            seen[at] = true;
            int i = via[at];
            int to = g.t0[i] == at ? g.t1[i] : g.t0[i];
            path.add(new int[] {i, at, to});
            at = to;
        }
        return at == g.sink ? path : List.of();
    }

    /**
     * Drops trades into a token (other than the sink) that nothing leaves and out of a token (other
     * than the source) that nothing reaches, until none is left: one pass to count, then a work list
     * of the tokens whose last trade in or out went (the fixed point does not depend on the order).
     */
    private static void prune(PoolGraph g, int[] candidates, int[][] byFrom, int[][] byTo, boolean[] active, int[] from,
                              int[] to) {
        int n = g.tokens.length;
        int[] in = new int[n];
        int[] out = new int[n];
        for (int i : candidates) {
            if (active[i]) {
                out[from[i]]++;
                in[to[i]]++;
            }
        }
        int[] work = new int[n];
        boolean[] queued = new boolean[n];
        int size = 0;
        for (int j = 0; j < n; j++) {
            if ((j != g.sink && out[j] == 0 && in[j] > 0) || (j != g.source && in[j] == 0 && out[j] > 0)) {
                queued[j] = true;
                work[size++] = j;
            }
        }
        while (size > 0) {
            int j = work[--size];
            queued[j] = false;
            if (j != g.sink && out[j] == 0) {
                // Nothing leaves j: every trade into it leads nowhere.
                for (int i : byTo[j]) {
                    if (active[i]) {
                        active[i] = false;
                        in[j]--;
                        if (--out[from[i]] == 0 && from[i] != g.sink && !queued[from[i]]) {
                            queued[from[i]] = true;
                            work[size++] = from[i];
                        }
                    }
                }
            }
            if (j != g.source && in[j] == 0) {
                // Nothing reaches j: every trade out of it carries nothing.
                for (int i : byFrom[j]) {
                    if (active[i]) {
                        active[i] = false;
                        out[j]--;
                        if (--in[to[i]] == 0 && to[i] != g.source && !queued[to[i]]) {
                            queued[to[i]] = true;
                            work[size++] = to[i];
                        }
                    }
                }
            }
        }
    }

    /** Tokens in an order where every trade goes forward, the source first; null when there is a cycle. */
    private static int[] topologicalOrder(int n, int[] candidates, int[][] out, boolean[] active, int[] to, int source) {
        int[] indeg = new int[n];
        boolean[] used = new boolean[n];
        for (int j = 0; j < n; j++) {
            for (int i : out[j]) {
                if (active[i]) {
                    indeg[to[i]]++;
                    used[j] = true;
                    used[to[i]] = true;
                }
            }
        }
        used[source] = true;
        int count = 0;
        for (int j = 0; j < n; j++) {
            if (used[j]) {
                count++;
            }
        }
        // A stack: the source, then each token whose last trade in was passed (the source may come twice).
        int[] stack = new int[n + 1];
        int[] order = new int[n + 1];
        int size = 0;
        int placed = 0;
        stack[size++] = source;
        while (size > 0) {
            int v = stack[--size];
            order[placed++] = v;
            for (int i : out[v]) {
                if (active[i] && --indeg[to[i]] == 0) {
                    stack[size++] = to[i];
                }
            }
        }
        if (placed < count) {
            return null;
        }
        return Arrays.copyOf(order, placed);
    }

    /** The candidates by token, {@code by[i]} of each (trades out of it, or into it when {@code by} is {@code to}), in pool order. */
    private static int[][] byToken(int n, int[] candidates, int[] by) {
        int[] deg = new int[n];
        for (int i : candidates) {
            deg[by[i]]++;
        }
        int[][] out = new int[n][];
        for (int j = 0; j < n; j++) {
            out[j] = new int[deg[j]];
            deg[j] = 0;
        }
        for (int i : candidates) {
            out[by[i]][deg[by[i]]++] = i;
        }
        return out;
    }

    /** Tokens left over when everything without an incoming trade is peeled off: the cycles and what they feed. */
    private static boolean[] cycleNodes(int n, int[] candidates, int[][] out, boolean[] active, int[] to) {
        int[] indeg = new int[n];
        for (int i : candidates) {
            if (active[i]) {
                indeg[to[i]]++;
            }
        }
        int[] work = new int[n];
        int size = 0;
        boolean[] on = new boolean[n];
        for (int j = 0; j < n; j++) {
            on[j] = true;
            if (indeg[j] == 0) {
                work[size++] = j;
            }
        }
        while (size > 0) {
            int j = work[--size];
            on[j] = false;
            for (int i : out[j]) {
                if (active[i] && --indeg[to[i]] == 0) {
                    work[size++] = to[i];
                }
            }
        }
        return on;
    }
}
