package io.metaroute.solver.cow;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.core.pool.PoolState;
import io.metaroute.core.route.BatchReplay;
import io.metaroute.core.route.Leg;
import io.metaroute.core.route.Route;
import io.metaroute.core.route.RouteReplay;
import io.metaroute.solver.routing.RouteOutcome;
import io.metaroute.solver.routing.RouteRequest;
import io.metaroute.solver.routing.Router;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns a {@link CowMatch} on one rollup into a {@link MatchSettlement} the settler can run in one
 * transaction. The net imbalance (the unmatched rest of the long side) is routed through pools by
 * the optimal {@link Router}, as one trade for the whole side; its program is rescaled to sell
 * that rest out of everything the side brought in. The exact holdings after the steps
 * ({@link BatchReplay}) are then paid out in full:
 * <ul>
 *   <li>the long side receives what the short side brought in (its matched part, as cleared) plus
 *       everything the route bought, split pro rata to each member's unmatched rest;</li>
 *   <li>the short side receives what is left of the long side's input, split pro rata to what
 *       the clearing gave each member.</li>
 * </ul>
 * Splits are by largest remainder, so the payouts add up to the holdings to the unit.
 *
 * <p>A match is settled only when every member gets at least its signed minimum and at least
 * what the best route would pay it alone on the same market: matching never leaves a user worse
 * off. Otherwise, or when the match spans rollups (that needs Metalayer settlement), exceeds the
 * settler's limits, or leaves both sides with a rest to route, there is no settlement; the refusal
 * names the members that fell short, so the caller can match the others again without them.
 */
public final class MatchSettler {
    /** The settler's limits on one {@code settle}. */
    public static final int MAX_INTENTS = 16;
    public static final int MAX_STEPS = io.metaroute.solver.routing.RouterSettings.SETTLER_MAX_LEGS;

    private final Router router;
    private final Router reference;

    public MatchSettler(Router router) {
        this(router, router);
    }

    /**
     * @param router    routes a match's rest, as it will be settled (the settler's leg limit, gas priced)
     * @param reference says what each member's best route alone pays; one without gas or leg limit
     *                  pays at least as much as any settled route, so beating it is the stronger promise,
     *                  and it is the cheaper solve
     */
    public MatchSettler(Router router, Router reference) {
        this.router = Objects.requireNonNull(router, "router");
        this.reference = Objects.requireNonNull(reference, "reference");
    }

    /** What became of a match: settled, or refused, naming the members that would have got too little (maybe none). */
    public sealed interface Attempt {
        record Settled(MatchSettlement settlement) implements Attempt {
        }

        record Refused(Set<String> shortMembers, String why) implements Attempt {
            public Refused {
                shortMembers = Set.copyOf(shortMembers);
            }
        }
    }

    public Optional<MatchSettlement> settle(CowMatch match, MarketSnapshot snapshot) {
        return attempt(match, snapshot) instanceof Attempt.Settled s ? Optional.of(s.settlement()) : Optional.empty();
    }

    public Attempt attempt(CowMatch match, MarketSnapshot snapshot) {
        return attempt(match, snapshot, new HashMap<>());
    }

    /**
     * As {@link #attempt(CowMatch, MarketSnapshot)}, remembering in {@code alone} what each intent's
     * route alone pays on {@code snapshot}, for attempts at matching the same intents again.
     */
    public Attempt attempt(CowMatch match, MarketSnapshot snapshot, Map<String, BigInteger> alone) {
        List<CowFill> fills = match.fills();
        if (fills.size() > MAX_INTENTS) {
            return refused("more than " + MAX_INTENTS + " members");
        }
        if (match.baseSellers().isEmpty() || match.quoteSellers().isEmpty()) {
            return refused("one side is empty");
        }
        ChainId chain = fills.getFirst().intent().origin();
        CowIntent first = match.baseSellers().getFirst().intent();
        Address base = first.tokenIn();
        Address quote = first.tokenOut();
        for (CowFill f : fills) {
            CowIntent i = f.intent();
            boolean sellsBase = match.baseSellers().contains(f);
            if (!i.origin().equals(chain) || !i.destination().equals(chain)
                    || !i.tokenIn().equals(sellsBase ? base : quote) || !i.tokenOut().equals(sellsBase ? quote : base)) {
                return refused("members on more than one rollup or token pair");
            }
        }
        BigInteger restBase = sum(match.baseSellers(), CowFill::residualIn);
        BigInteger restQuote = sum(match.quoteSellers(), CowFill::residualIn);
        if (restBase.signum() > 0 && restQuote.signum() > 0) {
            return refused("both sides have a rest to route");
        }
        boolean baseLong = restBase.signum() > 0;
        List<CowFill> longSide = baseLong ? match.baseSellers() : match.quoteSellers();
        List<CowFill> shortSide = baseLong ? match.quoteSellers() : match.baseSellers();
        Address longIn = baseLong ? base : quote;
        Address longOut = baseLong ? quote : base;
        BigInteger rest = baseLong ? restBase : restQuote;
        BigInteger longTotal = sum(longSide, f -> f.intent().amountIn());

        Map<Address, PoolState> pools = new HashMap<>();
        snapshot.poolsOn(chain).forEach(p -> pools.put(p.address(), p));
        List<RouteReplay.Step> steps = List.of();
        if (rest.signum() > 0) {
            if (!(router.route(snapshot, new RouteRequest(chain, longIn, longOut, rest)) instanceof RouteOutcome.Found found)
                    || !(found.plan() instanceof Route route) || route.legs().size() > MAX_STEPS) {
                return refused("no route of at most " + MAX_STEPS + " legs for the rest");
            }
            steps = sellingOutOf(route, longTotal);
        }
        Map<Address, BigInteger> deposits = new HashMap<>();
        deposits.put(base, sum(match.baseSellers(), f -> f.intent().amountIn()));
        deposits.put(quote, sum(match.quoteSellers(), f -> f.intent().amountIn()));
        BatchReplay.Result replay;
        try {
            replay = BatchReplay.run(chain, deposits, steps, pools);
        } catch (IllegalArgumentException e) {
            return refused("the rescaled program rounds a leg to nothing");
        }
        BigInteger heldOut = replay.holdings().getOrDefault(longOut, BigInteger.ZERO);
        BigInteger heldIn = replay.holdings().getOrDefault(longIn, BigInteger.ZERO);
        if (replay.holdings().keySet().stream().anyMatch(t -> !t.equals(base) && !t.equals(quote))) {
            return refused("the program leaves a third token");
        }
        // Long side: the short side's input, as cleared, plus everything bought, pro rata to each rest.
        BigInteger cleared = sum(longSide, CowFill::received);
        BigInteger bought = heldOut.subtract(cleared);
        if (bought.signum() < 0 || (bought.signum() > 0 && rest.signum() == 0)) {
            return refused("holdings do not cover the cleared amounts");
        }
        List<BigInteger> boughtParts = rest.signum() == 0 ? longSide.stream().map(f -> BigInteger.ZERO).toList()
                : Shares.split(bought, longSide.stream().map(CowFill::residualIn).toList());
        // Short side: what is left of the long side's input, pro rata to what the clearing gave each.
        List<BigInteger> shortParts = Shares.split(heldIn, shortSide.stream().map(CowFill::received).toList());

        Map<String, BigInteger> payout = new HashMap<>();
        for (int k = 0; k < longSide.size(); k++) {
            payout.put(longSide.get(k).intentId(), longSide.get(k).received().add(boughtParts.get(k)));
        }
        for (int k = 0; k < shortSide.size(); k++) {
            payout.put(shortSide.get(k).intentId(), shortParts.get(k));
        }
        var members = new ArrayList<MatchSettlement.Member>(fills.size());
        var shortMembers = new HashSet<String>();
        for (CowFill f : fills.stream().sorted(java.util.Comparator.comparing(CowFill::intentId)).toList()) {
            CowIntent i = f.intent();
            BigInteger out = payout.get(i.id());
            if (out.compareTo(i.minAmountOut()) < 0) {
                shortMembers.add(i.id());
                continue;
            }
            BigInteger byItself = alone.computeIfAbsent(i.id(), id -> alone(snapshot, i));
            if (out.compareTo(byItself) < 0) {
                shortMembers.add(i.id());
            } else {
                members.add(new MatchSettlement.Member(i.id(), i.tokenIn(), i.amountIn(), f.matchedIn(), i.tokenOut(), out, byItself));
            }
        }
        if (!shortMembers.isEmpty()) {
            return new Attempt.Refused(shortMembers, shortMembers.size() + " member(s) would get less than alone or their minimum");
        }
        return new Attempt.Settled(new MatchSettlement(chain, match.pair(), match.price(), members, steps, replay.legs(),
                replay.poolsAfter()));
    }

    private static Attempt refused(String why) {
        return new Attempt.Refused(Set.of(), why);
    }

    /** What the best route pays {@code intent} by itself on this market (zero when nothing does). */
    private BigInteger alone(MarketSnapshot snapshot, CowIntent intent) {
        return reference.route(snapshot, intent.toRouteRequest()) instanceof RouteOutcome.Found f
                ? f.plan().amountOut() : BigInteger.ZERO;
    }

    /**
     * The route's program rescaled to run out of {@code held} of its input token (the whole long
     * side's input) rather than out of the route's own {@code amountIn}: each leg that sells the
     * input sells the same amount as in the route, as a share of what is then left, rounded up so
     * that rounding never sells less (the replay says exactly what it sells). Legs selling tokens
     * only the route holds keep their shares.
     */
    static List<RouteReplay.Step> sellingOutOf(Route route, BigInteger held) {
        if (route.amountIn().equals(held)) {
            return route.legs().stream().map(RouteReplay.Step::of).toList();
        }
        BigInteger all = BigInteger.valueOf(Leg.ALL);
        BigInteger left = held;
        var steps = new ArrayList<RouteReplay.Step>(route.legs().size());
        for (Leg leg : route.legs()) {
            long share = leg.share();
            if (leg.tokenIn().equals(route.tokenIn())) {
                BigInteger[] qr = leg.amountIn().multiply(all).divideAndRemainder(left);
                BigInteger up = qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
                share = up.min(all.subtract(BigInteger.ONE)).longValueExact();
                left = left.subtract(leg.amountIn());
            }
            steps.add(new RouteReplay.Step(leg.pool(), leg.tokenIn(), leg.tokenOut(), share));
        }
        return steps;
    }

    private static BigInteger sum(List<CowFill> fills, Function<CowFill, BigInteger> f) {
        return fills.stream().map(f).reduce(BigInteger.ZERO, BigInteger::add);
    }
}
