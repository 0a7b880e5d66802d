package io.metaroute.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.core.network.PoolRef;
import io.metaroute.core.network.Rollup;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint112;
import org.web3j.abi.datatypes.generated.Uint32;

/** The market activity trades against the pools of a devnet of its own: prices move, and every trade keeps the pair's invariant. */
class MarketActivityTest {

    @Test
    void swapsMoveReservesOnEveryRollupWithoutLosingThePairsInvariant() throws Exception {
        var specs = DevnetConfig.defaultRollups().stream()
                .map(r -> new RollupSpec(r.name(), r.profile(), r.chainId(), r.domain(), java.time.Duration.ofMillis(250),
                        r.baseFeeWei(), r.pools()))
                .toList();
        try (Devnet devnet = Devnet.start(DevnetConfig.defaults().withRollups(specs))) {
            List<BigInteger[]> before = reserves(devnet);
            try (MarketActivity activity = MarketActivity.start(devnet, 30, 0.01, 7)) {
                long until = System.nanoTime() + 20_000_000_000L;
                while (activity.swaps() < 60 && System.nanoTime() < until) {
                    Thread.sleep(100);
                }
                assertThat(activity.swaps()).isGreaterThanOrEqualTo(60);
                assertThat(activity.failures()).isZero();
            }
            Thread.sleep(1_000); // the last trades mined
            List<BigInteger[]> after = reserves(devnet);
            int moved = 0;
            for (int i = 0; i < before.size(); i++) {
                BigInteger[] b = before.get(i);
                BigInteger[] a = after.get(i);
                if (!a[0].equals(b[0])) {
                    moved++;
                    // the 0.3% fee stays in the pool: its product never falls
                    assertThat(a[0].multiply(a[1])).isGreaterThanOrEqualTo(b[0].multiply(b[1]));
                }
            }
            assertThat(moved).as("pools whose price moved").isGreaterThan(before.size() / 2);
        }
    }

    @SuppressWarnings("rawtypes")
    private static List<BigInteger[]> reserves(Devnet devnet) {
        var out = new ArrayList<BigInteger[]>();
        for (Rollup r : devnet.network().rollups()) {
            for (PoolRef p : r.pools()) {
                List<org.web3j.abi.datatypes.Type> v = ChainWriter.read(devnet.web3j(r.chainId()), p.address().hex(),
                        new Function("getReserves", List.of(), List.of(new TypeReference<Uint112>() { },
                                new TypeReference<Uint112>() { }, new TypeReference<Uint32>() { })));
                out.add(new BigInteger[] {(BigInteger) v.get(0).getValue(), (BigInteger) v.get(1).getValue()});
            }
        }
        return out;
    }
}
