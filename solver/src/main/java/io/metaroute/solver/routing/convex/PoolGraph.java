package io.metaroute.solver.routing.convex;

import io.metaroute.core.chain.Address;
import io.metaroute.core.pool.PoolState;
import io.metaroute.core.rfq.SignedQuote;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pools of one rollup as a graph for the optimiser: tokens are nodes, each pool an undirected
 * edge that can be traded either way. Only the part that can carry flow from the source to the sink
 * is kept: the source's connected component, with dead ends (tokens other than source and sink
 * reached by a single pool) pruned away. Each pool's trading function is held as a
 * {@link PoolCurve} in double precision for the optimiser; the exact {@link PoolState}s stay
 * alongside for the final integer recompute. Market makers' firm quotes are edges too
 * ({@link FirmQuoteCurve}): each trades one way, at a fixed price up to its amount, and stands in the
 * graph under its venue id with its {@link SignedQuote} in place of a pool state.
 */
public final class PoolGraph {
    /** Uniswap V2's 0.3% fee: 997/1000 of the input trades. The pool math itself is in the {@link #curves}. */
    public static final double GAMMA = ConstantProductCurve.V2_GAMMA;

    final Address[] tokens;
    /** The exact pool states; null entries for quotes and in a graph built from curves alone ({@link #ofCurves}). */
    final PoolState[] pools;
    /** The quote of each edge that is a maker's quote, null for pools; null altogether when there is none. */
    final SignedQuote[] quotes;
    /** Token index of each pool's token0 and token1. */
    final int[] t0;
    final int[] t1;
    /** Each pool's trading function, by pool index. */
    final PoolCurve[] curves;
    final int source;
    final int sink;
    /**
     * The pools the graph was built from that held reserves, by address, and where each stands in
     * this graph (-1: outside it, unreachable or pruned); null for graphs not built from states.
     */
    private Map<Address, Integer> built;

    private PoolGraph(Address[] tokens, PoolState[] pools, PoolCurve[] curves, int[] t0, int[] t1, int source,
                      int sink) {
        this(tokens, pools, null, curves, t0, t1, source, sink);
    }

    private PoolGraph(Address[] tokens, PoolState[] pools, SignedQuote[] quotes, PoolCurve[] curves, int[] t0, int[] t1,
                      int source, int sink) {
        this.tokens = tokens;
        this.pools = pools;
        this.quotes = quotes;
        this.curves = curves;
        this.t0 = t0;
        this.t1 = t1;
        this.source = source;
        this.sink = sink;
    }

    /**
     * The curve of one pool state: the one place that maps a pool's kind to its trading function.
     * Every {@link PoolState} is a Uniswap V2 pair today.
     */
    static PoolCurve curveOf(PoolState p) {
        return ConstantProductCurve.v2(p.reserve0().doubleValue(), p.reserve1().doubleValue());
    }

    /**
     * A graph of {@code tokenCount} tokens from curves alone, with no exact pool states behind them:
     * for exercising the optimiser on pool kinds that {@link PoolState} cannot describe yet. Its
     * programs can be polished and simulated but not turned into settler steps.
     */
    static PoolGraph ofCurves(int tokenCount, int source, int sink, int[] t0, int[] t1, PoolCurve[] curves) {
        if (t0.length != curves.length || t1.length != curves.length || source == sink || source < 0 || sink < 0
                || source >= tokenCount || sink >= tokenCount) {
            throw new IllegalArgumentException("one token pair per curve, and two different terminals");
        }
        for (int i = 0; i < curves.length; i++) {
            if (t0[i] == t1[i] || t0[i] < 0 || t1[i] < 0 || t0[i] >= tokenCount || t1[i] >= tokenCount) {
                throw new IllegalArgumentException("pool " + i + " needs two different tokens in range");
            }
        }
        return new PoolGraph(new Address[tokenCount], new PoolState[curves.length], curves.clone(), t0.clone(),
                t1.clone(), source, sink);
    }

    /** The graph that can carry {@code source} to {@code sink}, or null when the two are not connected. */
    public static PoolGraph build(List<PoolState> all, Address source, Address sink) {
        return build(all, List.of(), source, sink);
    }

    /** One edge while a graph is built: a pool with reserves, or a maker's quote. */
    private record Venue(Address address, Address token0, Address token1, PoolState pool, SignedQuote quote) {
        static Venue of(PoolState p) {
            return new Venue(p.address(), p.token0(), p.token1(), p, null);
        }

        static Venue of(SignedQuote q) {
            Address a = q.quote().tokenIn();
            Address b = q.quote().tokenOut();
            boolean inFirst = a.hex().compareTo(b.hex()) < 0;
            return new Venue(q.venue(), inFirst ? a : b, inFirst ? b : a, null, q);
        }

        Address other(Address t) {
            return t.equals(token0) ? token1 : token0;
        }

        PoolCurve curve() {
            if (pool != null) {
                return curveOf(pool);
            }
            var q = quote.quote();
            return new FirmQuoteCurve(q.tokenIn().equals(token0) ? 0 : 1, q.price(), q.amountIn().doubleValue());
        }
    }

    /**
     * The graph that can carry {@code source} to {@code sink} over the pools and the makers' firm
     * {@code quotes}, or null when the two are not connected.
     */
    public static PoolGraph build(List<PoolState> all, List<SignedQuote> quotes, Address source, Address sink) {
        var venues = new ArrayList<Venue>(all.size() + quotes.size());
        for (PoolState p : all) {
            if (p.reserve0().signum() > 0 && p.reserve1().signum() > 0) {
                venues.add(Venue.of(p));
            }
        }
        quotes.forEach(q -> venues.add(Venue.of(q)));
        Map<Address, List<Venue>> byToken = new HashMap<>();
        for (Venue p : venues) {
            byToken.computeIfAbsent(p.token0(), k -> new ArrayList<>()).add(p);
            byToken.computeIfAbsent(p.token1(), k -> new ArrayList<>()).add(p);
        }
        // The source's component.
        var reached = new HashMap<Address, Boolean>();
        var queue = new ArrayDeque<Address>();
        reached.put(source, true);
        queue.add(source);
        while (!queue.isEmpty()) {
            for (Venue p : byToken.getOrDefault(queue.poll(), List.of())) {
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
        // Prune dead ends: a token other than the terminals that only one venue touches carries no flow.
        var degree = new HashMap<Address, Integer>();
        var alive = new HashMap<Address, List<Venue>>();
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
            for (Venue p : alive.get(t)) {
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
        var pools = new ArrayList<Venue>();
        var seen = new java.util.HashSet<Address>();
        for (Address t : reached.keySet().stream().sorted(java.util.Comparator.comparing(Address::hex)).toList()) {
            if (deadTokens.contains(t)) {
                continue;
            }
            for (Venue p : alive.get(t)) {
                if (!removedPools.contains(p.address()) && seen.add(p.address())) {
                    pools.add(p);
                }
            }
        }
        pools.sort(java.util.Comparator.comparing(p -> p.address().hex()));
        for (Venue p : pools) {
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
        int n = pools.size();
        int[] t0 = new int[n];
        int[] t1 = new int[n];
        PoolCurve[] curves = new PoolCurve[n];
        PoolState[] states = new PoolState[n];
        SignedQuote[] quoted = quotes.isEmpty() ? null : new SignedQuote[n];
        for (int i = 0; i < n; i++) {
            Venue v = pools.get(i);
            t0[i] = index.get(v.token0());
            t1[i] = index.get(v.token1());
            curves[i] = v.curve();
            states[i] = v.pool();
            if (quoted != null) {
                quoted[i] = v.quote();
            }
        }
        var graph = new PoolGraph(tokens.toArray(Address[]::new), states, quoted, curves, t0, t1,
                index.get(source), index.get(sink));
        if (quoted != null) {
            // Quotes come and go with every message from a maker: such a graph is built afresh each time.
            return graph;
        }
        var positions = new HashMap<Address, Integer>();
        for (Venue p : venues) {
            positions.put(p.address(), -1);
        }
        for (int i = 0; i < n; i++) {
            positions.put(pools.get(i).address(), i);
        }
        graph.built = positions;
        return graph;
    }

    /**
     * This graph over newer states of the same pools, or null when it would not be the graph
     * {@link #build} makes of them: a pool came, went, emptied or filled. Only reserves moved, so
     * the component, the pruning and every index stay; the changed pools get new curves. Much
     * cheaper than a build, which is what a warm re-solve after a small market move needs.
     */
    PoolGraph refreshed(List<PoolState> all) {
        if (built == null) {
            return null;
        }
        PoolState[] ps = null;
        PoolCurve[] cs = null;
        int seen = 0;
        for (PoolState p : all) {
            boolean full = p.reserve0().signum() > 0 && p.reserve1().signum() > 0;
            Integer at = built.get(p.address());
            if (at == null) {
                if (full) {
                    return null;
                }
                continue;
            }
            if (!full) {
                return null;
            }
            seen++;
            if (at >= 0 && p != pools[at] && !p.equals(pools[at])) {
                if (ps == null) {
                    ps = pools.clone();
                    cs = curves.clone();
                }
                ps[at] = p;
                cs[at] = curveOf(p);
            }
        }
        if (seen != built.size()) {
            return null;
        }
        if (ps == null) {
            return this;
        }
        var graph = new PoolGraph(tokens, ps, cs, t0, t1, source, sink);
        graph.built = built;
        return graph;
    }

    /** The same tokens with only the pools in {@code keep}; the curves are shared, not rebuilt. */
    PoolGraph restrictedTo(boolean[] keep) {
        int count = 0;
        for (int i = 0; i < pools.length; i++) {
            if (keep[i]) {
                count++;
            }
        }
        var ps = new PoolState[count];
        var qs = quotes == null ? null : new SignedQuote[count];
        var cs = new PoolCurve[count];
        int[] a = new int[count];
        int[] b = new int[count];
        int k = 0;
        for (int i = 0; i < pools.length; i++) {
            if (keep[i]) {
                ps[k] = pools[i];
                if (qs != null) {
                    qs[k] = quotes[i];
                }
                cs[k] = curves[i];
                a[k] = t0[i];
                b[k] = t1[i];
                k++;
            }
        }
        return new PoolGraph(tokens, ps, qs, cs, a, b, source, sink);
    }

    /** The address a step names for edge {@code i}: the pool's, or the quote's venue id. */
    Address address(int i) {
        return quotes != null && quotes[i] != null ? quotes[i].venue() : pools[i].address();
    }

    /** Edge {@code i}'s maker quote, or null when it is a pool. */
    SignedQuote quote(int i) {
        return quotes == null ? null : quotes[i];
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

    /** Pool {@code i}'s trading function. */
    public PoolCurve curve(int i) {
        return curves[i];
    }
}
