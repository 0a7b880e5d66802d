package io.metaroute.solver.batch.planning;

import io.metaroute.solver.routing.convex.ConstantProductCurve;
import java.util.Arrays;
import java.util.BitSet;
import java.util.function.IntConsumer;

/**
 * What each intent of a batch receives when the chosen programs run one after another in
 * execution order over shared pools: position {@code j} trades on each pool as the last earlier
 * position trading on it left that pool. Kept incrementally for the planner, in floating point.
 *
 * <p>For every pool it keeps the set of positions that trade on it, and the reserves each of those
 * positions leaves behind in it. When the program at position {@code i} changes, only what can
 * have moved is recomputed: the positions after {@code i} that trade on a pool the old or new
 * program touches, then, transitively, those trading on any pool such a recomputed position
 * touches. Positions trading only on untouched pools keep their results. Exact amounts are
 * recomputed in integers once the planner is done.
 */
final class ImpactLedger {
    private final PoolTable table;
    private final Program[] applied;
    /** Per pool, per position: the reserves that position leaves behind (valid where it trades on the pool). */
    private final double[][] after0;
    private final double[][] after1;
    private final double[] delivered;
    private final double[] drawn;
    private final BitSet[] traders;
    private final BitSet pending;
    private final int[] dirty;
    /** During one pass, per pool: the last position recomputed on it (valid when {@code lastStamp} is this pass's stamp). */
    private final int[] last;
    private final int[] lastStamp;
    private int stamp;
    private double[] held = new double[8];
    private double[] r0 = new double[8];
    private double[] r1 = new double[8];

    ImpactLedger(PoolTable table, int positions) {
        this.table = table;
        applied = new Program[positions];
        after0 = new double[table.size()][positions];
        after1 = new double[table.size()][positions];
        delivered = new double[positions];
        drawn = new double[positions];
        traders = new BitSet[table.size()];
        for (int p = 0; p < traders.length; p++) {
            traders[p] = new BitSet(positions);
        }
        pending = new BitSet(positions);
        dirty = new int[table.size()];
        last = new int[table.size()];
        lastStamp = new int[table.size()];
    }

    int positions() {
        return applied.length;
    }

    double delivered(int position) {
        return delivered[position];
    }

    double drawn(int position) {
        return drawn[position];
    }

    /** Puts {@code program} (null: none yet) at {@code position} without recomputing; follow with {@link #recomputeAll}. */
    void load(int position, Program program) {
        unregister(position);
        register(position, program);
    }

    /** Recomputes every position in order, reporting each to {@code recomputed}. */
    void recomputeAll(IntConsumer recomputed) {
        stamp++;
        for (int j = 0; j < applied.length; j++) {
            recompute(j);
            recomputed.accept(j);
        }
    }

    /**
     * Puts {@code program} (null: none yet) at {@code position} and recomputes every position whose
     * result can have changed, reporting each (the position itself included) to {@code recomputed}.
     */
    void assign(int position, Program program, IntConsumer recomputed) {
        Program old = applied[position];
        if (old == program) {
            return;
        }
        stamp++;
        pending.clear();
        if (old != null) {
            markDirty(old.pools);
        }
        unregister(position);
        register(position, program);
        if (program != null) {
            markDirty(program.pools);
        }
        recompute(position);
        recomputed.accept(position);
        for (int j = pending.nextSetBit(position + 1); j >= 0; j = pending.nextSetBit(j + 1)) {
            recompute(j);
            recomputed.accept(j);
            markDirty(applied[j].pools);
        }
    }

    private void markDirty(int[] pools) {
        for (int p : pools) {
            if (dirty[p] != stamp) {
                dirty[p] = stamp;
                pending.or(traders[p]);
            }
        }
    }

    private void unregister(int position) {
        Program old = applied[position];
        if (old != null) {
            for (int p : old.pools) {
                traders[p].clear(position);
            }
        }
        applied[position] = null;
    }

    private void register(int position, Program program) {
        applied[position] = program;
        if (program == null) {
            return;
        }
        for (int p : program.pools) {
            traders[p].set(position);
        }
    }

    private void recompute(int j) {
        Program p = applied[j];
        if (p == null || p.steps() == 0) {
            delivered[j] = 0.0;
            drawn[j] = 0.0;
            return;
        }
        int n = p.pools.length;
        if (r0.length < n) {
            r0 = new double[n];
            r1 = new double[n];
        }
        if (held.length < p.slots) {
            held = new double[p.slots];
        }
        for (int k = 0; k < n; k++) {
            int pool = p.pools[k];
            // Within a pass positions run in order, and once a pool has been recomputed at some
            // position, every later trader on it is recomputed too: so the last one seen is the
            // one just before. Otherwise nothing before has moved, and the bit set knows.
            int before = lastStamp[pool] == stamp ? last[pool] : j == 0 ? -1 : traders[pool].previousSetBit(j - 1);
            if (before < 0) {
                r0[k] = table.reserve0(pool);
                r1[k] = table.reserve1(pool);
            } else {
                r0[k] = after0[pool][before];
                r1[k] = after1[pool][before];
            }
        }
        Arrays.fill(held, 0, p.slots, 0.0);
        held[0] = p.amountIn;
        double moved = 0.0;
        for (int s = 0; s < p.steps(); s++) {
            int from = p.in[s];
            int to = p.out[s];
            double have = held[from];
            if (p.carry[s]) {
                double arrives = Math.max(0.0, have - p.fee[s]);
                held[from] = 0.0;
                held[to] += arrives;
                moved += arrives;
                continue;
            }
            double sold = p.share[s] == 1.0 ? have : have * p.share[s];
            if (p.rate[s] > 0) {
                held[from] = have - sold;
                held[to] += sold * p.rate[s];
                continue;
            }
            int k = p.local[s];
            double bought;
            if (p.sellsToken0[s]) {
                bought = amountOut(sold, r0[k], r1[k]);
                r0[k] += sold;
                r1[k] -= bought;
            } else {
                bought = amountOut(sold, r1[k], r0[k]);
                r1[k] += sold;
                r0[k] -= bought;
            }
            held[from] = have - sold;
            held[to] += bought;
        }
        for (int k = 0; k < n; k++) {
            int pool = p.pools[k];
            after0[pool][j] = r0[k];
            after1[pool][j] = r1[k];
            last[pool] = j;
            lastStamp[pool] = stamp;
        }
        delivered[j] = held[p.outSlot];
        drawn[j] = moved;
    }

    /**
     * What selling {@code in} into a Uniswap V2 pool with these reserves pays, as the router's
     * {@link ConstantProductCurve} computes it: the planner estimates in doubles, like the router,
     * and the chosen fills are recomputed in exact integers ({@code RouteReplay}) once it is done.
     * Nothing is paid for no input or by an empty pool.
     */
    static double amountOut(double in, double reserveIn, double reserveOut) {
        if (!(in > 0.0) || !(reserveIn > 0.0) || !(reserveOut > 0.0)) {
            return 0.0;
        }
        return ConstantProductCurve.v2(reserveIn, reserveOut).out(0, in);
    }
}
