package io.metaroute.core.route;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import java.math.BigInteger;
import java.util.List;

/**
 * A sequence of legs on one rollup that turns {@code amountIn} of {@code tokenIn} into exactly
 * {@code amountOut} of {@code tokenOut} against the snapshot it was computed from.
 */
public record Route(
        ChainId chain,
        Address tokenIn,
        Address tokenOut,
        BigInteger amountIn,
        BigInteger amountOut,
        List<Leg> legs,
        long snapshotVersion) {

    public Route {
        legs = List.copyOf(legs);
        if (legs.isEmpty()) {
            throw new IllegalArgumentException("a route needs at least one leg");
        }
        for (int i = 1; i < legs.size(); i++) {
            if (!legs.get(i - 1).tokenOut().equals(legs.get(i).tokenIn())) {
                throw new IllegalArgumentException("legs " + (i - 1) + " and " + i + " do not connect");
            }
        }
    }

    public List<Address> pools() {
        return legs.stream().map(Leg::pool).toList();
    }

    /** The token path: tokenIn, every intermediate token, tokenOut. */
    public List<Address> path() {
        var path = new java.util.ArrayList<Address>(legs.size() + 1);
        path.add(legs.getFirst().tokenIn());
        legs.forEach(l -> path.add(l.tokenOut()));
        return List.copyOf(path);
    }
}
