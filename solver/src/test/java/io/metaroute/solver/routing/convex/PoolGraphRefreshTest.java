package io.metaroute.solver.routing.convex;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.pool.PoolState;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A warm re-solve reuses the previous graph only when a fresh build would give the same one. */
class PoolGraphRefreshTest {
    static final ChainId CHAIN = ChainId.of(710001);
    static final Address A = addr(1), B = addr(2), C = addr(3), D = addr(4);

    static Address addr(int n) {
        return Address.of(String.format("0x%040x", n));
    }

    static PoolState pool(int id, Address x, Address y, long rx, long ry) {
        return new PoolState(CHAIN, addr(0x100 + id), x, y, BigInteger.valueOf(rx), BigInteger.valueOf(ry), 1);
    }

    // A -> C directly and through B; D hangs off C by one pool (a dead end the build prunes).
    final List<PoolState> market = List.of(pool(1, A, C, 1_000_000, 2_000_000), pool(2, A, B, 1_000_000, 1_000_000),
            pool(3, B, C, 1_000_000, 2_000_000), pool(4, C, D, 5_000, 5_000));

    List<PoolState> with(int index, PoolState replacement) {
        var next = new ArrayList<>(market);
        next.set(index, replacement);
        return next;
    }

    @Test
    void onlyReservesMovedGivesTheGraphABuildWouldGiveWithTheSameIndices() {
        PoolGraph built = PoolGraph.build(market, A, C);
        List<PoolState> moved = with(2, pool(3, B, C, 1_100_000, 1_900_000));

        PoolGraph refreshed = built.refreshed(moved);
        PoolGraph fresh = PoolGraph.build(moved, A, C);

        assertThat(refreshed).isNotNull();
        assertThat(refreshed.tokens).containsExactly(fresh.tokens);
        assertThat(refreshed.pools).containsExactly(fresh.pools);
        for (int i = 0; i < fresh.pools.length; i++) {
            assertThat(refreshed.curves[i].out(0, 1_000)).isEqualTo(fresh.curves[i].out(0, 1_000));
        }
        assertThat(built.refreshed(market)).isSameAs(built);
    }

    @Test
    void aPoolThatMovesOutsideTheGraphKeepsIt() {
        PoolGraph built = PoolGraph.build(market, A, C);
        assertThat(built.refreshed(with(3, pool(4, C, D, 6_000, 4_000)))).isNotNull();
    }

    @Test
    void aPoolEmptiedAddedOrRemovedMeansABuild() {
        PoolGraph built = PoolGraph.build(market, A, C);
        assertThat(built.refreshed(with(1, pool(2, A, B, 0, 0)))).isNull();
        var added = new ArrayList<>(market);
        added.add(pool(5, B, D, 1_000, 1_000));
        assertThat(built.refreshed(added)).isNull();
        assertThat(built.refreshed(market.subList(0, 3))).isNull();
    }
}
