package io.metaroute.solver.routing;

import io.metaroute.core.chain.Address;
import io.metaroute.core.pool.PoolState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * Mid-market exchange rates between tokens of one rollup, read off pool reserves along the
 * deepest pools: used to price gas and message fees, never to price a trade.
 */
final class MidPrice {
    private MidPrice() {
    }

    /** Base units of {@code to} one base unit of {@code from} is worth, or empty when no pools connect them. */
    static Optional<Double> rate(List<PoolState> pools, Address from, Address to) {
        if (from.equals(to)) {
            return Optional.of(1.0);
        }
        Map<Address, List<PoolState>> byToken = new HashMap<>();
        for (PoolState p : pools) {
            if (p.reserve0().signum() > 0 && p.reserve1().signum() > 0) {
                byToken.computeIfAbsent(p.token0(), k -> new ArrayList<>()).add(p);
                byToken.computeIfAbsent(p.token1(), k -> new ArrayList<>()).add(p);
            }
        }
        // value[t] = worth of one unit of t in units of `to`; spread out from `to` over the deepest pools first.
        Map<Address, Double> value = new HashMap<>();
        record Entry(double depth, PoolState pool, Address known) {
        }
        var queue = new PriorityQueue<Entry>((a, b) -> Double.compare(b.depth(), a.depth()));
        value.put(to, 1.0);
        byToken.getOrDefault(to, List.of()).forEach(p -> queue.add(new Entry(p.reserveOf(to).doubleValue(), p, to)));
        while (!queue.isEmpty()) {
            Entry e = queue.poll();
            Address next = e.pool().other(e.known());
            if (value.containsKey(next)) {
                continue;
            }
            double v = value.get(e.known()) * e.pool().reserveOf(e.known()).doubleValue()
                    / e.pool().reserveOf(next).doubleValue();
            value.put(next, v);
            if (next.equals(from)) {
                return Optional.of(v);
            }
            for (PoolState p : byToken.getOrDefault(next, List.of())) {
                queue.add(new Entry(v * p.reserveOf(next).doubleValue(), p, next));
            }
        }
        return Optional.empty();
    }
}
