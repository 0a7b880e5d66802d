package io.metaroute.solver.cow;

import io.metaroute.solver.routing.Inventory;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Clears one asset pair at one price. The side whose total is worth less at the clearing price is
 * the short side; it is matched as far as the solver's inventory allows (all of it, unless a
 * cross-rollup delivery would overdraw a balance), the long side gives the value of that at the
 * clearing price, and each side receives exactly what the other gives. See {@code package-info}
 * for the rounding rules. Intents whose limit the integers cannot honour are dropped one at a time,
 * most demanding first, and the pair is cleared again without them.
 */
final class PairClearing {
    private static final Comparator<Inventory.Key> KEY_ORDER = Comparator.comparing(Inventory.Key::chain)
            .thenComparing(k -> k.token().hex());

    private final AssetPair pair;
    private final Price price;
    private final Map<Inventory.Key, BigInteger> available;

    private PairClearing(AssetPair pair, Price price, Map<Inventory.Key, BigInteger> available) {
        this.pair = pair;
        this.price = price;
        this.available = available;
    }

    /**
     * @param baseSellers  intents selling the base asset that accept the price, ordered by id
     * @param quoteSellers intents selling the quote asset that accept the price, ordered by id
     * @param available    what the solver can deliver per rollup and token (not changed here)
     */
    static Optional<CowMatch> clear(AssetPair pair, Price price, List<CowIntent> baseSellers,
                                    List<CowIntent> quoteSellers, Map<Inventory.Key, BigInteger> available) {
        return new PairClearing(pair, price, available).clear(new ArrayList<>(baseSellers), new ArrayList<>(quoteSellers));
    }

    private Optional<CowMatch> clear(List<CowIntent> base, List<CowIntent> quote) {
        while (!base.isEmpty() && !quote.isEmpty()) {
            BigInteger baseTotal = total(base);
            BigInteger quoteTotal = total(quote);
            boolean baseShort = baseTotal.multiply(price.numerator()).compareTo(quoteTotal.multiply(price.denominator())) <= 0;
            BigInteger shortTotal = baseShort ? baseTotal : quoteTotal;

            Allocation full = allocate(base, quote, baseShort, shortTotal);
            Allocation chosen = feasible(full) ? full : largestFeasible(base, quote, baseShort, shortTotal);
            if (chosen.shortVolume.signum() == 0 || chosen.longVolume.signum() == 0) {
                return Optional.empty();
            }
            Optional<CowIntent> worst = mostDemandingFailure(chosen);
            if (worst.isEmpty()) {
                return Optional.of(toMatch(chosen));
            }
            base.remove(worst.get());
            quote.remove(worst.get());
        }
        return Optional.empty();
    }

    /** The largest short-side volume whose deliveries the inventory covers (binary search; 0 always fits). */
    private Allocation largestFeasible(List<CowIntent> base, List<CowIntent> quote, boolean baseShort, BigInteger fullVolume) {
        BigInteger lo = BigInteger.ZERO;
        BigInteger hi = fullVolume;
        Allocation best = allocate(base, quote, baseShort, lo);
        while (hi.subtract(lo).compareTo(BigInteger.ONE) > 0) {
            BigInteger mid = lo.add(hi).shiftRight(1);
            Allocation a = allocate(base, quote, baseShort, mid);
            if (feasible(a)) {
                lo = mid;
                best = a;
            } else {
                hi = mid;
            }
        }
        return best;
    }

    /** The short side gives {@code volume}, the long side its value at the clearing price rounded down. */
    private Allocation allocate(List<CowIntent> base, List<CowIntent> quote, boolean baseShort, BigInteger volume) {
        List<CowIntent> shortSide = baseShort ? base : quote;
        List<CowIntent> longSide = baseShort ? quote : base;
        BigInteger longVolume = baseShort ? price.quoteFor(volume) : price.baseFor(volume);
        if (longVolume.signum() == 0) {
            volume = BigInteger.ZERO; // dust worth nothing at the clearing price is not traded
        }
        List<BigInteger> shortIn = Shares.split(volume, amounts(shortSide));
        List<BigInteger> longIn = Shares.split(longVolume, amounts(longSide));
        List<BigInteger> shortOut = Shares.split(longVolume, shortIn);
        List<BigInteger> longOut = Shares.split(volume, longIn);
        var legs = new ArrayList<Leg>(base.size() + quote.size());
        for (int i = 0; i < shortSide.size(); i++) {
            legs.add(new Leg(shortSide.get(i), baseShort, shortIn.get(i), shortOut.get(i)));
        }
        for (int i = 0; i < longSide.size(); i++) {
            legs.add(new Leg(longSide.get(i), !baseShort, longIn.get(i), longOut.get(i)));
        }
        return new Allocation(volume, longVolume, legs, netDemand(legs));
    }

    /** Per rollup and token: what the matched users are paid there, less what they pay in there. */
    private static Map<Inventory.Key, BigInteger> netDemand(List<Leg> legs) {
        var net = new HashMap<Inventory.Key, BigInteger>();
        for (Leg leg : legs) {
            if (leg.in.signum() > 0) {
                net.merge(leg.intent.inputKey(), leg.in.negate(), BigInteger::add);
                net.merge(leg.intent.outputKey(), leg.out, BigInteger::add);
            }
        }
        return net;
    }

    private boolean feasible(Allocation a) {
        return a.netDemand.entrySet().stream().allMatch(e -> e.getValue().signum() <= 0
                || e.getValue().compareTo(available.getOrDefault(e.getKey(), BigInteger.ZERO)) <= 0);
    }

    /**
     * The matched intent that gets less than its signed minimum pro rata, or nothing at all, with the
     * highest limit relative to the clearing price (ties: the larger id); empty if every one is served.
     */
    private Optional<CowIntent> mostDemandingFailure(Allocation a) {
        Leg worst = null;
        for (Leg leg : a.legs) {
            if (leg.in.signum() == 0) {
                continue;
            }
            CowIntent it = leg.intent;
            boolean fails = leg.out.signum() == 0
                    || leg.out.multiply(it.amountIn()).compareTo(it.minAmountOut().multiply(leg.in)) < 0;
            if (fails && (worst == null || demandComparedTo(leg, worst) >= 0)) {
                worst = leg;
            }
        }
        return Optional.ofNullable(worst).map(Leg::intent);
    }

    /** Compares the limits of two intents as fractions of the clearing price, then their ids. */
    private int demandComparedTo(Leg x, Leg y) {
        BigInteger[] dx = demand(x);
        BigInteger[] dy = demand(y);
        int cmp = dx[0].multiply(dy[1]).compareTo(dy[0].multiply(dx[1]));
        return cmp != 0 ? cmp : x.intent.id().compareTo(y.intent.id());
    }

    /** The intent's limit divided by the clearing price in its direction, as numerator and denominator. */
    private BigInteger[] demand(Leg leg) {
        CowIntent it = leg.intent;
        BigInteger n = leg.sellsBase ? price.denominator() : price.numerator();
        BigInteger d = leg.sellsBase ? price.numerator() : price.denominator();
        return new BigInteger[] {it.minAmountOut().multiply(n), it.amountIn().multiply(d)};
    }

    private CowMatch toMatch(Allocation a) {
        var baseFills = new ArrayList<CowFill>();
        var quoteFills = new ArrayList<CowFill>();
        for (Leg leg : a.legs) {
            if (leg.in.signum() > 0) {
                (leg.sellsBase ? baseFills : quoteFills).add(new CowFill(leg.intent, leg.in, leg.out));
            }
        }
        baseFills.sort(Comparator.comparing(CowFill::intentId));
        quoteFills.sort(Comparator.comparing(CowFill::intentId));
        var moves = new ArrayList<InventoryMove>();
        a.netDemand.entrySet().stream()
                .filter(e -> e.getValue().signum() != 0)
                .sorted(Map.Entry.comparingByKey(KEY_ORDER))
                .forEach(e -> moves.add(new InventoryMove(
                        e.getValue().signum() > 0 ? InventoryMove.Kind.DELIVER : InventoryMove.Kind.REPLENISH,
                        e.getKey().chain(), e.getKey().token(), e.getValue().abs())));
        return new CowMatch(pair, price, baseFills, quoteFills, moves);
    }

    private static BigInteger total(List<CowIntent> intents) {
        return intents.stream().map(CowIntent::amountIn).reduce(BigInteger.ZERO, BigInteger::add);
    }

    private static List<BigInteger> amounts(List<CowIntent> intents) {
        return intents.stream().map(CowIntent::amountIn).toList();
    }

    /** One intent's part in an allocation: what it gives and what it receives. */
    private record Leg(CowIntent intent, boolean sellsBase, BigInteger in, BigInteger out) {
    }

    private record Allocation(BigInteger shortVolume, BigInteger longVolume, List<Leg> legs,
                              Map<Inventory.Key, BigInteger> netDemand) {
    }
}
