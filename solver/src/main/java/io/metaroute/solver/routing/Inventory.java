package io.metaroute.solver.routing;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;

/** The solver's own balances per rollup and token: what it can deliver on a destination before being repaid. */
public record Inventory(Map<Key, BigInteger> balances) {
    public static final Inventory EMPTY = new Inventory(Map.of());

    public record Key(ChainId chain, Address token) {
    }

    public Inventory {
        balances = Map.copyOf(balances);
    }

    public BigInteger of(ChainId chain, Address token) {
        return balances.getOrDefault(new Key(chain, token), BigInteger.ZERO);
    }

    public Inventory with(ChainId chain, Address token, BigInteger amount) {
        var next = new HashMap<>(balances);
        next.put(new Key(chain, token), amount);
        return new Inventory(next);
    }
}
