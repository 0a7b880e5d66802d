package io.metaroute.core.route;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.rfq.SignedQuote;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A program of legs on one rollup that turns {@code amountIn} of {@code tokenIn} into exactly
 * {@code amountOut} of {@code tokenOut} against the snapshot it was computed from. Legs run in
 * order; each sells its share of what the route holds of its input token at that moment. A single
 * path is the special case where every leg sells everything; a split is several legs out of one
 * token. The constructor checks that the amounts add up: every leg sells exactly its share of
 * what is held, nothing but {@code tokenOut} is left over, and {@code amountOut} is what is left.
 *
 * <p>A leg may trade with a market maker's firm quote instead of a pool: its {@code pool} is then the
 * venue id of one of {@code quotes} (see {@link SignedQuote}), each of which the route takes exactly
 * once, within its amount and at its price rounded down, as the settler's {@code fillWithQuotes} does.
 */
public record Route(
        ChainId chain,
        Address tokenIn,
        Address tokenOut,
        BigInteger amountIn,
        BigInteger amountOut,
        List<Leg> legs,
        long snapshotVersion,
        List<SignedQuote> quotes) implements Plan {

    /** A route over pools only. */
    public Route(ChainId chain, Address tokenIn, Address tokenOut, BigInteger amountIn, BigInteger amountOut, List<Leg> legs,
                 long snapshotVersion) {
        this(chain, tokenIn, tokenOut, amountIn, amountOut, legs, snapshotVersion, List.of());
    }

    public Route {
        legs = List.copyOf(legs);
        quotes = List.copyOf(quotes);
        checkQuotes(chain, legs, quotes);
        if (legs.isEmpty()) {
            throw new IllegalArgumentException("a route needs at least one leg");
        }
        Map<Address, BigInteger> held = new HashMap<>();
        held.put(tokenIn, amountIn);
        for (int i = 0; i < legs.size(); i++) {
            Leg leg = legs.get(i);
            BigInteger have = held.get(leg.tokenIn());
            if (have == null || leg.tokenIn().equals(tokenOut)) {
                throw new IllegalArgumentException("leg " + i + " sells " + leg.tokenIn() + ", which the route does not hold");
            }
            if (!Leg.portion(have, leg.share()).equals(leg.amountIn())) {
                throw new IllegalArgumentException("leg " + i + " sells " + leg.amountIn() + ", not its share of " + have);
            }
            held.put(leg.tokenIn(), have.subtract(leg.amountIn()));
            held.merge(leg.tokenOut(), leg.amountOut(), BigInteger::add);
        }
        for (var e : held.entrySet()) {
            if (!e.getKey().equals(tokenOut) && e.getValue().signum() != 0) {
                throw new IllegalArgumentException("the route leaves " + e.getValue() + " of " + e.getKey() + " unsold");
            }
        }
        if (!held.getOrDefault(tokenOut, BigInteger.ZERO).equals(amountOut)) {
            throw new IllegalArgumentException("the legs deliver " + held.get(tokenOut) + " " + tokenOut + ", not " + amountOut);
        }
    }

    private static void checkQuotes(ChainId chain, List<Leg> legs, List<SignedQuote> quotes) {
        var byVenue = new HashMap<Address, SignedQuote>();
        for (SignedQuote q : quotes) {
            if (!q.quote().chain().equals(chain) || byVenue.put(q.venue(), q) != null) {
                throw new IllegalArgumentException("quote " + q.venue() + " is on another chain or listed twice");
            }
        }
        var taken = new java.util.HashSet<Address>();
        for (int i = 0; i < legs.size(); i++) {
            Leg leg = legs.get(i);
            SignedQuote q = byVenue.get(leg.pool());
            if (q == null) {
                continue;
            }
            if (!taken.add(leg.pool()) || !q.quote().tokenIn().equals(leg.tokenIn()) || !q.quote().tokenOut().equals(leg.tokenOut())
                    || leg.amountIn().compareTo(q.quote().amountIn()) > 0
                    || !q.quote().amountOutFor(leg.amountIn()).equals(leg.amountOut())) {
                throw new IllegalArgumentException("leg " + i + " does not take quote " + q.venue() + " once, at its terms");
            }
        }
        if (taken.size() != quotes.size()) {
            throw new IllegalArgumentException("the route lists a quote none of its legs takes");
        }
    }

    /** Whether a market maker's quote is one of the venues. */
    public boolean takesQuotes() {
        return !quotes.isEmpty();
    }

    /** The legs that trade in pools, not with makers. */
    public List<Leg> poolLegs() {
        var venues = quotes.stream().map(SignedQuote::venue).collect(java.util.stream.Collectors.toSet());
        return legs.stream().filter(l -> !venues.contains(l.pool())).toList();
    }

    @Override
    public ChainId originChain() {
        return chain;
    }

    @Override
    public ChainId destinationChain() {
        return chain;
    }

    public List<Address> pools() {
        return legs.stream().map(Leg::pool).toList();
    }

    /** True when the legs form one path, each selling everything the previous one bought. */
    public boolean isSinglePath() {
        for (int i = 0; i < legs.size(); i++) {
            Leg leg = legs.get(i);
            if (leg.share() != Leg.ALL || (i > 0 && !legs.get(i - 1).tokenOut().equals(leg.tokenIn()))) {
                return false;
            }
        }
        return legs.getFirst().tokenIn().equals(tokenIn) && legs.getLast().tokenOut().equals(tokenOut);
    }

    /** The token path of a single-path route: tokenIn, every intermediate token, tokenOut. */
    public List<Address> path() {
        if (!isSinglePath()) {
            throw new IllegalStateException("a split route has no single token path");
        }
        var path = new ArrayList<Address>(legs.size() + 1);
        path.add(legs.getFirst().tokenIn());
        legs.forEach(l -> path.add(l.tokenOut()));
        return List.copyOf(path);
    }
}
