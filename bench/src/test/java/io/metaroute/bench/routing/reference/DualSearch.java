package io.metaroute.bench.routing.reference;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The search behind {@link DualReference}: minimises the dual {@code g} over token prices, in prices
 * scaled by a starting guess ({@code ν_j = x_j ν0_j}, mid prices along a tree from the output
 * token), in doubles. Newton's method with the exact Hessian (rank one per trading pool) and an
 * exact line search; before each step, every group of tokens tied together by trading pools but
 * not to the output token is moved to its best common scale, a direction along which the Newton
 * model has no curvature. Only the final prices matter to the bounds, which are evaluated exactly.
 */
final class DualSearch {
    private static final int MAX_ITERATIONS = 300;
    /** Iterations neither lowering the bound nor halving the best flow imbalance after which the search stops. */
    private static final int STALL_LIMIT = 8;

    private final CpmmGraph g;
    final double[] nu0;
    final double[] x;
    private final double[] depthA;
    private final double[] depthB;
    private final double valueIn;
    private final int n;
    private double value;
    private final double[] grad;
    private final double[][] hess;

    DualSearch(CpmmGraph g) {
        this.g = g;
        n = g.tokenCount();
        nu0 = startingPrices(g);
        x = new double[n];
        Arrays.fill(x, 1.0);
        depthA = new double[g.poolCount()];
        depthB = new double[g.poolCount()];
        for (int i = 0; i < g.poolCount(); i++) {
            depthA[i] = g.raD[i] * nu0[g.a[i]];
            depthB[i] = g.rbD[i] * nu0[g.b[i]];
        }
        valueIn = g.amountIn.doubleValue() * nu0[g.in];
        grad = new double[n];
        hess = new double[n][n];
    }

    /** Mid prices along a breadth-first tree from the output token. */
    private static double[] startingPrices(CpmmGraph g) {
        double[] nu = new double[g.tokenCount()];
        nu[g.out] = 1.0;
        boolean[] seen = new boolean[g.tokenCount()];
        seen[g.out] = true;
        var queue = new ArrayDeque<Integer>();
        queue.add(g.out);
        while (!queue.isEmpty()) {
            int t = queue.poll();
            for (int i = 0; i < g.poolCount(); i++) {
                int other;
                double price;
                if (g.a[i] == t && !seen[g.b[i]]) {
                    other = g.b[i];
                    price = nu[t] * g.raD[i] / g.rbD[i];
                } else if (g.b[i] == t && !seen[g.a[i]]) {
                    other = g.a[i];
                    price = nu[t] * g.rbD[i] / g.raD[i];
                } else {
                    continue;
                }
                seen[other] = true;
                nu[other] = price;
                queue.add(other);
            }
        }
        return nu;
    }

    int run() {
        evaluate(x, true);
        int iter = 0;
        double[] d = new double[n];
        double[] trial = new double[n];
        double[] bestX = x.clone();
        double bestGrad = Double.POSITIVE_INFINITY;
        int stalled = 0;
        double lastValue = Double.POSITIVE_INFINITY;
        while (iter < MAX_ITERATIONS) {
            double gradNorm = gradNorm();
            boolean progress = gradNorm < 0.5 * bestGrad || value < lastValue - 1e-14 * Math.abs(value);
            lastValue = Math.min(lastValue, value);
            if (progress) {
                stalled = 0;
            } else if (++stalled >= STALL_LIMIT) {
                break; // at the rounding floor: more steps only wander
            }
            if (gradNorm < bestGrad) {
                bestGrad = gradNorm;
                System.arraycopy(x, 0, bestX, 0, n);
            }
            if (gradNorm <= 1e-15 * valueIn) {
                break;
            }
            iter++;
            boolean rescaled = rescaleDetachedGroups();
            double current = value;
            direction(d);
            withoutGroupScaling(d);
            if (lineSearch(d, current, trial)) {
                System.arraycopy(trial, 0, x, 0, n);
            } else if (!rescaled) {
                break;
            }
            evaluate(x, true);
        }
        if (gradNorm() > bestGrad) {
            System.arraycopy(bestX, 0, x, 0, n);
        }
        return iter;
    }

    /**
     * Exact line search: {@code φ(α) = g(x + α d)} is convex, so bisect on {@code φ'(α) = ∇g·d}
     * over {@code (0, αmax]}, where {@code αmax} keeps every price positive. Exact rather than
     * backtracking because the Newton model does not see pools that start trading along the
     * step: the best point is often where one does, far short of (or beyond) the full step.
     * Leaves the point in {@code trial}; false when it does not improve on {@code current}.
     */
    private boolean lineSearch(double[] d, double current, double[] trial) {
        double startGradNorm = gradNorm();
        double slope = 0;
        double alphaMax = Double.POSITIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            slope += grad[j] * d[j];
            if (d[j] < 0) {
                alphaMax = Math.min(alphaMax, 0.9 * x[j] / -d[j]);
            }
        }
        if (!(slope < 0)) {
            return false;
        }
        double lo = 0;
        double hi = Math.min(1.0, alphaMax);
        while (directional(d, hi, trial) < 0 && hi < alphaMax && hi < 1e6) {
            lo = hi;
            hi = Math.min(2 * hi, alphaMax);
        }
        if (directional(d, hi, trial) < 0) {
            lo = hi;
        }
        for (int k = 0; k < 200 && hi - lo > 1e-15 * hi; k++) {
            double mid = 0.5 * (lo + hi);
            if (directional(d, mid, trial) > 0) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        double alpha = lo > 0 ? lo : hi;
        directional(d, alpha, trial);
        // Near the optimum the decrease drowns in rounding; a smaller gradient is then progress.
        return value < current || (value <= current + 1e-13 * Math.abs(current) && gradNorm() < startGradNorm);
    }

    /** {@code φ'(α)}; leaves {@code x + α d} in {@code trial} and its value in {@code value}. */
    private double directional(double[] d, double alpha, double[] trial) {
        for (int j = 0; j < n; j++) {
            trial[j] = x[j] + alpha * d[j];
        }
        trial[g.out] = 1.0;
        evaluate(trial, false);
        double s = 0;
        for (int j = 0; j < n; j++) {
            s += grad[j] * d[j];
        }
        return s;
    }

    /**
     * The Newton model is blind along one kind of direction: a group of tokens tied together by
     * trading pools but not (through trading pools) to the output token can have all its prices
     * scaled together at no curvature, until a pool on its border starts to trade. For each such
     * group, scale its prices by the factor minimising {@code g} along that line (a convex
     * function of the factor: bisection on its derivative). Returns whether anything moved.
     */
    private boolean rescaleDetachedGroups() {
        boolean any = false;
        // Rescaling one group can tie it to another (a border pool starts trading): regroup and repeat.
        for (int round = 0; round < n; round++) {
            if (!rescaleOnce()) {
                break;
            }
            any = true;
        }
        evaluate(x, true);
        return any;
    }

    private boolean rescaleOnce() {
        int[] group = groups();
        int groups = Arrays.stream(group).max().orElse(-1) + 1;
        boolean moved = false;
        double[] scaled = new double[n];
        for (int c = 0; c < groups; c++) {
            if (c == group[g.out]) {
                continue;
            }
            evaluate(x, false);
            double before = value;
            boolean[] member = new boolean[n];
            double slopeAtOne = 0;
            for (int j = 0; j < n; j++) {
                member[j] = group[j] == c;
                if (member[j]) {
                    slopeAtOne += grad[j] * x[j];
                }
            }
            if (Math.abs(slopeAtOne) <= 1e-15 * valueIn) {
                continue;
            }
            // Bracket the minimiser of φ(t) = g(x with the group scaled by t), then bisect on φ'.
            double lo = 1;
            double hi = 1;
            if (slopeAtOne > 0) {
                do {
                    lo /= 2;
                } while (lo > 1e-12 && slope(member, lo, scaled) > 0);
            } else {
                do {
                    hi *= 2;
                } while (hi < 1e12 && slope(member, hi, scaled) < 0);
            }
            for (int k = 0; k < 100 && hi - lo > 1e-16 * hi; k++) {
                double mid = 0.5 * (lo + hi);
                if (slope(member, mid, scaled) > 0) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            double t = 0.5 * (lo + hi);
            slope(member, t, scaled);
            if (value < before) {
                System.arraycopy(scaled, 0, x, 0, n);
                moved = true;
            }
        }
        return moved;
    }

    /** Groups of tokens tied together by trading pools: each token's group number. */
    private int[] groups() {
        int[] group = new int[n];
        Arrays.fill(group, -1);
        int groups = 0;
        for (int start = 0; start < n; start++) {
            if (group[start] >= 0) {
                continue;
            }
            var stack = new ArrayDeque<Integer>();
            stack.push(start);
            group[start] = groups;
            while (!stack.isEmpty()) {
                int t = stack.pop();
                for (int i = 0; i < g.poolCount(); i++) {
                    int other = g.a[i] == t ? g.b[i] : g.b[i] == t ? g.a[i] : -1;
                    if (other >= 0 && group[other] < 0 && trading(x, i)) {
                        group[other] = groups;
                        stack.push(other);
                    }
                }
            }
            groups++;
        }
        return group;
    }

    /**
     * Removes from {@code d} the part that scales a group not tied to the output token: the
     * Newton model has no curvature there (the rescaling takes care of it), and that part would
     * otherwise swamp the step.
     */
    private void withoutGroupScaling(double[] d) {
        int[] group = groups();
        int groups = Arrays.stream(group).max().orElse(-1) + 1;
        for (int c = 0; c < groups; c++) {
            if (c == group[g.out]) {
                continue;
            }
            double dv = 0;
            double vv = 0;
            for (int j = 0; j < n; j++) {
                if (group[j] == c) {
                    dv += d[j] * x[j];
                    vv += x[j] * x[j];
                }
            }
            for (int j = 0; j < n; j++) {
                if (group[j] == c) {
                    d[j] -= dv / vv * x[j];
                }
            }
        }
    }

    /** {@code φ'(t)} for the group scaling; leaves the scaled point in {@code scaled} and its value in {@code value}. */
    private double slope(boolean[] member, double t, double[] scaled) {
        for (int j = 0; j < n; j++) {
            scaled[j] = member[j] ? x[j] * t : x[j];
        }
        evaluate(scaled, false);
        double s = 0;
        for (int j = 0; j < n; j++) {
            if (member[j]) {
                s += grad[j] * x[j];
            }
        }
        return s;
    }

    /** Whether pool {@code i} trades at scaled prices {@code at}. */
    private boolean trading(double[] at, int i) {
        double a = at[g.a[i]] * depthA[i];
        double b = at[g.b[i]] * depthB[i];
        return CpmmGraph.FEE_D * b > a || CpmmGraph.FEE_D * a > b;
    }

    private double gradNorm() {
        double m = 0;
        for (int j = 0; j < n; j++) {
            if (j != g.out) {
                m = Math.max(m, Math.abs(grad[j]));
            }
        }
        return m;
    }

    /**
     * Solves {@code (H + λ) d = -∇g} over every price but the output token's; {@code λ} is a tiny
     * multiple of the diagonal and of the depth of the token's pools, so that a token whose
     * pools are all idle gets a finite step.
     */
    private void direction(double[] d) {
        int m = n - 1;
        int[] var = new int[m];
        for (int j = 0, k = 0; j < n; j++) {
            if (j != g.out) {
                var[k++] = j;
            }
        }
        double[][] a = new double[m][m + 1];
        for (int r = 0; r < m; r++) {
            int jr = var[r];
            double scale = 0;
            for (int c = 0; c < m; c++) {
                a[r][c] = hess[jr][var[c]];
            }
            for (int i = 0; i < g.poolCount(); i++) {
                if (g.a[i] == jr) {
                    scale += depthA[i];
                } else if (g.b[i] == jr) {
                    scale += depthB[i];
                }
            }
            a[r][r] += 1e-12 * a[r][r] + 1e-14 * (scale + valueIn);
            a[r][m] = -grad[jr];
        }
        double[] sol = gauss(a, m);
        Arrays.fill(d, 0);
        for (int r = 0; r < m; r++) {
            d[var[r]] = sol[r];
        }
    }

    private static double[] gauss(double[][] a, int m) {
        for (int c = 0; c < m; c++) {
            int p = c;
            for (int r = c + 1; r < m; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[p][c])) {
                    p = r;
                }
            }
            double[] t = a[c];
            a[c] = a[p];
            a[p] = t;
            double pivot = a[c][c];
            if (pivot == 0) {
                continue;
            }
            for (int r = c + 1; r < m; r++) {
                double f = a[r][c] / pivot;
                if (f != 0) {
                    for (int k = c; k <= m; k++) {
                        a[r][k] -= f * a[c][k];
                    }
                }
            }
        }
        double[] s = new double[m];
        for (int r = m - 1; r >= 0; r--) {
            double v = a[r][m];
            for (int k = r + 1; k < m; k++) {
                v -= a[r][k] * s[k];
            }
            s[r] = a[r][r] == 0 ? 0 : v / a[r][r];
        }
        return s;
    }

    /** Value, gradient and (if asked) Hessian of the scaled dual at {@code at}. */
    private void evaluate(double[] at, boolean withHessian) {
        Arrays.fill(grad, 0);
        if (withHessian) {
            for (double[] row : hess) {
                Arrays.fill(row, 0);
            }
        }
        double v = at[g.in] * valueIn;
        grad[g.in] += valueIn;
        for (int i = 0; i < g.poolCount(); i++) {
            v += side(at, g.a[i], depthA[i], g.b[i], depthB[i], withHessian);
            v += side(at, g.b[i], depthB[i], g.a[i], depthA[i], withHessian);
        }
        value = v;
    }

    /** One direction of one pool: sell token {@code s} (scaled depth {@code S}) for {@code t} (depth {@code T}). */
    private double side(double[] at, int s, double depthS, int t, double depthT, boolean withHessian) {
        double sGamma = depthS / CpmmGraph.FEE_D;
        double u = Math.sqrt(at[t] * depthT);
        double w = Math.sqrt(at[s] * sGamma);
        if (!(u > w) || w == 0) {
            return 0;
        }
        double diff = u - w;
        grad[t] += depthT * diff / u;
        grad[s] -= sGamma * diff / w;
        if (withHessian) {
            hess[t][t] += depthT * depthT * w / (2 * u * u * u);
            hess[s][s] += sGamma * sGamma * u / (2 * w * w * w);
            double cross = -depthT * sGamma / (2 * u * w);
            hess[s][t] += cross;
            hess[t][s] += cross;
        }
        return diff * diff;
    }
}
