package io.metaroute.solver.routing.convex;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Leg sets for a route that may not use every pool of the optimum: the settler's leg limit and the
 * gas of each leg make the real problem mixed-integer. Two searches from the unlimited optimum,
 * each a sequence of programs that the router recomputes exactly and compares net of gas:
 * <ul>
 *   <li>{@link #greedyRemoval}: drop one leg at a time, each time the one whose removal costs least
 *       once the rest is re-split (polished), down to a single path;</li>
 *   <li>{@link #largest}: keep the legs that carry the most value and re-split them.</li>
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
