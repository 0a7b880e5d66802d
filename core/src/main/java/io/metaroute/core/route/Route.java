package io.metaroute.core.route;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
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
 */
public record Route(
        ChainId chain,
        Address tokenIn,
        Address tokenOut,
        BigInteger amountIn,
        BigInteger amountOut,
        List<Leg> legs,
        long snapshotVersion) implements Plan {

    public Route {
        legs = List.copyOf(legs);
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
