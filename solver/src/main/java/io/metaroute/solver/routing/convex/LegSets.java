package io.metaroute.solver.routing.convex;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Leg sets for a route that may not use every pool of the optimum: the settler's leg limit and the
 * gas of each leg make the real problem mixed-integer. Searches from the unlimited optimum and the
 * best single paths, each giving programs that the router recomputes exactly and compares net of gas:
 * <ul>
 *   <li>{@link #greedyRemoval}: drop one leg at a time, each time the one whose removal costs least
 *       once the rest is re-split (polished), down to a single path;</li>
 *   <li>{@link #largest}: keep the legs that carry the most value and re-split them;</li>
 *   <li>{@link #pathPairs}: two of the best single paths side by side;</li>
 *   <li>then, from the best set so far, {@link #fillUp} (add the optimum's most promising trade while
 *       there is room) and {@link #swaps} (at the limit, exchange a leg carrying little for one).</li>
 * </ul>
 */
final class LegSets {
    /** Above this many legs, only the {@link #SCREENED} cheapest-looking removals are re-split to find the best one. */
    static final int SCREEN_ABOVE = 10;
    static final int SCREENED = 12;
    static final int SWEEPS = 30;
    /**
     * Sweeps of each bulk step's re-split. Those programs are above the limit and never candidates:
     * their split only ranks the next legs to drop, and the first few sweeps give most of it. The
     * program that leaves the bulk phase is re-split in full before legs are dropped one at a time.
     */
    static final int BULK_SWEEPS = 6;
    /** Legs above the limit from which removal goes one leg at a time. */
    static final int BULK_MARGIN = 8;
    /** A second start for greedy removal keeps this many times the leg limit of the optimum's most valuable legs. */
    static final int SEED_LIMITS = 4;
    /** Trades of the optimum re-split per step when a chosen leg set is grown ({@link #fillUp}). */
    static final int FILL_SCREENED = 4;
    /** Legs of a chosen set, those carrying least value, each tried out in an exchange ({@link #swaps}). */
    static final int SWAP_DROPS = 3;
    /** Exchanges tried one after another on the chosen set. */
    static final int SWAP_ROUNDS = 4;

    private LegSets() {
    }

    /**
     * Hands {@code onEach} the programs met by greedy removal from {@code start}, largest first,
     * until it answers false (the caller has seen enough) or one leg is left. Far above the leg limit
     * ({@code maxLegs}) legs are first dropped in bulk, the ones carrying least value, half of the
     * excess at a time: one at a time there would cost a re-split per leg for legs worth
     * next to nothing; those steps are re-split in {@link #BULK_SWEEPS} sweeps only, and are not
     * handed to {@code onEach} except the last. From {@link #BULK_MARGIN} legs above the limit on,
     * one leg per step. {@code start} is the program already polished ({@link #SWEEPS} sweeps).
     */
    static void greedyRemoval(PoolGraph g, double x, FlowProgram.Polished start, int maxLegs,
                              java.util.function.Predicate<FlowProgram> onEach) {
        FlowProgram.Polished current = start;
        boolean bulk = false;
        int bulkAbove = maxLegs + BULK_MARGIN;
        while (current.program().legs() > bulkAbove) {
            FlowProgram program = current.program();
            double[] value = flowValues(g, program, current.marginal(), x);
            int[] order = Order.ascending(value);
            int drop = Math.max(1, (program.legs() - bulkAbove + 3) / 4);
            // The least valuable legs go together; the sink must stay reachable through what is left.
            var gone = new java.util.HashSet<Integer>();
            for (int k = 0; k < order.length && gone.size() < drop; k++) {
                gone.add(program.edges().get(order[k]).pool());
            }
            FlowProgram next = program.without(gone);
            while (next.isEmpty() && gone.size() > 1) {
                // Too much at once cut every path: drop half as many, most valuable last.
                var fewer = new java.util.HashSet<Integer>();
                for (int k = 0; k < order.length && fewer.size() < gone.size() / 2; k++) {
                    fewer.add(program.edges().get(order[k]).pool());
                }
                gone = fewer;
                next = program.without(gone);
            }
            if (next.isEmpty() || next.legs() >= program.legs()) {
                break;
            }
            current = next.polish(g, x, BULK_SWEEPS);
            bulk = true;
        }
        // Only the bulk phase's last program can be within the limit (the others have more than
        // BULK_MARGIN legs above it): it is re-split in full and handed over like every later one.
        if (bulk) {
            current = current.program().polish(g, x, SWEEPS);
            if (!onEach.test(current.program())) {
                return;
            }
        }
        while (current.program().legs() > 1) {
            FlowProgram program = current.program();
            List<FlowProgram.Edge> tries = removable(g, program, current.marginal(), x);
            FlowProgram.Polished best = null;
            for (FlowProgram.Edge e : tries) {
                FlowProgram rest = program.without(e.pool());
                if (rest.isEmpty()) {
                    continue;
                }
                // A removal whose rest provably cannot beat the best one so far is not re-split to the end.
                FlowProgram.Polished p = best == null ? rest.polish(g, x, SWEEPS)
                        : rest.polishAbove(g, x, SWEEPS, best.value());
                if (p != null && !p.program().isEmpty() && (best == null || p.value() > best.value())) {
                    best = p;
                }
            }
            if (best == null || best.program().legs() >= program.legs()) {
                break;
            }
            if (!onEach.test(best.program())) {
                return;
            }
            current = best;
        }
    }

    /**
     * Where greedy removal starts: the polished optimum {@code full}, and when it has more than
     * {@link #SEED_LIMITS} times {@code maxLegs} legs also its that many most valuable ones, re-split.
     */
    static List<FlowProgram.Polished> seeds(PoolGraph g, double x, FlowProgram.Polished full, int maxLegs) {
        long keep = (long) SEED_LIMITS * maxLegs;
        if (full.program().legs() <= keep || keep <= maxLegs + BULK_MARGIN) {
            return List.of(full);
        }
        FlowProgram few = mostValuable(g, x, full, (int) keep);
        return few.isEmpty() || few.legs() >= full.program().legs() ? List.of(full)
                : List.of(full, few.polish(g, x, SWEEPS));
    }

    /**
     * Two of the best single paths ({@code paths}) run side by side: every pair whose pools together fit
     * {@code maxLegs}, as one program, re-split; the {@code keep} that pay the most, best first (ranked on
     * {@link #BULK_SWEEPS}-sweep re-splits, the kept ones re-split in full). Where the
     * optimum spreads over far more legs than the limit, removal from it can lose a branch that two
     * paths keep (two routes into the output token that meet only near it).
     */
    static List<FlowProgram> pathPairs(PoolGraph g, double x, List<FlowProgram> paths, int maxLegs, int keep) {
        var found = new ArrayList<FlowProgram.Polished>();
        for (int i = 0; i < paths.size(); i++) {
            for (int j = i + 1; j < paths.size(); j++) {
                FlowProgram both = union(g, paths.get(i), paths.get(j), maxLegs);
                if (both != null) {
                    found.add(both.polish(g, x, BULK_SWEEPS)); // ranked on a short re-split, the few kept settled below
                }
            }
        }
        found.sort(Comparator.comparingDouble(FlowProgram.Polished::value).reversed());
        var out = new ArrayList<FlowProgram>(Math.min(keep, found.size()));
        for (int k = 0; k < found.size() && out.size() < keep; k++) {
            out.add(found.get(k).program().polish(g, x, SWEEPS).program());
        }
        return out;
    }

    /**
     * Grows {@code chosen} toward {@code maxLegs} legs one trade at a time: each time the trade of {@code full}
     * (the unlimited optimum) that raises the re-split output most, among those out of a token {@code chosen}
     * holds into the sink or a token it trades on (a pool beside one it uses, or a new branch between its
     * tokens). Only the {@link #FILL_SCREENED} whose first unit pays most over the set's marginal worths (a
     * trade whose first unit pays less cannot raise the output) are re-split. Each grown program goes to
     * {@code onEach} until it answers false (no better net).
     */
    static void fillUp(PoolGraph g, double x, FlowProgram chosen, FlowProgram full, int maxLegs,
                       java.util.function.Predicate<FlowProgram> onEach) {
        FlowProgram.Polished current = chosen.polish(g, x, SWEEPS);
        while (current.program().legs() < maxLegs) {
            FlowProgram.Polished best = null;
            for (FlowProgram grown : grown(g, current, full, maxLegs, -1)) {
                FlowProgram.Polished p = grown.polish(g, x, SWEEPS);
                if (best == null || p.value() > best.value()) {
                    best = p;
                }
            }
            if (best == null || best.value() <= current.value() || !onEach.test(best.program())) {
                return;
            }
            current = best;
        }
    }

    /**
     * Trades one leg of {@code chosen} (a set at the limit) for one of {@code full}, up to {@code rounds} times:
     * each round drops one of the {@link #SWAP_DROPS} legs carrying least value and adds the screened trade that
     * raises the re-split output most ({@link #fillUp}'s rule), keeping the best exchange while it pays more.
     * Exchanges are ranked on short re-splits; the one kept is re-split in full and goes to {@code onEach}.
     */
    static void swaps(PoolGraph g, double x, FlowProgram chosen, FlowProgram full, int rounds,
                      java.util.function.Predicate<FlowProgram> onEach) {
        FlowProgram.Polished current = chosen.polish(g, x, SWEEPS);
        int maxLegs = chosen.legs();
        for (int round = 0; round < rounds; round++) {
            FlowProgram program = current.program();
            double[] value = flowValues(g, program, current.marginal(), x);
            int[] order = Order.ascending(value);
            FlowProgram.Polished best = null;
            int tried = 0;
            for (int k = 0; k < order.length && tried < SWAP_DROPS; k++) {
                int pool = program.edges().get(order[k]).pool();
                if (!program.connectsWithout(g, pool)) {
                    continue;
                }
                tried++;
                FlowProgram.Polished rest = program.without(pool).polish(g, x, BULK_SWEEPS);
                for (FlowProgram grown : grown(g, rest, full, maxLegs, pool)) {
                    FlowProgram.Polished p = grown.polish(g, x, BULK_SWEEPS);
                    if (best == null || p.value() > best.value()) {
                        best = p;
                    }
                }
            }
            if (best == null) {
                return;
            }
            FlowProgram.Polished settled = best.program().polish(g, x, SWEEPS);
            if (settled.value() <= current.value() || !onEach.test(settled.program())) {
                return;
            }
            current = settled;
        }
    }

    /** {@code from} with each of the {@link #FILL_SCREENED} most promising trades of {@code full} added (not {@code except}). */
    private static List<FlowProgram> grown(PoolGraph g, FlowProgram.Polished from, FlowProgram full, int maxLegs, int except) {
        int n = g.tokens.length;
        boolean[] held = new boolean[n];
        boolean[] passes = new boolean[n];
        var used = new java.util.HashSet<Integer>();
        used.add(except);
        held[g.source] = true;
        for (FlowProgram.Edge e : from.program().edges()) {
            held[e.to()] = true;
            passes[e.from()] = true;
            used.add(e.pool());
        }
        double[] worth = from.marginal();
        var tries = new ArrayList<FlowProgram.Edge>();
        var gains = new ArrayList<Double>();
        for (FlowProgram.Edge e : full.edges()) {
            if (used.contains(e.pool()) || !held[e.from()] || e.from() == g.sink || !(e.to() == g.sink || passes[e.to()])
                    || !(worth[e.from()] > 0)) {
                continue;
            }
            double gain = g.curves[e.pool()].marginalAtZero(FlowProgram.sideOf(g, e)) * worth[e.to()] / worth[e.from()];
            if (gain > 1) {
                tries.add(e);
                gains.add(gain);
            }
        }
        Integer[] order = new Integer[tries.size()];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(gains.get(b), gains.get(a)));
        var out = new ArrayList<FlowProgram>();
        for (int k = 0; k < order.length && k < FILL_SCREENED; k++) {
            FlowProgram u = union(g, from.program(), FlowProgram.of(List.of(tries.get(order[k])), g), maxLegs);
            if (u != null) {
                out.add(u);
            }
        }
        return out;
    }

    /**
     * The trades of {@code a} and {@code b} as one program, each token's holdings split evenly over its
     * trades, in topological order of tokens; null when it has more than {@code maxLegs} legs, adds
     * nothing to the larger one, runs a pool both ways or holds a cycle of tokens.
     */
    static FlowProgram union(PoolGraph g, FlowProgram a, FlowProgram b, int maxLegs) {
        var byPool = new java.util.LinkedHashMap<Integer, FlowProgram.Edge>();
        for (FlowProgram p : List.of(a, b)) {
            for (FlowProgram.Edge e : p.edges()) {
                FlowProgram.Edge had = byPool.putIfAbsent(e.pool(), e);
                if (had != null && had.from() != e.from()) {
                    return null;
                }
            }
        }
        int legs = byPool.size();
        if (legs > maxLegs || legs == Math.max(a.legs(), b.legs())) {
            return null;
        }
        int n = g.tokens.length;
        int[] into = new int[n];
        int[] out = new int[n];
        for (FlowProgram.Edge e : byPool.values()) {
            into[e.to()]++;
            out[e.from()]++;
        }
        // Kahn's order from the source; a token left unordered sits on a cycle
        var order = new ArrayList<Integer>();
        var ready = new java.util.ArrayDeque<Integer>();
        ready.add(g.source);
        var edges = new ArrayList<FlowProgram.Edge>(legs);
        while (!ready.isEmpty()) {
            int t = ready.poll();
            order.add(t);
            for (FlowProgram.Edge e : byPool.values()) {
                if (e.from() == t) {
                    edges.add(new FlowProgram.Edge(e.pool(), e.from(), e.to(), 1.0 / out[t]));
                    if (--into[e.to()] == 0) {
                        ready.add(e.to());
                    }
                }
            }
        }
        return edges.size() == legs ? FlowProgram.of(edges, g) : null;
    }

    /** The {@code maxLegs} legs of {@code program} that carry the most value, closed and re-split. */
    static FlowProgram largest(PoolGraph g, double x, FlowProgram.Polished program, int maxLegs) {
        FlowProgram p = mostValuable(g, x, program, maxLegs);
        return p.isEmpty() ? p : p.polish(g, x, SWEEPS).program();
    }

    /** The {@code count} legs of {@code program} that carry the most value, closed (not re-split). */
    private static FlowProgram mostValuable(PoolGraph g, double x, FlowProgram.Polished program, int count) {
        double[] value = flowValues(g, program.program(), program.marginal(), x);
        int[] order = Order.descending(value);
        // The rest go at once: one pass over the program, not one per leg dropped.
        var gone = new java.util.HashSet<Integer>();
        for (int k = count; k < order.length; k++) {
            gone.add(program.program().edges().get(order[k]).pool());
        }
        return program.program().without(gone);
    }

    /** The legs whose removal keeps the program connected; above {@link #SCREEN_ABOVE} legs, the few carrying least value. */
    private static List<FlowProgram.Edge> removable(PoolGraph g, FlowProgram program, double[] marginal, double x) {
        var list = new ArrayList<FlowProgram.Edge>();
        double[] value = program.legs() > SCREEN_ABOVE ? flowValues(g, program, marginal, x) : null;
        var indices = new ArrayList<Integer>();
        for (int k = 0; k < program.legs(); k++) {
            if (program.connectsWithout(g, program.edges().get(k).pool())) {
                indices.add(k);
            }
        }
        if (value != null) {
            indices.sort(Comparator.comparingDouble(k -> value[k]));
            if (indices.size() > SCREENED) {
                indices = new ArrayList<>(indices.subList(0, SCREENED));
            }
        }
        indices.forEach(k -> list.add(program.edges().get(k)));
        return list;
    }

    /** Each edge's output valued at its token's marginal worth in sink units: what the edge carries. */
    static double[] flowValues(PoolGraph g, FlowProgram program, double[] marginal, double x) {
        int n = g.tokens.length;
        double[] held = new double[n];
        double[] total = new double[n];
        boolean[] started = new boolean[n];
        held[g.source] = x;
        List<FlowProgram.Edge> edges = program.edges();
        double[] value = new double[edges.size()];
        for (int k = 0; k < edges.size(); k++) {
            FlowProgram.Edge e = edges.get(k);
            if (!started[e.from()]) {
                started[e.from()] = true;
                total[e.from()] = held[e.from()];
            }
            double in = total[e.from()] * e.fraction();
            double out = g.curves[e.pool()].out(FlowProgram.sideOf(g, e), in);
            held[e.from()] -= in;
            held[e.to()] += out;
            double worth = e.to() == g.sink ? 1 : marginal[e.to()];
            value[k] = out * worth;
        }
        return value;
    }
}
