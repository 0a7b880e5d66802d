package io.metaroute.solver.routing.convex;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.pool.PoolState;
import io.metaroute.core.rfq.SignedQuote;
import io.metaroute.core.route.Route;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Optimal split routing on one rollup. Solves the convex problem with {@link DualSolver}, turns
 * the optimal trades into a {@link FlowProgram}, and recomputes every leg with exact integer pool
 * math. Fixed per-leg costs (gas) and the settler's leg limit make the real problem
 * mixed-integer: it compares the few leg sets met by dropping the least valuable leg and
 * re-solving on what remains, and keeps the one with the most net output. The dual value of the
 * full problem stays a valid upper bound for all of them.
 */
public final class SplitRouter {
    /** Relative gap at which the search stops: far below what integer rounding costs. */
    static final double TARGET_GAP = 1e-8;
    private static final int MAX_ITERATIONS = 400;
    /** Column-generation rounds tried before the dual search: enough on their own after a warm start. */
    private static final int START_ROUNDS = 6;
    /** Cold, one round: it closes small trades' gap at once; for larger ones the dual search is cheaper than more. */
    private static final int COLD_START_ROUNDS = 1;
    /** Safety margin on the double-precision dual value before it is published as a bound. */
    private static final double BOUND_MARGIN = 1e-9;
    /** The relative gap a warm solve stops at: a hundredth of the 1e-4 quality bar. */
    private static final double WARM_GAP_CAP = 1e-6;
    /**
     * A warm solve's dual search stops sooner: it starts next to the answer, so what it has not
     * closed by then it would mostly not close at all (the certificate says how far it got).
     */
    private static final int WARM_MAX_ITERATIONS = 60;
    /** The longest single path searched: every pool on it takes its fee. */
    static final int MAX_PATH_HOPS = 8;
    /** Pairs of best single paths, run side by side, recomputed exactly as candidates when the optimum has too many legs. */
    static final int PATH_PAIRS_OFFERED = 3;
    /** Sweeps of the chosen leg set's last re-split (it stops as soon as the split no longer moves). */
    static final int FINAL_SWEEPS = 400;
    /** A pair's reserves are uint112: a swap that would push one past this reverts. */
    static final BigInteger MAX_RESERVE = BigInteger.TWO.pow(112).subtract(BigInteger.ONE);

    /**
     * A solved request: the best exact route within the leg limit (null: none pays), its net output,
     * the bound on the gross output of any route, and how the search went. {@code unlimitedOutput}
     * is the exact output of the unlimited optimum's program ({@code unlimitedLegs} legs; null when
     * there was none), so the leg limit's and gas's price can be told apart from the solver's gap;
     * {@code overflowed} says that some candidate was refused because a pair's reserve would pass
     * 2¹¹²−1.
     */
    public record Solved(Route route, BigInteger netOutput, int legs, BigInteger grossBound, int iterations,
                         int candidates, Warm warmStart, double sourcePrice, BigInteger unlimitedOutput,
                         int unlimitedLegs, boolean overflowed) {
    }

    /**
     * What the next solve of the same request starts from: the dual's log prices by token and the
     * best continuous program by pool and token addresses (indices change between snapshots), and
     * the leg set chosen when gas, the leg limit or integer rounding made leg sets compete (empty
     * when they did not). After a small market move the old program, re-polished on the new pools,
     * is usually within the warm target gap at once and the dual search is skipped; the chosen leg
     * set is re-split rather than searched for again. The bound is always the new market's own.
     * When only reserves moved, the previous pool graph is refreshed rather than built again, and
     * the programs are taken by index ({@code graph}, {@code indexedProgram}, {@code indexedChoice}).
     */
    public record Warm(Map<Address, Double> logPrices, List<WarmEdge> program, List<WarmEdge> chosen, PoolGraph graph,
                       double[] prices, FlowProgram indexedProgram, FlowProgram indexedChoice) {
        public Warm {
            logPrices = Map.copyOf(logPrices);
            program = List.copyOf(program);
            chosen = List.copyOf(chosen);
        }
    }

    /** One trade of a warm program: sell {@code fraction} of what is held of {@code from} in {@code pool}. */
    public record WarmEdge(Address pool, Address from, Address to, double fraction) {
    }

    /**
     * @param legCost the cost of a route with {@code n} legs, in sink base units (zero: pure output)
     * @return null when no pools connect the tokens
     */
    public Solved solve(ChainId chain, List<PoolState> pools, Address tokenIn, Address tokenOut, BigInteger amountIn,
                        long snapshotVersion, int maxLegs, IntFunction<BigInteger> legCost, Warm warm) {
        return solve(chain, pools, List.of(), BigInteger.ZERO, tokenIn, tokenOut, amountIn, snapshotVersion, maxLegs, legCost,
                warm);
    }

    /**
     * As above, over the pools and the makers' firm {@code quotes}; a leg that takes a quote costs
     * {@code quoteLegExtra} (sink base units) on top of its share of {@code legCost}: what its gas costs beyond a pool leg's.
     */
    public Solved solve(ChainId chain, List<PoolState> pools, List<SignedQuote> quotes, BigInteger quoteLegExtra,
                        Address tokenIn, Address tokenOut, BigInteger amountIn, long snapshotVersion, int maxLegs,
                        IntFunction<BigInteger> legCost, Warm warm) {
        PoolGraph reused = quotes.isEmpty() && warm != null && warm.graph() != null ? warm.graph().refreshed(pools) : null;
        PoolGraph graph = reused != null ? reused : PoolGraph.build(pools, quotes, tokenIn, tokenOut);
        if (graph == null) {
            return null;
        }
        double x = amountIn.doubleValue();
        var solver = new DualSolver(graph, x);
        double[] start = reused != null ? warm.prices().clone() : warmStart(graph, solver, warm);
        var check = new GapCheck(graph, x);
        check.best = reused != null ? warm.indexedProgram() : mapped(graph, warm == null ? List.of() : warm.program());
        if (warm != null) {
            // A re-solve after a small move aims at a looser gap, still far inside the quality bar; its
            // certificate says what it reached.
            check.target = WARM_GAP_CAP;
        }
        double[] u0 = start;
        if (u0 == null) {
            // Cold: from mid prices, or from the fee-aware worths when they bound lower (small trades).
            double[] mid = solver.midPrices();
            double[] worth = solver.worthPrices(mid);
            double[] scratch = new double[mid.length];
            u0 = solver.evaluate(worth, scratch) < solver.evaluate(mid, scratch) ? worth : mid;
            start = u0;
        }
        solver.evaluate(u0, new double[u0.length]);
        boolean done = check.rounds(solver, u0, warm == null ? COLD_START_ROUNDS : START_ROUNDS);
        DualSolver.Solution sol = done ? new DualSolver.Solution(u0, solver.bestValue(), 0, 1)
                : solver.solve(start, 1e-11, warm == null ? MAX_ITERATIONS : WARM_MAX_ITERATIONS, check, warm == null);
        int iterations = sol.iterations();
        if (!done) {
            // Rounds from where the search stopped; when the start rounds closed the gap there is nothing to add.
            check.stop(solver, sol.logPrices(), sol.dualValue());
        }
        BigInteger bound = ceil(solver.certifiedBound() * (1 + BOUND_MARGIN)).add(BigInteger.ONE);
        FlowProgram program = check.best;
        var exact = new Exact(chain, tokenIn, tokenOut, amountIn, snapshotVersion, legCost, quoteLegExtra);
        var pick = new Pick(maxLegs);
        // The unlimited optimum is recomputed exactly even when it has too many legs: the certificate
        // reports how much of the gap the leg limit and gas cost against it.
        Candidate unlimited = program == null || program.isEmpty() ? null : exact.of(graph, program);
        pick.offer(unlimited);
        // The best single paths for this amount, one per hop count: no route may pay less than they do.
        List<FlowProgram> paths = PathSearch.best(graph, amountIn, Math.min(maxLegs, MAX_PATH_HOPS));
        for (FlowProgram path : paths) {
            pick.offer(exact.of(graph, path));
        }
        boolean gasMatters = !legCost.apply(2).equals(legCost.apply(1));
        // Small amounts in base units lose to rounding on every leg: then fewer legs may pay more.
        boolean roundingHurts = unlimited != null && check.bestValue > 0
                && new BigDecimal(unlimited.route().amountOut()).doubleValue() < check.bestValue * (1 - 1e-7);
        boolean compareLegSets = program != null
                && (program.legs() > maxLegs || ((gasMatters || roundingHurts) && program.legs() > 1));
        FlowProgram previousChoice = !compareLegSets ? null
                : reused != null ? warm.indexedChoice() : mapped(graph, warm == null ? List.of() : warm.chosen());
        if (previousChoice != null && previousChoice.legs() <= maxLegs) {
            // After a small move the leg set chosen last time is re-split on the new reserves, not searched
            // again; the full program and the best paths are compared above.
            pick.offer(exact.of(graph, previousChoice.polish(graph, x, 30).program()));
        } else if (compareLegSets) {
            // The rounds' own polish of the program when it is theirs (polishing again only creeps closer).
            FlowProgram.Polished full = check.bestPolished != null && check.bestPolished.program() == program
                    ? check.bestPolished : program.polish(graph, x, LegSets.SWEEPS);
            if (program.legs() > maxLegs) {
                pick.offer(exact.of(graph, LegSets.largest(graph, x, full, maxLegs)));
                for (FlowProgram both : LegSets.pathPairs(graph, x, paths, maxLegs, PATH_PAIRS_OFFERED)) {
                    pick.offer(exact.of(graph, both));
                }
            }
            // Greedy removal from the optimum and, far above the limit, from its most valuable legs too: bulk
            // drops through hundreds of legs are path-dependent, and either start may end the better.
            for (FlowProgram.Polished seed : LegSets.seeds(graph, x, full, maxLegs)) {
                int[] worseInARow = {0};
                BigInteger[] chainBest = {null};
                LegSets.greedyRemoval(graph, x, seed, maxLegs, p -> {
                    if (p.legs() > maxLegs) {
                        return true;
                    }
                    Candidate c = exact.of(graph, p);
                    pick.offer(c);
                    // Judged against this removal's own best, not the best of every search: a better leg set found
                    // elsewhere (a pair of paths) must not cut short the removal that would end higher still.
                    if (c != null && !c.overflows() && (chainBest[0] == null || c.net().compareTo(chainBest[0]) > 0)) {
                        chainBest[0] = c.net();
                        worseInARow[0] = 0;
                        return true;
                    }
                    // Net of gas has fallen three leg counts in a row: fewer legs only cost more output.
                    return !(++worseInARow[0] >= 3 && !roundingHurts && p.legs() < maxLegs);
                });
            }
        }
        if (compareLegSets && previousChoice == null && pick.best != null && pick.best.program().legs() < maxLegs
                && program.legs() > pick.best.program().legs()) {
            // The best leg set may still have room: a pool beside one it uses, or a branch between its tokens.
            LegSets.fillUp(graph, x, pick.best.program(), program, maxLegs, p -> pick.offer(exact.of(graph, p)));
        }
        if (compareLegSets && previousChoice == null && pick.best != null && pick.best.program().legs() == maxLegs
                && program.legs() > maxLegs && maxLegs > 1) {
            // At the limit: exchange a leg carrying little for a trade of the optimum that pays more.
            LegSets.swaps(graph, x, pick.best.program(), program, LegSets.SWAP_ROUNDS, p -> pick.offer(exact.of(graph, p)));
        }
        if (compareLegSets && pick.best != null && pick.best.program().legs() > 1) {
            // The chosen leg set re-split until the split stops moving: the search's polishes stop at 30 sweeps,
            // and a branch several hops long can still be settling there.
            pick.offer(exact.of(graph, pick.best.program().polish(graph, x, FINAL_SWEEPS).program()));
        }
        Candidate best = pick.best;
        Warm next = warmOf(graph, sol.logPrices(), check.best,
                best != null && compareLegSets ? best.program() : null);
        BigInteger unlimitedOut = unlimited == null ? null : unlimited.route().amountOut();
        int unlimitedLegs = unlimited == null ? 0 : unlimited.route().legs().size();
        if (best == null) {
            return new Solved(null, BigInteger.ZERO, 0, bound, iterations, pick.compared, next,
                    Math.exp(sol.logPrices()[graph.source]), unlimitedOut, unlimitedLegs, pick.overflowed);
        }
        return new Solved(best.route(), best.net(), best.route().legs().size(), bound, iterations, pick.compared,
                next, Math.exp(sol.logPrices()[graph.source]), unlimitedOut, unlimitedLegs, pick.overflowed);
    }

    /** The best candidate within the leg limit, by exact net output. */
    private static final class Pick {
        final int maxLegs;
        Candidate best;
        int compared;
        boolean overflowed;

        Pick(int maxLegs) {
            this.maxLegs = maxLegs;
        }

        /** True when {@code c} is the new best. */
        boolean offer(Candidate c) {
            if (c == null) {
                return false;
            }
            if (c.overflows()) {
                overflowed = true;
                return false;
            }
            if (c.route().legs().size() > maxLegs) {
                return false;
            }
            compared++;
            if (best == null || c.net().compareTo(best.net()) > 0) {
                best = c;
                return true;
            }
            return false;
        }
    }

    private static double[] warmStart(PoolGraph g, DualSolver solver, Warm warm) {
        if (warm == null || warm.logPrices().isEmpty()) {
            return null;
        }
        double[] u = solver.midPrices();
        for (int j = 0; j < g.tokens.length; j++) {
            Double w = warm.logPrices().get(g.tokens[j]);
            if (w != null) {
                u[j] = w;
            }
        }
        return u;
    }

    private static Warm warmOf(PoolGraph g, double[] u, FlowProgram program, FlowProgram chosen) {
        var m = new HashMap<Address, Double>();
        for (int j = 0; j < g.tokens.length; j++) {
            m.put(g.tokens[j], u[j]);
        }
        return new Warm(m, warmEdges(g, program), warmEdges(g, chosen), g, u.clone(),
                program == null || program.isEmpty() ? null : program, chosen == null || chosen.isEmpty() ? null : chosen);
    }

    private static List<WarmEdge> warmEdges(PoolGraph g, FlowProgram program) {
        var edges = new ArrayList<WarmEdge>();
        if (program != null) {
            for (FlowProgram.Edge e : program.edges()) {
                edges.add(new WarmEdge(g.address(e.pool()), g.tokens[e.from()], g.tokens[e.to()], e.fraction()));
            }
        }
        return edges;
    }

    /**
     * The previous program on this graph, or null when it no longer fits: a pool is gone or emptied,
     * or a token left the source's component. The polish re-splits it on the new reserves.
     */
    private static FlowProgram mapped(PoolGraph g, List<WarmEdge> program) {
        if (program.isEmpty()) {
            return null;
        }
        Map<Address, Integer> pools = new HashMap<>();
        for (int i = 0; i < g.pools.length; i++) {
            pools.put(g.address(i), i);
        }
        Map<Address, Integer> tokens = new HashMap<>();
        for (int j = 0; j < g.tokens.length; j++) {
            tokens.put(g.tokens[j], j);
        }
        var edges = new ArrayList<FlowProgram.Edge>(program.size());
        for (WarmEdge e : program) {
            Integer pool = pools.get(e.pool());
            Integer from = tokens.get(e.from());
            Integer to = tokens.get(e.to());
            if (pool == null || from == null || to == null) {
                return null;
            }
            edges.add(new FlowProgram.Edge(pool, from, to, e.fraction()));
        }
        return FlowProgram.of(edges, g);
    }

    static BigInteger ceil(double v) {
        return new BigDecimal(v).setScale(0, RoundingMode.CEILING).toBigInteger();
    }
}
