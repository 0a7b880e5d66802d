package io.metaroute.bench.routing.reference;

import io.metaroute.core.chain.Address;
import io.metaroute.core.pool.PoolState;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * A reference optimum for selling {@code X} of one token for another over every pool of a rollup,
 * computed apart from the product's router, with a different method.
 *
 * <p>Dual: with a price {@code ν_j ≥ 0} for each token (the output token's price fixed at 1),
 * {@code g(ν) = ν_in X + Σ_pools arb(ν)} bounds every split from above, where {@code arb} is the
 * most value a pool hands out to an arbitrageur at prices {@code ν}. For a constant-product pool
 * with fee factor {@code γ}, selling its token {@code a} for {@code b} is worth
 * {@code (√(ν_b R_b) − √(ν_a R_a / γ))²} when that root difference is positive, and nothing otherwise.
 * {@code g} is minimised by {@link DualSearch} (Newton with exact line searches, in doubles); the
 * bound itself is then evaluated at the final prices in 50-digit decimal arithmetic, so it is an
 * upper bound whatever the accuracy of the search.
 *
 * <p>Primal: at the final prices each pool's arbitrage trade says where and how much to sell. The
 * trades form an acyclic graph (no pool cycle pays an arbitrage); sending the input through it in
 * topological order, each token split over its outgoing trades in proportion to the planned amounts,
 * is a feasible split, executed in 50-digit arithmetic: its output is a lower bound.
 */
public final class DualReference {
    static final MathContext MC = new MathContext(50, RoundingMode.HALF_EVEN);
    private static final MathContext DOWN = new MathContext(50, RoundingMode.DOWN);
    private static final BigDecimal MARGIN = new BigDecimal("1e-30");

    private DualReference() {
    }

    public static Bounds solve(Collection<PoolState> pools, Address tokenIn, Address tokenOut, BigInteger amountIn) {
        return solve(CpmmGraph.of(pools, tokenIn, tokenOut, amountIn));
    }

    public static Bounds solve(CpmmGraph g) {
        if (g.out < 0) {
            return new Bounds(BigDecimal.ZERO, BigDecimal.ZERO, 0, 0, "dual-newton (unreachable)");
        }
        var search = new DualSearch(g);
        int iterations = search.run();
        BigDecimal[] nu = new BigDecimal[g.tokenCount()];
        for (int j = 0; j < nu.length; j++) {
            nu[j] = j == g.out ? BigDecimal.ONE : new BigDecimal(search.x[j]).multiply(new BigDecimal(search.nu0[j]));
        }
        BigDecimal upper = dualValue(g, nu).multiply(BigDecimal.ONE.add(MARGIN), MC);
        Plan plan = plan(g, nu);
        BigDecimal lower = plan.execute(g).multiply(BigDecimal.ONE.subtract(MARGIN), DOWN);
        return new Bounds(lower, upper, iterations, plan.active(), "dual-newton");
    }

    /** The pools the optimal split trades through, at the reference's final prices. */
    public static List<PoolState> activePools(Collection<PoolState> pools, Address tokenIn, Address tokenOut, BigInteger amountIn) {
        CpmmGraph g = CpmmGraph.of(pools, tokenIn, tokenOut, amountIn);
        if (g.out < 0) {
            return List.of();
        }
        var search = new DualSearch(g);
        search.run();
        BigDecimal[] nu = new BigDecimal[g.tokenCount()];
        for (int j = 0; j < nu.length; j++) {
            nu[j] = j == g.out ? BigDecimal.ONE : new BigDecimal(search.x[j]).multiply(new BigDecimal(search.nu0[j]));
        }
        return plan(g, nu).trades().stream().map(t -> g.states.get(t.pool())).toList();
    }

    /** {@code g(ν)} in decimal arithmetic. */
    static BigDecimal dualValue(CpmmGraph g, BigDecimal[] nu) {
        BigDecimal sum = nu[g.in].multiply(g.amountIn, MC);
        for (int i = 0; i < g.poolCount(); i++) {
            sum = sum.add(arb(nu[g.a[i]], g.ra[i], nu[g.b[i]], g.rb[i]), MC);
            sum = sum.add(arb(nu[g.b[i]], g.rb[i], nu[g.a[i]], g.ra[i]), MC);
        }
        return sum;
    }

    /** What selling token a into the pool for token b can be worth at prices {@code ν}. */
    private static BigDecimal arb(BigDecimal nuA, BigDecimal rA, BigDecimal nuB, BigDecimal rB) {
        BigDecimal u = nuB.multiply(rB, MC).sqrt(MC);
        BigDecimal w = nuA.multiply(rA, MC).divide(CpmmGraph.FEE, MC).sqrt(MC);
        if (u.compareTo(w) <= 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal d = u.subtract(w, MC);
        return d.multiply(d, MC);
    }

    /** The arbitrage trades at prices {@code ν}: pool, direction, amount sold. */
    static Plan plan(CpmmGraph g, BigDecimal[] nu) {
        var trades = new ArrayList<Trade>();
        for (int i = 0; i < g.poolCount(); i++) {
            Trade t = trade(i, g.a[i], g.ra[i], g.b[i], g.rb[i], nu, true);
            if (t == null) {
                t = trade(i, g.b[i], g.rb[i], g.a[i], g.ra[i], nu, false);
            }
            if (t != null) {
                trades.add(t);
            }
        }
        return new Plan(trades);
    }

    private static Trade trade(int pool, int from, BigDecimal rFrom, int to, BigDecimal rTo, BigDecimal[] nu, boolean aToB) {
        if (nu[from].signum() <= 0) {
            return null;
        }
        // Sell until the marginal rate equals the price ratio: R_from + γ δ = √(γ R_from R_to ν_to / ν_from).
        BigDecimal target = CpmmGraph.FEE.multiply(rFrom, MC).multiply(rTo, MC).multiply(nu[to], MC)
                .divide(nu[from], MC).sqrt(MC);
        if (target.compareTo(rFrom) <= 0) {
            return null;
        }
        BigDecimal delta = target.subtract(rFrom, MC).divide(CpmmGraph.FEE, MC);
        return new Trade(pool, from, to, aToB, delta);
    }

    record Trade(int pool, int from, int to, boolean aToB, BigDecimal planned) {
    }

    /** A split: trades run in topological order, each token's holding shared in proportion to the planned amounts. */
    record Plan(List<Trade> trades) {
        int active() {
            return trades.size();
        }

        BigDecimal execute(CpmmGraph g) {
            int n = g.tokenCount();
            int[] indegree = new int[n];
            List<List<Trade>> outgoing = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                outgoing.add(new ArrayList<>());
            }
            for (Trade t : trades) {
                if (t.from() == g.out) {
                    continue; // the output token is never sold
                }
                outgoing.get(t.from()).add(t);
                indegree[t.to()]++;
            }
            BigDecimal[] held = new BigDecimal[n];
            Arrays.fill(held, BigDecimal.ZERO);
            held[g.in] = g.amountIn;
            var ready = new ArrayDeque<Integer>();
            for (int j = 0; j < n; j++) {
                if (indegree[j] == 0) {
                    ready.add(j);
                }
            }
            while (!ready.isEmpty()) {
                int j = ready.poll();
                List<Trade> outs = outgoing.get(j);
                BigDecimal planned = BigDecimal.ZERO;
                for (Trade t : outs) {
                    planned = planned.add(t.planned(), MC);
                }
                for (Trade t : outs) {
                    if (held[j].signum() > 0 && planned.signum() > 0) {
                        BigDecimal x = held[j].multiply(t.planned(), DOWN).divide(planned, DOWN);
                        BigDecimal rIn = t.aToB() ? g.ra[t.pool()] : g.rb[t.pool()];
                        BigDecimal rOut = t.aToB() ? g.rb[t.pool()] : g.ra[t.pool()];
                        held[t.to()] = held[t.to()].add(CpmmGraph.swap(x, rIn, rOut, DOWN), DOWN);
                    }
                    if (--indegree[t.to()] == 0) {
                        ready.add(t.to());
                    }
                }
                if (j != g.out && !outs.isEmpty()) {
                    held[j] = BigDecimal.ZERO;
                }
            }
            // Tokens left in a cycle (which exact prices never produce) are simply not delivered.
            return held[g.out];
        }
    }
}
