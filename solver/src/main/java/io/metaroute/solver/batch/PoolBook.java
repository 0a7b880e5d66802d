package io.metaroute.solver.batch;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.core.pool.PoolState;
import java.util.HashMap;
import java.util.Map;

/** Pool states per rollup, as a sequence of fills leaves them; immutable. */
final class PoolBook {
    private final Map<ChainId, Map<Address, PoolState>> byChain;

    private PoolBook(Map<ChainId, Map<Address, PoolState>> byChain) {
        this.byChain = byChain;
    }

    static PoolBook of(MarketSnapshot snapshot) {
        var byChain = new HashMap<ChainId, Map<Address, PoolState>>();
        for (PoolState p : snapshot.pools().values()) {
            byChain.computeIfAbsent(p.chain(), c -> new HashMap<>()).put(p.address(), p);
        }
        return new PoolBook(byChain);
    }

    Map<Address, PoolState> on(ChainId chain) {
        return byChain.getOrDefault(chain, Map.of());
    }

    PoolBook with(ChainId chain, Map<Address, PoolState> pools) {
        var next = new HashMap<>(byChain);
        next.put(chain, pools);
        return new PoolBook(next);
    }
}
