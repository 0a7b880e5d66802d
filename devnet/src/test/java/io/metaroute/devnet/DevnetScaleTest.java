package io.metaroute.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaroute.core.chain.Address;
import io.metaroute.core.network.PoolRef;
import io.metaroute.core.network.Rollup;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;

class DevnetScaleTest {

    @Test
    void theLargeScaleIsDeterministicDistinctAndConnectedOnEveryRollup() {
        var scale = new DevnetScale(50, 500, 3);
        List<RollupSpec> specs = scale.apply(DevnetConfig.defaultRollups());
        assertThat(specs).isEqualTo(scale.apply(DevnetConfig.defaultRollups()));
        assertThat(specs).isNotEqualTo(new DevnetScale(50, 500, 4).apply(DevnetConfig.defaultRollups()));
        for (int r = 0; r < specs.size(); r++) {
            RollupSpec s = specs.get(r);
            assertThat(s.symbols()).hasSize(50).doesNotHaveDuplicates();
            assertThat(s.pools()).hasSize(500);
            assertThat(s.pools().subList(0, 5)).isEqualTo(DevnetConfig.defaultRollups().get(r).pools());
            Set<String> pairs = s.pools().stream().map(p -> p.symbolA().compareTo(p.symbolB()) < 0
                    ? p.symbolA() + p.symbolB() : p.symbolB() + p.symbolA()).collect(Collectors.toSet());
            assertThat(pairs).as("every pair at most once").hasSize(500);
            assertThat(reachable(s.pools(), "USDC")).as("every token reachable from USDC").hasSize(50);
        }
        assertThat(specs.get(0).pools()).isNotEqualTo(specs.get(1).pools());
    }

    /**
     * The scale's pools are priced within the fee band: no triangle of a rollup's pools, its base pools
     * included, pays more than the three swaps' fees take, whatever a token is worth. (Seeds of whole
     * tokens priced a $10,000 token's pools up to 20% off, and one WETH price for every rollup put
     * the extra pools 2-3% from a rollup's own base pools: triangles paid up to 13%.)
     */
    /**
     * The scale's pools are priced within the fee band: no triangle of a rollup's extra pools pays more
     * than the three swaps' fees take, whatever a token is worth, and with the rollup's base pools (whose
     * own prices disagree by up to 1% on ledger) no triangle pays more than 0.3% after fees. (Seeds of whole tokens
     * priced a $10,000 token's pools up to 20% off, and one WETH price for every rollup put the extra
     * pools 2-3% from a rollup's own base pools: triangles paid up to 13%.)
     */
    @Test
    void noTriangleOfTheScalesPoolsPaysMoreThanItsFees() {
        for (RollupSpec s : new DevnetScale(50, 500, 3).apply(DevnetConfig.defaultRollups())) {
            assertThat(bestTriangle(s.pools().subList(5, s.pools().size()))).as("the best triangle of extra pools on %s after fees",
                    s.name()).isLessThanOrEqualTo(1 + 1e-5);
            assertThat(bestTriangle(s.pools())).as("the best triangle on %s after fees", s.name()).isLessThanOrEqualTo(1 + 3e-3);
        }
    }

    /** The most a round trip through three of {@code pools} pays for 1, at their prices less three 0.3% fees. */
    private static double bestTriangle(List<PoolSeed> pools) {
        Map<String, Double> rate = new HashMap<>();
        Map<String, Set<String>> next = new HashMap<>();
        for (PoolSeed p : pools) {
            double aToB = (double) p.millionthsB() / p.millionthsA();
            rate.put(p.symbolA() + ">" + p.symbolB(), aToB);
            rate.put(p.symbolB() + ">" + p.symbolA(), 1 / aToB);
            next.computeIfAbsent(p.symbolA(), k -> new HashSet<>()).add(p.symbolB());
            next.computeIfAbsent(p.symbolB(), k -> new HashSet<>()).add(p.symbolA());
        }
        double best = 0;
        int triangles = 0;
        for (String a : next.keySet()) {
            for (String b : next.get(a)) {
                for (String c : next.get(b)) {
                    Double back = rate.get(c + ">" + a);
                    if (!c.equals(a) && back != null) {
                        triangles++;
                        best = Math.max(best, rate.get(a + ">" + b) * rate.get(b + ">" + c) * back * Math.pow(0.997, 3));
                    }
                }
            }
        }
        assertThat(triangles).as("triangles among %d pools", pools.size()).isGreaterThan(100);
        return best;
    }

    @Test
    void theDefaultScaleLeavesTheBaseDevnetAsItIsAndImpossibleScalesAreRefused() {
        assertThat(new DevnetScale(4, 5, 1).apply(DevnetConfig.defaultRollups())).isEqualTo(DevnetConfig.defaultRollups());
        assertThatThrownBy(() -> new DevnetScale(3, 5, 1)).hasMessageContaining("metaroute.devnet.scale.tokens");
        assertThatThrownBy(() -> new DevnetScale(4, 7, 1)).hasMessageContaining("metaroute.devnet.scale.pools must be 1 to 6");
    }

    /** A scaled rollup on a real node: every extra token and pool deployed where the network file says, at the seeded reserves. */
    @Test
    @Timeout(180)
    void aScaledRollupDeploysEveryTokenAndPoolAtItsSeed() throws Exception {
        RollupSpec spec = new DevnetScale(12, 40, 9).apply(List.of(DevnetConfig.defaultRollups().get(1))).getFirst();
        try (Devnet devnet = Devnet.start(DevnetConfig.defaults().withRollups(List.of(spec)))) {
            Rollup r = devnet.network().rollups().getFirst();
            assertThat(r.tokens()).hasSize(12);
            assertThat(r.tokenBySymbol("X12")).isPresent().get().extracting(t -> t.decimals()).isEqualTo(18);
            assertThat(r.pools()).hasSize(40);
            var web3 = devnet.web3j(r.chainId());
            for (int i = 0; i < spec.pools().size(); i++) {
                PoolSeed seed = spec.pools().get(i);
                PoolRef pool = r.pools().get(i);
                String hex = web3.ethCall(Transaction.createEthCallTransaction(null, pool.address().hex(), "0x0902f1ac"),
                        DefaultBlockParameterName.LATEST).send().getValue().substring(2);
                BigInteger r0 = new BigInteger(hex.substring(0, 64), 16);
                BigInteger r1 = new BigInteger(hex.substring(64, 128), 16);
                Address a = r.tokenBySymbol(seed.symbolA()).orElseThrow().address();
                BigInteger wantA = seed.baseUnitsA(DevnetTokens.decimals(seed.symbolA()));
                BigInteger wantB = seed.baseUnitsB(DevnetTokens.decimals(seed.symbolB()));
                boolean aIs0 = pool.token0().equals(a);
                assertThat(aIs0 ? r0 : r1).as("pool %d %s reserve", i, seed).isEqualTo(wantA);
                assertThat(aIs0 ? r1 : r0).isEqualTo(wantB);
            }
        }
    }

    private static Set<String> reachable(List<PoolSeed> pools, String from) {
        Map<String, Set<String>> next = new HashMap<>();
        for (PoolSeed p : pools) {
            next.computeIfAbsent(p.symbolA(), k -> new HashSet<>()).add(p.symbolB());
            next.computeIfAbsent(p.symbolB(), k -> new HashSet<>()).add(p.symbolA());
        }
        Set<String> seen = new HashSet<>(List.of(from));
        var todo = new ArrayDeque<>(List.of(from));
        while (!todo.isEmpty()) {
            for (String n : next.getOrDefault(todo.poll(), Set.of())) {
                if (seen.add(n)) {
                    todo.add(n);
                }
            }
        }
        return seen;
    }
}
