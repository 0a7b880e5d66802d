package io.metaroute.solver.batch;

import io.metaroute.core.route.CrossRollupRoute;
import io.metaroute.core.route.Plan;
import io.metaroute.solver.routing.Costs;
import java.math.BigInteger;

/**
 * The one unit the batch planner and its one-by-one baseline compare fills in: parts per million
 * (ppm) of the intent's signed minimum.
 *
 * <p>A user's surplus is {@code delivered - minimum}; dividing by the minimum makes surpluses of
 * intents in different tokens (6 or 18 decimals, cheap or dear) comparable without a price
 * oracle, and weighs every user's relative improvement alike: 0.3% better for a small trade counts
 * as much as 0.3% better for a large one. Costs are put in the same unit: gas, already priced in
 * the output token by the cost model, and the cross-rollup message fee, valued in the output
 * token at the rate the destination leg pays. The message fee is also what makes a cross-rollup
 * fill deliver less, so it lowers the surplus too; charging it again on purpose makes the planner
 * prefer a same-rollup fill or fewer messages when user surpluses are close, since every message
 * is a fee someone pays and a settlement that can be late.
 *
 * <p>Amounts can be as large as 2^256, so nothing here multiplies raw amounts in a {@code long}: a
 * ratio is taken first, then capped at {@link #MAX_PPM} (a million times the minimum) so that a
 * dust minimum cannot dominate a batch and sums over thousands of intents stay far from overflow.
 */
public final class Objective {
    public static final long PPM = 1_000_000L;
    public static final long MAX_PPM = 1_000_000_000_000L;
    private static final BigInteger PPM_BIG = BigInteger.valueOf(PPM);
    private static final BigInteger MAX_PPM_BIG = BigInteger.valueOf(MAX_PPM);

    private Objective() {
    }

    /** Surplus above the minimum in ppm of it, rounded down; 0 when the minimum is not met. */
    public static long surplusPpm(BigInteger delivered, BigInteger minimum) {
        if (delivered.compareTo(minimum) <= 0) {
            return 0;
        }
        return delivered.subtract(minimum).multiply(PPM_BIG).divide(minimum).min(MAX_PPM_BIG).longValueExact();
    }

    /** As {@link #surplusPpm(BigInteger, BigInteger)} for the planner's floating estimate. */
    public static long surplusPpm(double delivered, double minimum) {
        if (!(delivered > minimum)) {
            return 0;
        }
        return (long) Math.min(MAX_PPM, Math.floor((delivered - minimum) * PPM / minimum));
    }

    /** How far below the minimum the output falls, in ppm of it: at least 1 when it falls short at all, at most 1,000,000. */
    public static long shortfallPpm(double delivered, double minimum) {
        if (!(delivered < minimum)) {
            return 0;
        }
        double ppm = Math.ceil((minimum - Math.max(0.0, delivered)) * PPM / minimum);
        return (long) Math.max(1, Math.min(PPM, ppm));
    }

    /** Gas and message fee of a plan, in ppm of the minimum, rounded up. */
    public static long costPpm(Plan plan, Costs costs, BigInteger minimum) {
        BigInteger cost = costs.gasInTokenOut().add(messageFeeInTokenOut(plan));
        if (cost.signum() <= 0) {
            return 0;
        }
        BigInteger[] qr = cost.multiply(PPM_BIG).divideAndRemainder(minimum);
        BigInteger ppm = qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
        return ppm.min(MAX_PPM_BIG).longValueExact();
    }

    /** The transfer fee of a cross-rollup plan, valued at the destination leg's average rate (zero on one rollup). */
    public static BigInteger messageFeeInTokenOut(Plan plan) {
        if (!(plan instanceof CrossRollupRoute cross) || cross.transfer().fee().signum() == 0) {
            return BigInteger.ZERO;
        }
        BigInteger arrived = cross.transfer().amountOut();
        if (arrived.signum() == 0) {
            return cross.amountOut().max(BigInteger.ONE);
        }
        return cross.transfer().fee().multiply(cross.amountOut()).divide(arrived);
    }

    /** How much of the demand on one inventory exceeds what is there, in ppm of the demand: at least 1 when it does at all. */
    public static long overdrawPpm(double drawn, double available) {
        if (!(drawn > available)) {
            return 0;
        }
        double ppm = Math.ceil((drawn - Math.max(0.0, available)) * PPM / drawn);
        return (long) Math.max(1, Math.min(PPM, ppm));
    }

    /** Seconds past the deadline, at most a day's worth (beyond that a plan is simply late). */
    public static long secondsLate(long completesAtEpochSecond, long deadlineEpochSecond) {
        return Math.max(0, Math.min(86_400, completesAtEpochSecond - deadlineEpochSecond));
    }
}
