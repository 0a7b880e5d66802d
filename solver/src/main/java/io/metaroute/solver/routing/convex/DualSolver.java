package io.metaroute.solver.routing.convex;


/**
 * Solves the dual of the routing problem "sell {@code X} of the source for as much of the sink as
 * possible" over a {@link PoolGraph}, by dual decomposition (Angeris et al., "Optimal Routing for
 * Constant Function Market Makers"). For token prices {@code ν ≥ 0} (in sink units, {@code ν_sink = 1})
 * the dual function is
 * <pre>  g(ν) = ν_source · X + Σ_pools arb_i(ν)</pre>
 * where {@code arb_i} is the most a trader facing prices {@code ν} can earn from pool {@code i}, which
 * its {@link PoolCurve} solves ({@link PoolCurve#arbitrage}; in closed form for a constant-product
 * pool with fee). Every {@code g(ν)} bounds the best output
 * from above (weak duality). The minimiser's pool trades are the optimal route. We minimise over
 * {@code u = ln ν} with L-BFGS and an Armijo line search; {@code g} is continuously differentiable,
 * and its gradient is the net amount of each token the pools' trades would leave over.
 */
public final class DualSolver {
    private static final int MEMORY = 8;
    /** Iterations between sparse checks. */
    static final int SPARSE_CHECKS = 32;
    /** A line search that needs more trials than this, or a fall below this relative decrease, is a stall. */
    private static final int STALL_TRIALS = 4;
    private static final double STALL_DECREASE = 1e-13;

    private final PoolGraph g;
    private final double x;
    private final int n;
    // Trades at the last evaluation.
    final double[] tradeIn;
    final double[] tradeOut;
    /** 0: pool not traded; 1: sells token0 for token1; 2: sells token1 for token0. */
    final byte[] direction;
    private int evaluations;
    /** The least dual value seen at any prices: each one is an upper bound on the output. */
    private double bestValue = Double.POSITIVE_INFINITY;
    private double[] bestPoint;
    /** Pools at each token, built on first use. */
    private int[][] adjacent;
    // Scratch for the inner loops, which run for every pool on every evaluation: nothing is allocated there.
    private final PoolCurve.Trade trade = new PoolCurve.Trade();
    private final double[] nu;
    private final double[] net;

    public DualSolver(PoolGraph graph, double amountIn) {
        this.g = graph;
        this.x = amountIn;
        this.n = graph.tokens.length;
        this.tradeIn = new double[graph.pools.length];
        this.tradeOut = new double[graph.pools.length];
        this.direction = new byte[graph.pools.length];
        this.nu = new double[n];
        this.net = new double[n];
    }

    /** The solution: log prices, dual value (an upper bound on the output) and iterations used. */
    public record Solution(double[] logPrices, double dualValue, int iterations, int evaluations) {
    }

    /**
     * Minimises the dual from {@code start} (log prices by token index; null: mid prices), until the
     * relative gradient falls under {@code tolerance} or {@code maxIterations} pass. {@code check}
     * is called every few iterations with the current dual value and may stop the search.
     */
    public Solution solve(double[] start, double tolerance, int maxIterations, StopCheck check) {
        return solve(start, tolerance, maxIterations, check, false);
    }

    /**
     * As {@link #solve(double[], double, int, StopCheck)}; with {@code sparseChecks} {@code check} is
     * called every {@link #SPARSE_CHECKS} iterations, and sooner once the search stalls (its line
     * search needs more than a few halvings, or the value stops falling), at most every eighth
     * iteration then. From a cold start the quasi-Newton search alone reaches the optimum's prices
     * within a few dozen iterations, while each check (a flow recovery and a polish of the program,
     * hundreds of legs on a large market) costs as much as dozens of iterations.
     */
    public Solution solve(double[] start, double tolerance, int maxIterations, StopCheck check, boolean sparseChecks) {
        double[] u = start != null ? start.clone() : midPrices();
        u[g.sink] = 0;
        double[] grad = new double[n];
        double f = evaluate(u, grad);
        double[][] s = new double[MEMORY][];
        double[][] y = new double[MEMORY][];
        double[] rho = new double[MEMORY];
        int stored = 0;
        int head = 0;
        double[] d = new double[n];
        double[] uNext = new double[n];
        double[] gradNext = new double[n];
        double[] alpha = new double[MEMORY];
        int iter = 0;
        // Checks are dear next to an iteration: often at first, then every 32 iterations at most (sparse: see above).
        int nextCheck = sparseChecks ? SPARSE_CHECKS : 8;
        int lastCheck = 0;
        while (iter < maxIterations) {
            if (maxAbs(grad) <= tolerance * Math.abs(f)) {
                break;
            }
            // Two-loop recursion: d = -H grad.
            for (int j = 0; j < n; j++) {
                d[j] = -grad[j];
            }
            for (int k = 0; k < stored; k++) {
                int i = Math.floorMod(head - 1 - k, MEMORY);
                alpha[i] = rho[i] * dot(s[i], d);
                axpy(-alpha[i], y[i], d);
            }
            double scale = 1;
            if (stored > 0) {
                int last = Math.floorMod(head - 1, MEMORY);
                scale = dot(s[last], y[last]) / dot(y[last], y[last]);
            } else {
                // First step: move no log price by more than 5%; mid prices start within the fee band.
                scale = 0.05 / Math.max(maxAbs(grad), 1e-300);
            }
            for (int j = 0; j < n; j++) {
                d[j] *= scale;
            }
            for (int k = stored - 1; k >= 0; k--) {
                int i = Math.floorMod(head - 1 - k, MEMORY);
                double beta = rho[i] * dot(y[i], d);
                axpy(alpha[i] - beta, s[i], d);
            }
            d[g.sink] = 0;
            double slope = dot(grad, d);
            if (!(slope < 0)) {
                stored = 0;
                for (int j = 0; j < n; j++) {
                    d[j] = -0.05 * grad[j] / Math.max(maxAbs(grad), 1e-300);
                }
                d[g.sink] = 0;
                slope = dot(grad, d);
                if (!(slope < 0)) {
                    break;
                }
            }
            double t = 1;
            double fNext = Double.NaN;
            boolean accepted = false;
            int trials = 0;
            for (int ls = 0; ls < 60; ls++) {
                trials++;
                for (int j = 0; j < n; j++) {
                    uNext[j] = u[j] + t * d[j];
                }
                fNext = evaluate(uNext, gradNext);
                if (fNext <= f + 1e-4 * t * slope) {
                    accepted = true;
                    break;
                }
                t *= 0.5;
            }
            boolean stalled = trials > STALL_TRIALS || !(f - fNext > STALL_DECREASE * Math.abs(fNext));
            iter++;
            if (!accepted) {
                evaluate(u, grad);
                break;
            }
            double[] sk = new double[n];
            double[] yk = new double[n];
            for (int j = 0; j < n; j++) {
                sk[j] = uNext[j] - u[j];
                yk[j] = gradNext[j] - grad[j];
            }
            double sy = dot(sk, yk);
            if (sy > 1e-12 * Math.sqrt(dot(sk, sk) * dot(yk, yk))) {
                s[head] = sk;
                y[head] = yk;
                rho[head] = 1 / sy;
                head = (head + 1) % MEMORY;
                stored = Math.min(stored + 1, MEMORY);
            }
            System.arraycopy(uNext, 0, u, 0, n);
            System.arraycopy(gradNext, 0, grad, 0, n);
            boolean improved = fNext < f;
            f = fNext;
            if (!improved && stored == 0) {
                break;
            }
            boolean due = sparseChecks ? iter >= nextCheck || (stalled && iter - lastCheck >= 8) : iter == nextCheck;
            if (check != null && due) {
                nextCheck = sparseChecks ? iter + SPARSE_CHECKS : nextCheck + Math.min(32, Math.max(8, iter / 2));
                lastCheck = iter;
                if (check.stop(this, u, f)) {
                    break;
                }
                if (bestValue < f - 1e-12 * Math.abs(f)) {
                    // The check found better prices than the search (from the primal's marginal worths): jump there.
                    System.arraycopy(bestPoint, 0, u, 0, n);
                    f = evaluate(u, grad);
                    stored = 0;
                }
            }
        }
        f = evaluate(u, grad);
        return new Solution(u, f, iter, evaluations);
    }

    /** Called during the search; returns true to stop. */
    @FunctionalInterface
    public interface StopCheck {
        boolean stop(DualSolver solver, double[] logPrices, double dualValue);
    }

    /**
     * {@code g(exp(u))} and its gradient in {@code u}; records each pool's optimal trade. Exposed for
     * the certificate: the bound is this value at the final prices.
     */
    double evaluate(double[] u, double[] grad) {
        evaluations++;
        double[] nu = this.nu;
        double[] gn = this.net;
        for (int j = 0; j < n; j++) {
            nu[j] = j == g.sink ? 1.0 : Math.exp(u[j]);
            gn[j] = 0;
        }
        double value = nu[g.source] * x;
        gn[g.source] += x;
        PoolCurve[] curves = g.curves;
        PoolCurve.Trade t = trade;
        for (int i = 0; i < curves.length; i++) {
            int a = g.t0[i];
            int b = g.t1[i];
            value += curves[i].arbitrage(nu[a], nu[b], t);
            if (t.side == 0) {
                direction[i] = 1;
                gn[a] -= t.in;
                gn[b] += t.out;
            } else if (t.side == 1) {
                direction[i] = 2;
                gn[b] -= t.in;
                gn[a] += t.out;
            } else {
                direction[i] = 0;
            }
            tradeIn[i] = t.in;
            tradeOut[i] = t.out;
        }
        for (int j = 0; j < n; j++) {
            grad[j] = j == g.sink ? 0 : nu[j] * gn[j];
        }
        if (value < bestValue && Double.isFinite(value)) {
            bestValue = value;
            bestPoint = u.clone();
        }
        return value;
    }

    /**
     * Sets each token not in {@code fixed} to the price that minimises the dual with every other
     * price held: the dual is convex in each price, and its derivative there is the token's net
     * excess, so a bisection on its sign finds it. One sweep in token order.
     */
    void minimiseCoordinates(double[] u, boolean[] fixed) {
        if (adjacent == null) {
            int[] deg = new int[n];
            for (int i = 0; i < g.pools.length; i++) {
                deg[g.t0[i]]++;
                deg[g.t1[i]]++;
            }
            adjacent = new int[n][];
            for (int j = 0; j < n; j++) {
                adjacent[j] = new int[deg[j]];
                deg[j] = 0;
            }
            for (int i = 0; i < g.pools.length; i++) {
                adjacent[g.t0[i]][deg[g.t0[i]]++] = i;
                adjacent[g.t1[i]][deg[g.t1[i]]++] = i;
            }
        }
        // The other tokens' prices hold while one token is searched: each is exponentiated once per sweep, not per step.
        double[] nu = this.nu;
        for (int j = 0; j < n; j++) {
            nu[j] = j == g.sink ? 1.0 : Math.exp(u[j]);
        }
        for (int j = 0; j < n; j++) {
            if (j == g.sink || fixed[j]) {
                continue;
            }
            double lo = u[j] - 40;
            double hi = u[j] + 40;
            for (int step = 0; step < 34 && hi - lo > 1e-9; step++) {
                double mid = 0.5 * (lo + hi);
                double excess = excess(nu, j, mid);
                if (excess > 0) {
                    hi = mid;
                } else if (excess < 0) {
                    lo = mid;
                } else {
                    lo = mid;
                    hi = mid;
                }
            }
            u[j] = 0.5 * (lo + hi);
            nu[j] = Math.exp(u[j]);
        }
    }

    /**
     * The derivative of the dual in {@code ν_j} (up to the factor ν_j) with {@code u_j} set to
     * {@code uj}, the other prices at {@code nu} (linear, the sink's 1).
     */
    private double excess(double[] nu, int j, double uj) {
        double nuJ = Math.exp(uj);
        double net = j == g.source ? x : 0;
        PoolCurve.Trade t = trade;
        for (int i : adjacent[j]) {
            boolean jIs0 = g.t0[i] == j;
            int k = jIs0 ? g.t1[i] : g.t0[i];
            double nuK = nu[k];
            g.curves[i].arbitrage(jIs0 ? nuJ : nuK, jIs0 ? nuK : nuJ, t);
            // Selling j spends it; buying j brings it in.
            int sellJ = jIs0 ? 0 : 1;
            if (t.side == sellJ) {
                net -= t.in;
            } else if (t.side != PoolCurve.Trade.NONE) {
                net += t.out;
            }
        }
        return net;
    }

    /** The least dual value evaluated so far: an upper bound on the best output. */
    double bestValue() {
        return bestValue;
    }

    /**
     * The dual value at the best prices seen, plus what rounding may have taken off it
     * ({@link CertifiedBound}): the number to publish as a bound; {@code +∞} before any evaluation.
     */
    double certifiedBound() {
        return bestPoint == null ? Double.POSITIVE_INFINITY : CertifiedBound.at(g, x, bestPoint, bestValue);
    }

    /** Log prices at which no pool pays an arbitrage when nothing is sold ({@link StartingPrices#worth}). */
    double[] worthPrices() {
        return StartingPrices.worth(g);
    }

    /** {@link #worthPrices()}, given this graph's {@link #midPrices()}. */
    double[] worthPrices(double[] mid) {
        return StartingPrices.worth(g, mid);
    }

    /** Log prices from pool mid prices ({@link StartingPrices#mid}). */
    double[] midPrices() {
        return StartingPrices.mid(g);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double d : v) {
            m = Math.max(m, Math.abs(d));
        }
        return m;
    }
}
