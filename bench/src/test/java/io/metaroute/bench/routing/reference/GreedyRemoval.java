package io.metaroute.bench.routing.reference;

import io.metaroute.core.chain.Address;
import io.metaroute.core.pool.PoolState;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The obvious answer to a leg limit, computed apart from the router: keep the pools the unlimited
 * optimum trades through, and drop one pool at a time, each time the one whose removal costs least
 * once the rest is re-optimised (by {@link DualReference} on the pools left). Reports the best value
 * met at every leg count, so a caller can price the legs (gas) and apply its own limit.
 */
public final class GreedyRemoval {
    private GreedyRemoval() {
    }

    /** A leg set met on the way down: its pools and the reference's feasible output on them. */
    public record Step(List<PoolState> pools, BigDecimal output, int active) {
    }

    /** The sequence from the optimum's pools down to one pool. */
    public static List<Step> run(List<PoolState> pools, Address tokenIn, Address tokenOut, BigInteger amountIn) {
        List<PoolState> kept = new ArrayList<>(DualReference.activePools(pools, tokenIn, tokenOut, amountIn));
        var steps = new ArrayList<Step>();
        if (kept.isEmpty()) {
            return steps;
        }
        Bounds all = DualReference.solve(kept, tokenIn, tokenOut, amountIn);
        steps.add(new Step(List.copyOf(kept), all.lower(), all.activePools()));
        while (kept.size() > 1) {
            int drop = -1;
            Bounds bestLeft = null;
            for (int k = 0; k < kept.size(); k++) {
                var rest = new ArrayList<>(kept);
                rest.remove(k);
                Bounds left = DualReference.solve(rest, tokenIn, tokenOut, amountIn);
                if (bestLeft == null || left.lower().compareTo(bestLeft.lower()) > 0) {
                    bestLeft = left;
                    drop = k;
                }
            }
            kept.remove(drop);
            steps.add(new Step(List.copyOf(kept), bestLeft.lower(), bestLeft.activePools()));
        }
        return steps;
    }

    /** The best net value over the steps of at most {@code maxLegs} pools, each less {@code legCost} of its size; null when none fits. */
    public static BigDecimal bestNet(List<Step> steps, int maxLegs, IntFunction<BigInteger> legCost) {
        BigDecimal best = null;
        for (Step s : steps) {
            if (s.active() <= maxLegs && s.active() > 0) {
                BigDecimal net = s.output().subtract(new BigDecimal(legCost.apply(s.active())));
                best = best == null ? net : best.max(net);
            }
        }
        return best;
    }
}
