package io.metaroute.solver.routing.convex;

/**
 * Every few iterations: recovers a program from the current trades, polishes it by water-filling,
 * and tightens the bound with the dual value at the program's marginal worths. Keeps the best
 * program; stops the search once it is within the target gap of the best bound.
 */
final class GapCheck implements DualSolver.StopCheck {
    private final PoolGraph g;
    private final double x;
    FlowProgram best;
    /** {@link #best} as the rounds polished it, with its marginal worths; null while it is not their own. */
    FlowProgram.Polished bestPolished;
    double bestValue = Double.NEGATIVE_INFINITY;
    double target = SplitRouter.TARGET_GAP;

    GapCheck(PoolGraph g, double x) {
        this.g = g;
        this.x = x;
    }

    /** Checks in a row the gap may fall by less than {@link #STALLED_FALL} before the search stops there. */
    static final int STALLED_CHECKS = 4;
    /** What the gap must fall by, as a share of itself, over {@link #STALLED_CHECKS} checks for the search to go on. */
    static final double STALLED_FALL = 0.05;

    /** The relative gap after each check of the search, newest last (at most {@link #STALLED_CHECKS} + 1). */
    private final java.util.ArrayDeque<Double> gaps = new java.util.ArrayDeque<>();

    @Override
    public boolean stop(DualSolver solver, double[] logPrices, double dualValue) {
        if (rounds(solver, logPrices, 2)) {
            return true;
        }
        return stalled(solver.bestValue());
    }

    /**
     * Whether the gap has stopped closing: over the last {@link #STALLED_CHECKS} checks it fell by less than
     * {@link #STALLED_FALL} of itself. On a market that holds arbitrage through many pools the relaxation's
     * optimum moves flow round cycles that the search and the flow recovery approach only slowly, and the
     * checks (a recovery and a polish each, the dearest part of a solve) would run to the iteration cap for
     * nothing: the bound stays valid where the search stops, and the certificate states the gap it reached.
     */
    private boolean stalled(double bound) {
        double gap = bound > 0 && bestValue > Double.NEGATIVE_INFINITY ? (bound - bestValue) / bound : Double.POSITIVE_INFINITY;
        gaps.addLast(gap);
        if (gaps.size() > STALLED_CHECKS + 1) {
            gaps.removeFirst();
        }
        return gaps.size() > STALLED_CHECKS && Double.isFinite(gaps.peekFirst())
                && gap > gaps.peekFirst() * (1 - STALLED_FALL);
    }

    /**
     * Rounds of column generation: recover a program from the trades at {@code logPrices} (with the
     * best so far), polish it, price every other token at its best given the program's marginal
     * worths, and look at the trades there. Stops when a round brings nothing or the gap is closed.
     */
    boolean rounds(DualSolver solver, double[] logPrices, int maxRounds) {
        double[] u = logPrices;
        for (int round = 0; round < maxRounds; round++) {
            // Candidates: the trades and near-trades at these prices, plus the best program so far.
            FlowProgram p = FlowProgram.recover(g, solver, u, best);
            if (p.isEmpty()) {
                return false;
            }
            // Within half the target gap of the bound the gap is closed: polishing on only creeps closer.
            FlowProgram.Polished polished = p.polishUntil(g, x, 30, solver.bestValue() * (1 - target / 2));
            boolean improved = polished.value() > bestValue * (1 + 1e-12) && !polished.program().isEmpty();
            if (improved) {
                bestValue = polished.value();
                best = polished.program();
                bestPolished = polished;
            }
            // Prices from the polished program's marginal worths; the other tokens set to their best given those.
            u = u.clone();
            double[] marginal = polished.marginal();
            boolean[] fixed = new boolean[u.length];
            for (int j = 0; j < u.length; j++) {
                if (marginal[j] > 0 && j != g.sink) {
                    u[j] = Math.log(marginal[j]);
                    fixed[j] = true;
                }
            }
            solver.minimiseCoordinates(u, fixed);
            solver.evaluate(u, new double[u.length]);
            if ((!improved && round > 0) || solver.bestValue() - bestValue <= target * solver.bestValue()) {
                break;
            }
        }
        double bound = solver.bestValue();
        return bound - bestValue <= target * bound;
    }
}
