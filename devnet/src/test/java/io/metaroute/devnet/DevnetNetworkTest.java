package io.metaroute.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.contracts.generated.UniswapV2Pair;
import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.network.PoolRef;
import io.metaroute.core.network.Rollup;
import io.metaroute.core.pool.UniswapV2Math;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.tuples.generated.Tuple3;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

@ExtendWith(DevnetExtension.class)
class DevnetNetworkTest {

    @Test
    void threeRollupsWithTokensAndSeededPools(Devnet devnet) throws Exception {
        List<Rollup> rollups = devnet.network().rollups();
        assertThat(rollups).extracting(Rollup::name).containsExactly("ember", "veil", "ledger");
        assertThat(rollups).extracting(r -> r.chainId().value()).containsExactly(710001L, 710002L, 710003L);
        assertThat(rollups).extracting(Rollup::blockTime)
                .containsExactly(Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ofSeconds(2));
        for (Rollup r : rollups) {
            var chainId = devnet.web3j(r.chainId()).ethChainId().send().getChainId();
            assertThat(chainId.longValue()).isEqualTo(r.chainId().value());
            assertThat(r.tokens()).extracting(t -> t.symbol()).containsExactly("USDC", "USDT", "WETH", "DAI");
            assertThat(r.pools()).hasSize(5);
            for (PoolRef pool : r.pools()) {
                assertThat(pool.token0().hex()).isLessThan(pool.token1().hex());
                var reserves = reserves(devnet, r.chainId(), pool.address());
                assertThat(reserves.component1()).isPositive();
                assertThat(reserves.component2()).isPositive();
            }
        }
        // same deployer, same order: same addresses everywhere
        assertThat(rollups).extracting(Rollup::settler).containsOnly(rollups.get(0).settler());
        assertThat(rollups).extracting(Rollup::pools).containsOnly(rollups.get(0).pools());
    }

    @Test
    void walletsAreFundedAndRolesAssigned(Devnet devnet) {
        assertThat(devnet.executor().role()).isEqualTo("executor");
        assertThat(devnet.wallets()).hasSize(3).allSatisfy(w -> assertThat(w.role()).isEqualTo("wallet"));
        assertThat(devnet.devAccounts()).hasSize(4);
        for (Rollup r : devnet.network().rollups()) {
            for (DevAccount w : devnet.wallets()) {
                var usdc = r.tokenBySymbol("USDC").orElseThrow();
                var weth = r.tokenBySymbol("WETH").orElseThrow();
                assertThat(devnet.balanceOf(r.chainId(), usdc.address(), w.address()))
                        .isGreaterThanOrEqualTo(BigInteger.valueOf(500_000).multiply(BigInteger.TEN.pow(6)));
                assertThat(devnet.balanceOf(r.chainId(), weth.address(), w.address()))
                        .isGreaterThanOrEqualTo(BigInteger.valueOf(500).multiply(BigInteger.TEN.pow(18)));
            }
        }
    }

    @Test
    void descriptionFileRoundTrips(Devnet devnet) {
        var contents = NetworkFile.read(devnet.descriptionFile());
        // a warp route per base token on every rollup, kept through the file
        assertThat(devnet.network().metalayer().rollups()).hasSize(devnet.network().rollups().size())
                .allSatisfy(c -> assertThat(c.warpRoutes()).hasSize(DevnetTokens.SYMBOLS.size()));
        assertThat(contents.network()).isEqualTo(devnet.network());
        assertThat(contents.devAccounts()).isEqualTo(devnet.devAccounts());
        assertThat(NetworkFile.fromJson(NetworkFile.toJson(devnet.network(), devnet.devAccounts())))
                .isEqualTo(contents);
    }

    /** The seeding makes routing matter: on ember, 10,000 USDC buys more WETH via USDT than directly. */
    @Test
    void twoHopBeatsTheShallowDirectPoolOnEmber(Devnet devnet) throws Exception {
        Rollup ember = devnet.rollup("ember");
        Address usdc = ember.tokenBySymbol("USDC").orElseThrow().address();
        Address usdt = ember.tokenBySymbol("USDT").orElseThrow().address();
        Address weth = ember.tokenBySymbol("WETH").orElseThrow().address();
        BigInteger in = BigInteger.valueOf(10_000).multiply(BigInteger.TEN.pow(6));
        BigInteger direct = quote(devnet, ember, usdc, weth, in);
        BigInteger twoHop = quote(devnet, ember, usdt, weth, quote(devnet, ember, usdc, usdt, in));
        assertThat(twoHop).isGreaterThan(direct);
    }

    static BigInteger quote(Devnet devnet, Rollup r, Address tokenIn, Address tokenOut, BigInteger amountIn) throws Exception {
        PoolRef pool = pool(r, tokenIn, tokenOut);
        var reserves = reserves(devnet, r.chainId(), pool.address());
        boolean inIs0 = pool.token0().equals(tokenIn);
        return UniswapV2Math.amountOut(amountIn, inIs0 ? reserves.component1() : reserves.component2(),
                inIs0 ? reserves.component2() : reserves.component1());
    }

    static PoolRef pool(Rollup r, Address a, Address b) {
        return r.pools().stream()
                .filter(p -> (p.token0().equals(a) && p.token1().equals(b)) || (p.token0().equals(b) && p.token1().equals(a)))
                .findFirst().orElseThrow();
    }

    static Tuple3<BigInteger, BigInteger, BigInteger> reserves(Devnet devnet, ChainId chain, Address pair) throws Exception {
        var web3j = devnet.web3j(chain);
        return UniswapV2Pair.load(pair.hex(), web3j, new ReadonlyTransactionManager(web3j, null), new DefaultGasProvider())
                .getReserves().send();
    }
}
