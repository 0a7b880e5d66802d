package io.metaroute.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.contracts.generated.UniswapV2Pair;
import io.metaroute.core.chain.Address;
import io.metaroute.core.intent.IntentSignature;
import io.metaroute.core.intent.IntentTypedData;
import io.metaroute.core.intent.SigningDomain;
import io.metaroute.core.intent.SwapIntent;
import io.metaroute.core.network.PoolRef;
import io.metaroute.core.network.Rollup;
import io.metaroute.core.pool.PoolState;
import io.metaroute.core.route.Leg;
import io.metaroute.core.route.Route;
import io.metaroute.core.route.RouteReplay;
import io.metaroute.devnet.DevAccount;
import io.metaroute.devnet.Devnet;
import io.metaroute.devnet.DevnetExtension;
import io.metaroute.execution.fill.FillExecutor;
import io.metaroute.execution.fill.FillOutcome;
import io.metaroute.execution.fill.FillRejected;
import io.metaroute.execution.fill.SettlerAbi;
import io.metaroute.execution.observe.ExecutionEvents;
import io.metaroute.execution.tx.ChainClient;
import io.metaroute.execution.tx.RpcException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import reactor.test.StepVerifier;

/**
 * Route programs (single paths and splits) run by the settler on ember: every fill pays the recipient
 * exactly what {@link RouteReplay} computes from the live pools, and leaves the pools exactly as it
 * says; malformed programs are refused in simulation, before anything is signed or sent.
 */
@ExtendWith(DevnetExtension.class)
class SplitFillTest {
    private static final Logger log = LoggerFactory.getLogger(SplitFillTest.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final long ALL = Leg.ALL;
    private static final long HALF = Leg.ALL / 2;
    private static final long FORTY_PERCENT = 400_000_000_000_000_000L;
    private static final long A_THIRD = 333_333_333_333_333_333L;

    private Devnet devnet;
    private Rollup ember;
    private Web3j web3j;
    private DevAccount wallet;
    private ChainClient client;
    private FillExecutor fills;
    private Address usdc;
    private Address usdt;
    private Address weth;
    private Address dai;

    @BeforeEach
    void setUp(Devnet devnet) {
        this.devnet = devnet;
        this.ember = devnet.rollup("ember");
        this.web3j = devnet.web3j(ember.chainId());
        this.wallet = devnet.wallets().get(2);
        this.client = new ChainClient(ember.chainId(), web3j, devnet.executor().credentials(), Duration.ofMillis(20));
        this.fills = new FillExecutor(client, ember.settler(), ExecutionEvents.noMetrics(), WAIT);
        this.usdc = token("USDC");
        this.usdt = token("USDT");
        this.weth = token("WETH");
        this.dai = token("DAI");
    }

    @Test
    void aSplitOverTheDirectPoolAndTheStablePathPaysTheReplayedAmountToTheWei() throws Exception {
        var result = replay(usdc, weth, units(10_000, 6), List.of(
                step(usdc, weth, FORTY_PERCENT), step(usdc, usdt, ALL), step(usdt, weth, ALL)));
        assertThat(result.route().isSinglePath()).isFalse();

        fillExactly(result);
    }

    @Test
    void twoBranchesThroughTheSamePoolPayTheReplayedAmountToTheWei() throws Exception {
        // USDC -> DAI: half through WETH directly, the other half through USDT and WETH; both branches
        // sell their WETH in the DAI/WETH pair, the second one after the first has moved its reserves
        var result = replay(usdc, dai, units(20_000, 6), List.of(
                step(usdc, weth, HALF), step(weth, dai, ALL),
                step(usdc, usdt, ALL), step(usdt, weth, ALL), step(weth, dai, ALL)));
        var daiWeth = pool(dai, weth).address();
        assertThat(result.route().legs()).filteredOn(leg -> leg.pool().equals(daiWeth)).hasSize(2);

        fillExactly(result);
    }

    @Test
    void branchesMergingOnAnIntermediateTokenPayTheReplayedAmountToTheWei() throws Exception {
        // DAI -> USDT: a third of the DAI straight to USDC, the rest to USDC through WETH; then all the USDC
        // (from both branches, with a share that does not divide evenly) is sold for USDT at once
        var result = replay(dai, usdt, units(5_000, 18).add(BigInteger.valueOf(7)), List.of(
                step(dai, usdc, A_THIRD), step(dai, weth, ALL), step(weth, usdc, ALL), step(usdc, usdt, ALL)));

        fillExactly(result);
    }

    @Test
    void aRoundTripThroughOnePairPaysTheReplayedAmountToTheWei() throws Exception {
        // USDC -> USDT -> USDC in the same pair (its output cannot be paid into itself), then USDC -> WETH
        var result = replay(usdc, weth, units(3_000, 6), List.of(
                step(usdc, usdt, ALL), step(usdt, usdc, ALL), step(usdc, weth, ALL)));

        fillExactly(result);
    }

    @Test
    void malformedProgramsAreRefusedWithInvalidPathInSimulationAndBurnNoNonce() throws Exception {
        var intent = intent(randomAddress(), usdc, weth, units(100, 6), BigInteger.ONE);
        var signature = sign(intent);
        long before = pendingNonce();

        var programs = new LinkedHashMap<String, List<RouteReplay.Step>>();
        programs.put("no steps", List.of());
        programs.put("a share of 0", List.of(step(usdc, weth, 0)));
        programs.put("a share above all", List.of(step(usdc, weth, ALL + 1)));
        programs.put("a step selling a token not held", List.of(step(usdt, weth, ALL)));
        programs.put("an intermediate token left over", List.of(step(usdc, usdt, ALL), step(usdt, weth, HALF)));
        programs.put("some of the input left over", List.of(step(usdc, weth, HALF)));
        programs.put("a step selling the output", List.of(step(usdc, weth, ALL), step(weth, usdt, HALF), step(usdt, weth, ALL)));
        programs.put("a pair that does not trade the step's tokens",
                List.of(new RouteReplay.Step(pool(usdc, usdt).address(), usdc, weth, ALL)));
        programs.put("a pool that is not a contract", List.of(new RouteReplay.Step(randomAddress(), usdc, weth, ALL)));
        programs.put("more than 32 steps", roundTrips(16, step(usdc, weth, ALL)));
        for (var program : programs.entrySet()) {
            String data = SettlerAbi.encodeFill(intent, signature, program.getValue());
            StepVerifier.create(client.call(ember.settler().hex(), data))
                    .expectErrorSatisfies(e -> assertThat(SettlerAbi.revertReason(((RpcException) e).revertData()))
                            .as(program.getKey()).hasValue("InvalidPath"))
                    .verify(WAIT);
            StepVerifier.create(client.prepare(ember.settler().hex(), data))
                    .expectErrorSatisfies(e -> assertThat(SettlerAbi.revertReason(((RpcException) e).revertData()))
                            .as(program.getKey()).hasValue("InvalidPath"))
                    .verify(WAIT);
        }
        // 32 steps are allowed: fifteen USDC/USDT round trips, then USDC -> USDT -> WETH
        var most = new ArrayList<>(roundTrips(15, step(usdc, usdt, ALL)));
        most.add(step(usdt, weth, ALL));
        assertThat(most).hasSize(32);
        assertThat(client.call(ember.settler().hex(), SettlerAbi.encodeFill(intent, signature, most)).block(WAIT)).isNotEmpty();

        // a well-formed route whose pool lacks its tokens reaches the settler too, and is refused by name
        BigInteger amountIn = intent.amountIn();
        var wrongPool = new Route(ember.chainId(), usdc, weth, amountIn, BigInteger.ONE,
                List.of(new Leg(pool(usdc, usdt).address(), usdc, weth, amountIn, BigInteger.ONE)), 0);
        StepVerifier.create(fills.simulate(intent, signature, wrongPool))
                .expectErrorSatisfies(e -> assertThat(((FillRejected) e).reason()).isEqualTo("InvalidPath"))
                .verify(WAIT);
        StepVerifier.create(fills.prepare(intent, signature, wrongPool))
                .expectErrorSatisfies(e -> assertThat(((FillRejected) e).reason()).isEqualTo("InvalidPath"))
                .verify(WAIT);

        // nothing was sent and the intent's nonce is untouched: the same intent fills with the next executor nonce
        assertThat(pendingNonce()).isEqualTo(before);
        assertThat(fills.nonceUsed(intent).block(WAIT)).isFalse();
        var good = replay(usdc, weth, amountIn, List.of(step(usdc, weth, ALL))).route();
        var tx = fills.prepare(intent, signature, good).block(WAIT);
        assertThat(tx.nonce().longValueExact()).isEqualTo(before);
        var outcome = fills.broadcast(tx).flatMap(fills::await).block(WAIT);
        assertThat(outcome).isInstanceOf(FillOutcome.Filled.class);
        assertThat(fills.nonceUsed(intent).block(WAIT)).isTrue();
    }

    @Test
    void gasUsedGrowsByLeg() throws Exception {
        var programs = new LinkedHashMap<String, Program>();
        programs.put("1 leg, USDC -> WETH", new Program(usdc, weth, List.of(step(usdc, weth, ALL))));
        programs.put("2-leg path, USDC -> USDT -> WETH", new Program(usdc, weth,
                List.of(step(usdc, usdt, ALL), step(usdt, weth, ALL))));
        programs.put("3-leg path, USDC -> USDT -> WETH -> DAI", new Program(usdc, dai,
                List.of(step(usdc, usdt, ALL), step(usdt, weth, ALL), step(weth, dai, ALL))));
        programs.put("3-leg split, USDC -> WETH 40% direct, 60% via USDT", new Program(usdc, weth,
                List.of(step(usdc, weth, FORTY_PERCENT), step(usdc, usdt, ALL), step(usdt, weth, ALL))));
        programs.put("5-leg split, USDC -> DAI, two branches through DAI/WETH", new Program(usdc, dai,
                List.of(step(usdc, weth, HALF), step(weth, dai, ALL), step(usdc, usdt, ALL), step(usdt, weth, ALL),
                        step(weth, dai, ALL))));
        programs.put("8-leg path, USDC/USDT round trips then USDT -> WETH", new Program(usdc, weth,
                withLast(roundTrips(3, step(usdc, usdt, ALL)), step(usdt, weth, ALL))));
        programs.put("32-leg path, USDC/USDT round trips then USDT -> WETH", new Program(usdc, weth,
                withLast(roundTrips(15, step(usdc, usdt, ALL)), step(usdt, weth, ALL))));
        // A pair updates its price accumulators (two storage writes) only on its first swap in a block second,
        // so a fill's gas depends on timing. Measure the steady state with every accumulator updated: after one
        // unmeasured round (a pair's very first swap writes them from zero), every fill waits for a new second.
        var gas = new LinkedHashMap<String, List<Long>>();
        for (int round = 0; round < 2; round++) {
            for (var program : programs.entrySet()) {
                var p = program.getValue();
                awaitNextSecond();
                // replayed just before each fill: the previous fills moved the pools
                long used = fillExactly(replay(p.tokenIn(), p.tokenOut(), units(1_000, 6), p.steps()));
                if (round > 0) {
                    gas.computeIfAbsent(program.getKey(), k -> new ArrayList<>()).add(used);
                }
            }
        }
        var medians = new ArrayList<Long>();
        gas.forEach((name, used) -> {
            long median = used.stream().sorted().toList().get(used.size() / 2);
            medians.add(median);
            log.info("settler gas used: {}: median {}, runs {}", name, median, used);
        });
        // each leg adds a pair swap, and at most one token transfer more: tens of thousands of gas, not hundreds
        assertThat(medians.get(1) - medians.get(0)).isBetween(25_000L, 100_000L);
        assertThat(medians.get(2) - medians.get(1)).isBetween(25_000L, 100_000L);
        // the settler's most legs: still tens of thousands per leg, about 2M gas in all
        assertThat((medians.get(6) - medians.get(0)) / 31).isBetween(25_000L, 100_000L);
        assertThat(medians.get(6)).isLessThan(3_000_000L);
    }

    private static List<RouteReplay.Step> withLast(List<RouteReplay.Step> steps, RouteReplay.Step last) {
        var all = new ArrayList<>(steps);
        all.add(last);
        return all;
    }

    /** Waits until the chain's latest block is a second later than the one before: pools traded since are stale. */
    private void awaitNextSecond() throws Exception {
        long start = latestTimestamp();
        while (latestTimestamp() <= start) {
            Thread.sleep(50);
        }
    }

    private long latestTimestamp() throws Exception {
        return web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock().getTimestamp()
                .longValueExact();
    }

    private record Program(Address tokenIn, Address tokenOut, List<RouteReplay.Step> steps) {
    }

    // --- fills ---------------------------------------------------------------------------------

    /**
     * Fills {@code result}'s route for a fresh recipient with the replayed output as the signed minimum,
     * checks every balance and pool against the replay, and returns the gas the fill used.
     */
    private long fillExactly(RouteReplay.Result result) throws Exception {
        Route route = result.route();
        Address recipient = randomAddress();
        var intent = intent(recipient, route.tokenIn(), route.tokenOut(), route.amountIn(), route.amountOut());
        var signature = sign(intent);
        BigInteger userBefore = balance(route.tokenIn(), wallet.address());

        assertThat(fills.simulate(intent, signature, route).block(WAIT)).isEqualTo(route.amountOut());
        var tx = fills.prepare(intent, signature, route).block(WAIT);
        var outcome = fills.broadcast(tx).flatMap(fills::await).block(WAIT);

        assertThat(outcome).isInstanceOf(FillOutcome.Filled.class);
        assertThat(((FillOutcome.Filled) outcome).report().amountOut()).isEqualTo(route.amountOut());
        assertThat(balance(route.tokenOut(), recipient)).isEqualTo(route.amountOut());
        assertThat(balance(route.tokenIn(), wallet.address())).isEqualTo(userBefore.subtract(route.amountIn()));
        // nothing is left in the settler, and every pool moved exactly as replayed
        for (Address token : tokensOf(route)) {
            assertThat(balance(token, ember.settler())).as("settler's %s", token).isZero();
        }
        var after = livePools();
        for (Leg leg : route.legs()) {
            PoolState expected = result.poolsAfter().get(leg.pool());
            PoolState actual = after.get(leg.pool());
            assertThat(List.of(actual.reserve0(), actual.reserve1())).as("reserves of %s", leg.pool())
                    .isEqualTo(List.of(expected.reserve0(), expected.reserve1()));
        }
        return client.receipt(tx.hash()).block(WAIT).getGasUsed().longValueExact();
    }

    private RouteReplay.Result replay(Address tokenIn, Address tokenOut, BigInteger amountIn, List<RouteReplay.Step> steps)
            throws Exception {
        return RouteReplay.run(ember.chainId(), tokenIn, tokenOut, amountIn, steps, livePools(), 0);
    }

    /** Every ember pool, as its pair reports it now. */
    private Map<Address, PoolState> livePools() throws Exception {
        long block = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
        var pools = new HashMap<Address, PoolState>();
        for (PoolRef ref : ember.pools()) {
            var reserves = UniswapV2Pair.load(ref.address().hex(), web3j, new ReadonlyTransactionManager(web3j, null),
                    new DefaultGasProvider()).getReserves().send();
            pools.put(ref.address(), new PoolState(ember.chainId(), ref.address(), ref.token0(), ref.token1(),
                    reserves.component1(), reserves.component2(), block));
        }
        return pools;
    }

    /** {@code n} USDC -> USDT -> USDC round trips, then {@code last}. */
    private List<RouteReplay.Step> roundTrips(int n, RouteReplay.Step last) {
        var steps = new ArrayList<RouteReplay.Step>();
        for (int i = 0; i < n; i++) {
            steps.add(step(usdc, usdt, ALL));
            steps.add(step(usdt, usdc, ALL));
        }
        steps.add(last);
        return steps;
    }

    private RouteReplay.Step step(Address tokenIn, Address tokenOut, long share) {
        return new RouteReplay.Step(pool(tokenIn, tokenOut).address(), tokenIn, tokenOut, share);
    }

    private PoolRef pool(Address a, Address b) {
        return ember.pools().stream()
                .filter(p -> (p.token0().equals(a) && p.token1().equals(b)) || (p.token0().equals(b) && p.token1().equals(a)))
                .findFirst().orElseThrow();
    }

    private static Set<Address> tokensOf(Route route) {
        return route.legs().stream().flatMap(l -> java.util.stream.Stream.of(l.tokenIn(), l.tokenOut()))
                .collect(Collectors.toSet());
    }

    private SwapIntent intent(Address recipient, Address tokenIn, Address tokenOut, BigInteger amountIn, BigInteger minOut)
            throws Exception {
        long now = latestTimestamp();
        return new SwapIntent(wallet.address(), recipient, new BigInteger(128, RANDOM), ember.chainId(), ember.chainId(),
                tokenIn, amountIn, tokenOut, minOut, now + 600);
    }

    private IntentSignature sign(SwapIntent intent) {
        return IntentSignature.sign(IntentTypedData.digest(SigningDomain.of(ember.chainId(), ember.settler()), intent),
                wallet.credentials().getEcKeyPair());
    }

    private BigInteger balance(Address token, Address holder) {
        return devnet.balanceOf(ember.chainId(), token, holder);
    }

    private long pendingNonce() throws Exception {
        return web3j.ethGetTransactionCount(devnet.executor().address().hex(), DefaultBlockParameterName.PENDING).send()
                .getTransactionCount().longValueExact();
    }

    private Address token(String symbol) {
        return ember.tokenBySymbol(symbol).orElseThrow().address();
    }

    private static BigInteger units(long whole, int decimals) {
        return BigInteger.valueOf(whole).multiply(BigInteger.TEN.pow(decimals));
    }

    private static Address randomAddress() {
        byte[] raw = new byte[20];
        RANDOM.nextBytes(raw);
        return Address.of("0x" + HexFormat.of().formatHex(raw));
    }
}
