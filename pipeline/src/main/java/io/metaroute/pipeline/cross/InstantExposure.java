package io.metaroute.pipeline.cross;

import io.metaroute.core.cross.CrossOrder;
import io.metaroute.core.network.FinalityState;
import io.metaroute.solver.routing.Inventory;
import java.math.BigInteger;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The risk the solver takes on INSTANT orders: it fills them once the open is seen at the head, so
 * until the order is released a reorganisation of the origin could take the escrow it will be
 * repaid from. The exposure per (origin, input token) is the input of every INSTANT order filling,
 * filled or releasing; a configured limit bounds it. An INSTANT order that would pass the limit is
 * not refused: it waits, as a FINALIZED one does, until its open is final, when it carries no risk.
 */
public final class InstantExposure {
    private static final Set<CrossStatus> AT_RISK = EnumSet.of(CrossStatus.FILLING, CrossStatus.FILLED, CrossStatus.RELEASING);

    private final Map<Inventory.Key, BigInteger> limits;
    private final Map<Inventory.Key, BigInteger> now = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong deferred = new java.util.concurrent.atomic.AtomicLong();

    /** {@code limits}: per (origin chain, input token); a pair without one is not bounded. */
    public InstantExposure(Map<Inventory.Key, BigInteger> limits) {
        this.limits = Map.copyOf(limits);
    }

    public Map<Inventory.Key, BigInteger> limits() {
        return limits;
    }

    /** The exposure as the last pass counted it, with what it has let fill since. */
    public Map<Inventory.Key, BigInteger> current() {
        return Map.copyOf(now);
    }

    /** How many times an INSTANT order was made to wait for finality by the limit. */
    public long deferred() {
        return deferred.get();
    }

    /** Counts the exposure afresh from every unfinished order, at the start of a pass. */
    void count(List<CrossRow> unfinished) {
        var counted = new java.util.HashMap<Inventory.Key, BigInteger>();
        for (CrossRow r : unfinished) {
            if (r.order().finality() == FinalityState.INSTANT && AT_RISK.contains(r.status())) {
                counted.merge(key(r.order()), r.order().amountIn(), BigInteger::add);
            }
        }
        now.keySet().retainAll(counted.keySet());
        now.putAll(counted);
        limits.keySet().forEach(k -> now.putIfAbsent(k, BigInteger.ZERO));
    }

    /**
     * Whether {@code o} may be filled before its open is final; if so its input is counted at once, so that orders
     * filled side by side in one pass cannot pass the limit together.
     */
    boolean admit(CrossOrder o) {
        Inventory.Key k = key(o);
        BigInteger limit = limits.get(k);
        if (limit == null) {
            return true;
        }
        boolean[] admitted = {false};
        now.compute(k, (key, v) -> {
            BigInteger at = v == null ? BigInteger.ZERO : v;
            if (at.add(o.amountIn()).compareTo(limit) <= 0) {
                admitted[0] = true;
                return at.add(o.amountIn());
            }
            return at;
        });
        if (!admitted[0]) {
            deferred.incrementAndGet();
        }
        return admitted[0];
    }

    private static Inventory.Key key(CrossOrder o) {
        return new Inventory.Key(o.originChainId(), o.tokenIn());
    }
}
