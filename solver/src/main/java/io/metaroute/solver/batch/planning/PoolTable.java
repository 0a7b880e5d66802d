package io.metaroute.solver.batch.planning;

import io.metaroute.core.chain.Address;
import io.metaroute.core.pool.PoolKey;
import io.metaroute.core.pool.PoolState;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** The pools a batch's options touch, numbered, with their snapshot reserves as doubles for the planner. */
final class PoolTable {
    private final PoolKey[] keys;
    private final Address[] token0;
    private final double[] reserve0;
    private final double[] reserve1;
    private final Map<PoolKey, Integer> index;

    private PoolTable(Collection<PoolState> pools) {
        int n = pools.size();
        keys = new PoolKey[n];
        token0 = new Address[n];
        reserve0 = new double[n];
        reserve1 = new double[n];
        index = new HashMap<>(n * 2);
        int i = 0;
        for (PoolState p : pools) {
            keys[i] = p.key();
            token0[i] = p.token0();
            reserve0[i] = p.reserve0().doubleValue();
            reserve1[i] = p.reserve1().doubleValue();
            index.put(p.key(), i);
            i++;
        }
    }

    static PoolTable of(Collection<PoolState> pools) {
        return new PoolTable(pools);
    }

    int size() {
        return keys.length;
    }

    /** The pool's number, or -1 when the table does not hold it. */
    int indexOf(PoolKey key) {
        return index.getOrDefault(key, -1);
    }

    Address token0(int pool) {
        return token0[pool];
    }

    double reserve0(int pool) {
        return reserve0[pool];
    }

    double reserve1(int pool) {
        return reserve1[pool];
    }
}
