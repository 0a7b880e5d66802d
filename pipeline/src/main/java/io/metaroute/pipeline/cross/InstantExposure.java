package io.metaroute.pipeline.cross;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.cross.CrossOrder;
import io.metaroute.core.network.FinalityState;
import io.metaroute.solver.routing.Inventory;
import java.math.BigInteger;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The risk the solver takes on INSTANT orders: it fills them once the open is seen at the head, so
 * until the order is released a reorganisation of the origin could take the escrow it will be
 * repaid from. The exposure is the input of every INSTANT order filling, filled or releasing, bounded
 * two ways, each optional: per (origin, input token) in the token's base units, and per origin over
 * all its tokens together, valued in the origin's native coin (wei) by a {@link Valuation}. An order
 * whose input cannot be valued, or an origin holding one, counts as past the total limit. An INSTANT
 * order that would pass a limit is not refused: it waits, as a FINALIZED one does, until its open is
 * final, when it carries no risk.
 */
public final class InstantExposure {
    private static final Set<CrossStatus> AT_RISK = EnumSet.of(CrossStatus.FILLING, CrossStatus.FILLED, CrossStatus.RELEASING);

    /** What an amount of a token on a rollup is worth in that rollup's native coin, in wei; empty when unknown. */
    @FunctionalInterface
    public interface Valuation {
        Optional<BigInteger> nativeWei(ChainId chain, Address token, BigInteger amount);

        Valuation NONE = (chain, token, amount) -> Optional.empty();
    }

    private final Map<Inventory.Key, BigInteger> limits;
    private final Map<ChainId, BigInteger> totalLimits;
    private final Valuation valuation;
    private final Map<Inventory.Key, BigInteger> now = new HashMap<>();
    /** Per origin with a total limit: the valued exposure, or null while some of it cannot be valued. */
    private final Map<ChainId, BigInteger> totals = new HashMap<>();
    private final AtomicLong deferred = new AtomicLong();

    /** {@code limits}: per (origin chain, input token); a pair without one is not bounded. */
    public InstantExposure(Map<Inventory.Key, BigInteger> limits) {
        this(limits, Map.of(), Valuation.NONE);
    }

    /**
     * As above, and {@code totalLimits}: per origin chain, the most wei of its native coin the INSTANT orders at risk
     * there may be worth together, as {@code valuation} prices them; an origin without one is not bounded in total.
     */
    public InstantExposure(Map<Inventory.Key, BigInteger> limits, Map<ChainId, BigInteger> totalLimits, Valuation valuation) {
        this.limits = Map.copyOf(limits);
        this.totalLimits = Map.copyOf(totalLimits);
        this.valuation = java.util.Objects.requireNonNull(valuation, "valuation");
        this.limits.keySet().forEach(k -> now.put(k, BigInteger.ZERO));
        this.totalLimits.keySet().forEach(c -> totals.put(c, BigInteger.ZERO));
    }

    public Map<Inventory.Key, BigInteger> limits() {
        return limits;
    }

    public Map<ChainId, BigInteger> totalLimits() {
        return totalLimits;
    }

    /** The exposure per origin and token as the last pass counted it, with what it has let fill since. */
    public synchronized Map<Inventory.Key, BigInteger> current() {
        return Map.copyOf(now);
    }

    /** The valued exposure of {@code origin} in wei of its native coin; empty when it has no total limit or part of it cannot be valued. */
    public synchronized Optional<BigInteger> currentTotal(ChainId origin) {
        return Optional.ofNullable(totals.get(origin));
    }

    /** How many times an INSTANT order was made to wait for finality by a limit. */
    public long deferred() {
        return deferred.get();
    }

    /** Counts the exposure afresh from every unfinished order, at the start of a pass; totals are valued at today's prices. */
    synchronized void count(List<CrossRow> unfinished) {
        var counted = new HashMap<Inventory.Key, BigInteger>();
        var valued = new HashMap<ChainId, BigInteger>();
        var unvalued = new java.util.HashSet<ChainId>();
        totalLimits.keySet().forEach(c -> valued.put(c, BigInteger.ZERO));
        for (CrossRow r : unfinished) {
            CrossOrder o = r.order();
            if (o.finality() != FinalityState.INSTANT || !AT_RISK.contains(r.status())) {
                continue;
            }
            counted.merge(key(o), o.amountIn(), BigInteger::add);
            if (totalLimits.containsKey(o.originChainId())) {
                valuation.nativeWei(o.originChainId(), o.tokenIn(), o.amountIn()).ifPresentOrElse(
                        wei -> valued.merge(o.originChainId(), wei, BigInteger::add), () -> unvalued.add(o.originChainId()));
            }
        }
        now.clear();
        limits.keySet().forEach(k -> now.put(k, BigInteger.ZERO));
        now.putAll(counted);
        totals.clear();
        valued.forEach((chain, wei) -> totals.put(chain, unvalued.contains(chain) ? null : wei));
    }

    /**
     * Whether {@code o} may be filled before its open is final; if so its input is counted at once, so that orders
     * filled side by side in one pass cannot pass a limit together.
     */
    synchronized boolean admit(CrossOrder o) {
        Inventory.Key k = key(o);
        BigInteger at = now.getOrDefault(k, BigInteger.ZERO);
        BigInteger limit = limits.get(k);
        boolean fits = limit == null || at.add(o.amountIn()).compareTo(limit) <= 0;
        BigInteger totalLimit = totalLimits.get(o.originChainId());
        BigInteger total = null;
        if (fits && totalLimit != null) {
            BigInteger before = totals.get(o.originChainId());
            Optional<BigInteger> worth = valuation.nativeWei(o.originChainId(), o.tokenIn(), o.amountIn());
            total = before == null || worth.isEmpty() ? null : before.add(worth.get());
            fits = total != null && total.compareTo(totalLimit) <= 0;
        }
        if (!fits) {
            deferred.incrementAndGet();
            return false;
        }
        now.put(k, at.add(o.amountIn()));
        if (total != null) {
            totals.put(o.originChainId(), total);
        }
        return true;
    }

    private static Inventory.Key key(CrossOrder o) {
        return new Inventory.Key(o.originChainId(), o.tokenIn());
    }
}
