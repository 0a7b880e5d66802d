package io.metaroute.solver.batch.planning;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.pool.PoolKey;
import io.metaroute.core.route.CrossRollupRoute;
import io.metaroute.core.route.Leg;
import io.metaroute.core.route.Plan;
import io.metaroute.core.route.Route;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A plan compiled for the planner: a flat list of steps over numbered token slots ("slot 0 holds
 * the input"), so that the {@link ImpactLedger} can rerun it in floating point without maps or
 * allocation. A swap step sells {@code share} of what a slot holds through a numbered pool; a
 * carry step moves everything a slot holds across rollups, less the message fee; a quote step sells
 * {@code share} of what a slot holds to a market maker at the quote's fixed {@code rate} (the route
 * stays within the quote's amount; two fills taking one quote are the exact settlement's to refuse).
 */
final class Program {
    static final Program NOTHING = new Program(0.0, 1, 0, new boolean[0], new int[0], new int[0], new boolean[0],
            new double[0], new double[0], new double[0], new int[0], new int[0], new int[0]);

    final double amountIn;
    final int slots;
    final int outSlot;
    final boolean[] carry;
    /** Per step: the table's pool number (swap steps). */
    final int[] pool;
    /** Per step: the position of its pool in {@link #pools} (swap steps). */
    final int[] local;
    final boolean[] sellsToken0;
    final double[] share;
    final double[] fee;
    /** Per step: a quote step's price (output per unit sold), 0 for the others. */
    final double[] rate;
    final int[] in;
    final int[] out;
    /** The distinct pools the program trades on, in order of first use. */
    final int[] pools;

    private Program(double amountIn, int slots, int outSlot, boolean[] carry, int[] pool, int[] local,
                    boolean[] sellsToken0, double[] share, double[] fee, double[] rate, int[] in, int[] out, int[] pools) {
        this.amountIn = amountIn;
        this.slots = slots;
        this.outSlot = outSlot;
        this.carry = carry;
        this.pool = pool;
        this.local = local;
        this.sellsToken0 = sellsToken0;
        this.share = share;
        this.fee = fee;
        this.rate = rate;
        this.in = in;
        this.out = out;
        this.pools = pools;
    }

    int steps() {
        return carry.length;
    }

    /** Compiles {@code plan}; null when it trades on a pool the table does not hold. */
    static Program compile(Plan plan, PoolTable table) {
        var b = new Builder(table);
        b.slot(plan.originChain(), plan.tokenIn());
        switch (plan) {
            case Route route -> {
                b.quotes(route);
                if (!b.legs(route.chain(), route.legs())) {
                    return null;
                }
            }
            case CrossRollupRoute cross -> {
                if (cross.origin().isPresent() && !b.legs(cross.originChain(), cross.origin().get().legs())) {
                    return null;
                }
                var t = cross.transfer();
                b.carry(b.slot(t.fromChain(), t.tokenFrom()), b.slot(t.toChain(), t.tokenTo()), t.fee().doubleValue());
                if (cross.destination().isPresent() && !b.legs(cross.destinationChain(), cross.destination().get().legs())) {
                    return null;
                }
            }
        }
        return b.build(plan.amountIn().doubleValue(), b.slot(plan.destinationChain(), plan.tokenOut()));
    }

    private static final class Builder {
        private record TokenOn(ChainId chain, Address token) {
        }

        private record Step(boolean carry, int pool, int local, boolean sells0, double share, double fee, double rate, int in,
                            int out) {
        }

        private final PoolTable table;
        private final Map<TokenOn, Integer> slots = new HashMap<>();
        private final List<Step> steps = new ArrayList<>();
        private final List<Integer> pools = new ArrayList<>();
        private final Map<Address, io.metaroute.core.rfq.MakerQuote> quotes = new HashMap<>();

        Builder(PoolTable table) {
            this.table = table;
        }

        void quotes(Route route) {
            route.quotes().forEach(q -> quotes.put(q.venue(), q.quote()));
        }

        int slot(ChainId chain, Address token) {
            return slots.computeIfAbsent(new TokenOn(chain, token), k -> slots.size());
        }

        boolean legs(ChainId chain, List<Leg> legs) {
            for (Leg leg : legs) {
                double share = leg.share() == Leg.ALL ? 1.0 : leg.share() / (double) Leg.ALL;
                var quote = quotes.get(leg.pool());
                if (quote != null) {
                    steps.add(new Step(false, -1, -1, false, share, 0.0, quote.price(), slot(chain, leg.tokenIn()),
                            slot(chain, leg.tokenOut())));
                    continue;
                }
                int p = table.indexOf(new PoolKey(chain, leg.pool()));
                if (p < 0) {
                    return false;
                }
                if (!pools.contains(p)) {
                    pools.add(p);
                }
                boolean sells0 = table.token0(p).equals(leg.tokenIn());
                steps.add(new Step(false, p, pools.indexOf(p), sells0, share, 0.0, 0.0, slot(chain, leg.tokenIn()),
                        slot(chain, leg.tokenOut())));
            }
            return true;
        }

        void carry(int from, int to, double fee) {
            steps.add(new Step(true, -1, -1, false, 1.0, fee, 0.0, from, to));
        }

        Program build(double amountIn, int outSlot) {
            int n = steps.size();
            var carry = new boolean[n];
            var pool = new int[n];
            var local = new int[n];
            var sells0 = new boolean[n];
            var share = new double[n];
            var fee = new double[n];
            var rate = new double[n];
            var in = new int[n];
            var out = new int[n];
            for (int i = 0; i < n; i++) {
                Step s = steps.get(i);
                carry[i] = s.carry();
                pool[i] = s.pool();
                local[i] = s.local();
                sells0[i] = s.sells0();
                share[i] = s.share();
                fee[i] = s.fee();
                rate[i] = s.rate();
                in[i] = s.in();
                out[i] = s.out();
            }
            return new Program(amountIn, slots.size(), outSlot, carry, pool, local, sells0, share, fee, rate, in, out,
                    pools.stream().mapToInt(Integer::intValue).toArray());
        }
    }
}
