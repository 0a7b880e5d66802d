package io.metaroute.solver.routing.convex;

import io.metaroute.core.chain.Address;
import io.metaroute.core.pool.PoolState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pools of one rollup as a graph for the optimiser: tokens are nodes, each constant-product
 * pool an undirected edge that can be traded either way. Only the part that can carry flow from
 * the source to the sink is kept: the source's connected component, with dead ends (tokens other
 * than source and sink reached by a single pool) pruned away. Reserves are kept as doubles for the
 * optimiser; the exact {@link PoolState}s stay alongside for the final integer recompute.
 */
public final class PoolGraph {
    /** Uniswap V2's 0.3% fee: 997/1000 of the input trades. */
    public static final double GAMMA = 0.997;

    final Address[] tokens;
    final PoolState[] pools;
    /** Token index of each pool's token0 and token1. */
    final int[] t0;
    final int[] t1;
    final double[] r0;
    final double[] r1;
    final int source;
    final int sink;

    private PoolGraph(Address[] tokens, PoolState[] pools, int[] t0, int[] t1, int source, int sink) {
        this.tokens = tokens;
        this.pools = pools;
        this.t0 = t0;
        this.t1 = t1;
        this.source = source;
        this.sink = sink;
        this.r0 = new double[pools.length];
        this.r1 = new double[pools.length];
        for (int i = 0; i < pools.length; i++) {
            r0[i] = pools[i].reserve0().doubleValue();
            r1[i] = pools[i].reserve1().doubleValue();
        }
    }

    /** The graph that can carry {@code source} to {@code sink}, or null when the two are not connected. */
    public static PoolGraph build(List<PoolState> all, Address source, Address sink) {
        Map<Address, List<PoolState>> byToken = new HashMap<>();
        for (PoolState p : all) {
            if (p.reserve0().signum() > 0 && p.reserve1().signum() > 0) {
                byToken.computeIfAbsent(p.token0(), k -> new ArrayList<>()).add(p);
                byToken.computeIfAbsent(p.token1(), k -> new ArrayList<>()).add(p);
            }
        }
        // The source's component.
        var reached = new HashMap<Address, Boolean>();
        var queue = new ArrayDeque<Address>();
        reached.put(source, true);
        queue.add(source);
        while (!queue.isEmpty()) {
            for (PoolState p : byToken.getOrDefault(queue.poll(), List.of())) {
                for (Address t : new Address[] {p.token0(), p.token1()}) {
                    if (reached.putIfAbsent(t, true) == null) {
                        queue.add(t);
                    }
                }
            }
        }
        if (!reached.containsKey(sink)) {
            return null;
        }
        // Prune dead ends: a token other than the terminals that only one pool touches carries no flow.
        var degree = new HashMap<Address, Integer>();
        var alive = new HashMap<Address, List<PoolState>>();
        for (Address t : reached.keySet()) {
            alive.put(t, byToken.getOrDefault(t, List.of()));
            degree.put(t, alive.get(t).size());
        }
        var removedPools = new java.util.HashSet<Address>();
        var work = new ArrayDeque<Address>();
        for (var e : degree.entrySet()) {
            if (e.getValue() <= 1 && !e.getKey().equals(source) && !e.getKey().equals(sink)) {
                work.add(e.getKey());
            }
        }
        var deadTokens = new java.util.HashSet<Address>();
        while (!work.isEmpty()) {
            Address t = work.poll();
            if (!deadTokens.add(t)) {
                continue;
            }
            for (PoolState p : alive.get(t)) {
                if (removedPools.add(p.address())) {
                    Address o = p.other(t);
                    int d = degree.merge(o, -1, Integer::sum);
                    if (d <= 1 && !o.equals(source) && !o.equals(sink)) {
                        work.add(o);
                    }
                }
            }
        }
        var index = new HashMap<Address, Integer>();
        var tokens = new ArrayList<Address>();
        var pools = new ArrayList<PoolState>();
        var seen = new java.util.HashSet<Address>();
        for (Address t : reached.keySet().stream().sorted(java.util.Comparator.comparing(Address::hex)).toList()) {
            if (deadTokens.contains(t)) {
                continue;
            }
            for (PoolState p : alive.get(t)) {
                if (!removedPools.contains(p.address()) && seen.add(p.address())) {
                    pools.add(p);
                }
            }
        }
        pools.sort(java.util.Comparator.comparing(p -> p.address().hex()));
        for (PoolState p : pools) {
            for (Address t : new Address[] {p.token0(), p.token1()}) {
                if (!index.containsKey(t)) {
                    index.put(t, tokens.size());
                    tokens.add(t);
                }
            }
        }
        if (!index.containsKey(source) || !index.containsKey(sink)) {
            return null;
        }
        int[] t0 = new int[pools.size()];
        int[] t1 = new int[pools.size()];
        for (int i = 0; i < pools.size(); i++) {
            t0[i] = index.get(pools.get(i).token0());
            t1[i] = index.get(pools.get(i).token1());
        }
        return new PoolGraph(tokens.toArray(Address[]::new), pools.toArray(PoolState[]::new), t0, t1,
                index.get(source), index.get(sink));
    }

    /** The same tokens with only the pools in {@code keep}. */
    PoolGraph restrictedTo(boolean[] keep) {
        var ps = new ArrayList<PoolState>();
        var a = new ArrayList<Integer>();
        var b = new ArrayList<Integer>();
        for (int i = 0; i < pools.length; i++) {
            if (keep[i]) {
                ps.add(pools[i]);
                a.add(t0[i]);
                b.add(t1[i]);
            }
        }
        return new PoolGraph(tokens, ps.toArray(PoolState[]::new), a.stream().mapToInt(Integer::intValue).toArray(),
                b.stream().mapToInt(Integer::intValue).toArray(), source, sink);
    }

    public int poolCount() {
        return pools.length;
    }

    public int tokenCount() {
        return tokens.length;
    }

    public Address token(int i) {
        return tokens[i];
    }

    public PoolState pool(int i) {
        return pools[i];
    }
}
