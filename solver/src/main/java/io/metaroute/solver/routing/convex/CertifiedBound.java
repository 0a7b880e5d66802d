package io.metaroute.solver.routing.convex;

/**
 * The dual value at given prices as a bound to publish: the value plus what rounding may have
 * taken off it, each pool's {@link PoolCurve#arbitrageError} and the error of the sum.
 */
final class CertifiedBound {
    private CertifiedBound() {
    }

    /** The certified bound at log prices {@code u}; never below {@code value}, the dual value evaluated there. */
    static double at(PoolGraph g, double x, double[] u, double value) {
        int n = g.tokens.length;
        double[] nu = new double[n];
        for (int j = 0; j < n; j++) {
            nu[j] = j == g.sink ? 1.0 : Math.exp(u[j]);
        }
        double sum = nu[g.source] * x;
        double error = 0;
        double magnitude = Math.abs(sum);
        PoolCurve.Trade t = new PoolCurve.Trade();
        for (int i = 0; i < g.curves.length; i++) {
            double p0 = nu[g.t0[i]];
            double p1 = nu[g.t1[i]];
            double v = g.curves[i].arbitrage(p0, p1, t);
            sum += v;
            magnitude += Math.abs(v);
            error += g.curves[i].arbitrageError(p0, p1, v);
        }
        // Each addition rounds by at most an ulp of the running magnitude.
        error += (g.curves.length + 2) * Math.ulp(1.0) * magnitude;
        return Math.max(sum, value) + error;
    }
}
