package io.metaroute.core.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.pool.PoolState;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settler's batch rule, with every amount worked out by hand from {@code in*997*rOut / (rIn*1000 + in*997)}. */
class BatchReplayTest {
    private static final ChainId CHAIN = ChainId.of(710001);
    private static final Address A = Address.of("0x0000000000000000000000000000000000000a01");
    private static final Address B = Address.of("0x0000000000000000000000000000000000000b02");
    private static final Address C = Address.of("0x0000000000000000000000000000000000000c03");
    private static final Address PAIR_AB = Address.of("0x1000000000000000000000000000000000000001");
    private static final Address PAIR_BC = Address.of("0x1000000000000000000000000000000000000002");
    private static final long QUARTER = Leg.ALL / 4;
    private static final long HALF = Leg.ALL / 2;

    @Test
    void aStepSellsPartOfOneDepositAndTheOtherStaysHeld() {
        var pools = Map.of(PAIR_AB, pool(PAIR_AB, A, B, 10_000_000, 20_000), PAIR_BC, pool(PAIR_BC, B, C, 1, 1));
        var deposits = Map.of(A, big(1_000_000), B, big(2_000));

        var result = BatchReplay.run(CHAIN, deposits, List.of(new RouteReplay.Step(PAIR_AB, B, A, QUARTER)), pools);

        // a quarter of 2,000 B is 500; 500*997*10,000,000 / (20,000*1000 + 500*997) = 4,985,000,000,000 / 20,498,500
        assertThat(result.legs()).containsExactly(new Leg(PAIR_AB, B, A, big(500), big(243_188), QUARTER));
        assertThat(result.holdings()).isEqualTo(Map.of(A, big(1_243_188), B, big(1_500)));
        assertThat(result.poolsAfter().get(PAIR_AB).reserve0()).isEqualTo(big(9_756_812));
        assertThat(result.poolsAfter().get(PAIR_AB).reserve1()).isEqualTo(big(20_500));
        assertThat(result.poolsAfter().get(PAIR_BC)).isEqualTo(pools.get(PAIR_BC));
    }

    @Test
    void twoStepsThroughOnePoolSeeTheReservesTheFirstLeft() {
        var pools = Map.of(PAIR_AB, pool(PAIR_AB, A, B, 5_000_000, 7_000_000));
        var steps = List.of(new RouteReplay.Step(PAIR_AB, A, B, HALF), new RouteReplay.Step(PAIR_AB, B, A, Leg.ALL));

        var result = BatchReplay.run(CHAIN, Map.of(A, big(1_000_000)), steps, pools);

        // 500,000*997*7,000,000 / (5,000,000*1000 + 500,000*997) = 3,489,500,000,000,000 / 5,498,500,000
        // then against (5,500,000, 6,365,373): 634,627*997*5,500,000 / (6,365,373*1000 + 634,627*997)
        //   = 3,479,977,154,500,000 / 6,998,096,119
        assertThat(result.legs()).containsExactly(
                new Leg(PAIR_AB, A, B, big(500_000), big(634_627), HALF),
                new Leg(PAIR_AB, B, A, big(634_627), big(497_274), Leg.ALL));
        // every B was sold again: it is left out of the holdings
        assertThat(result.holdings()).isEqualTo(Map.of(A, big(997_274)));
        assertThat(result.poolsAfter().get(PAIR_AB).reserve0()).isEqualTo(big(5_002_726));
        assertThat(result.poolsAfter().get(PAIR_AB).reserve1()).isEqualTo(big(7_000_000));
    }

    @Test
    void aPureMatchHoldsExactlyTheDeposits() {
        var result = BatchReplay.run(CHAIN, Map.of(A, big(7), B, big(11), C, BigInteger.ZERO), List.of(), Map.of());
        assertThat(result.legs()).isEmpty();
        assertThat(result.holdings()).isEqualTo(Map.of(A, big(7), B, big(11)));
        assertThatThrownBy(() -> result.holdings().put(C, BigInteger.ONE)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void refusesWhatTheSettlerRefuses() {
        var pools = Map.of(PAIR_AB, pool(PAIR_AB, A, B, 1_000_000, 1_000_000), PAIR_BC, pool(PAIR_BC, B, C, 1_000, 1_000));
        var deposits = Map.of(A, big(1_000));
        // C is not held
        assertThatThrownBy(() -> BatchReplay.run(CHAIN, deposits, List.of(new RouteReplay.Step(PAIR_BC, C, B, Leg.ALL)), pools))
                .isInstanceOf(IllegalArgumentException.class);
        // B was held once, but everything of it was sold: the second sale sells nothing
        var twice = List.of(new RouteReplay.Step(PAIR_AB, A, B, Leg.ALL), new RouteReplay.Step(PAIR_BC, B, C, Leg.ALL),
                new RouteReplay.Step(PAIR_BC, B, C, Leg.ALL));
        assertThatThrownBy(() -> BatchReplay.run(CHAIN, deposits, twice, pools)).isInstanceOf(IllegalArgumentException.class);
        // 1,000 * 1 / 1e18 rounds down to zero
        assertThatThrownBy(() -> BatchReplay.run(CHAIN, deposits, List.of(new RouteReplay.Step(PAIR_AB, A, B, 1)), pools))
                .isInstanceOf(IllegalArgumentException.class);
        // 1 A buys nothing in a pool this deep
        assertThatThrownBy(() -> BatchReplay.run(CHAIN, Map.of(A, BigInteger.ONE),
                List.of(new RouteReplay.Step(PAIR_AB, A, B, Leg.ALL)), pools)).isInstanceOf(IllegalArgumentException.class);
        // the pair does not trade A for C; a share of 0 or above 1e18; a pool it does not know
        assertThatThrownBy(() -> BatchReplay.run(CHAIN, deposits, List.of(new RouteReplay.Step(PAIR_AB, A, C, Leg.ALL)), pools))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BatchReplay.run(CHAIN, deposits, List.of(new RouteReplay.Step(PAIR_AB, A, B, 0)), pools))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BatchReplay.run(CHAIN, deposits, List.of(new RouteReplay.Step(PAIR_AB, A, B, Leg.ALL + 1)), pools))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BatchReplay.run(CHAIN, deposits, List.of(new RouteReplay.Step(PAIR_AB, A, B, Leg.ALL)), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        // a pool on another rollup
        var elsewhere = Map.of(PAIR_AB, new PoolState(ChainId.of(710002), PAIR_AB, A, B, big(1_000_000), big(1_000_000), 1));
        assertThatThrownBy(() -> BatchReplay.run(CHAIN, deposits, List.of(new RouteReplay.Step(PAIR_AB, A, B, Leg.ALL)), elsewhere))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static PoolState pool(Address address, Address token0, Address token1, long reserve0, long reserve1) {
        return new PoolState(CHAIN, address, token0, token1, big(reserve0), big(reserve1), 1);
    }

    private static BigInteger big(long value) {
        return BigInteger.valueOf(value);
    }
}
