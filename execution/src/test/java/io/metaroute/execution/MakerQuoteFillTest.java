package io.metaroute.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaroute.contracts.generated.MetarouteSettler;
import io.metaroute.contracts.generated.TestToken;
import io.metaroute.contracts.generated.UniswapV2Pair;
import io.metaroute.core.chain.Address;
import io.metaroute.core.intent.IntentSignature;
import io.metaroute.core.intent.IntentTypedData;
import io.metaroute.core.intent.SigningDomain;
import io.metaroute.core.intent.SwapIntent;
import io.metaroute.core.network.PoolRef;
import io.metaroute.core.network.Rollup;
import io.metaroute.core.pool.PoolState;
import io.metaroute.core.rfq.MakerQuote;
import io.metaroute.core.rfq.MakerQuoteTypedData;
import io.metaroute.core.rfq.SignedQuote;
import io.metaroute.core.route.Leg;
import io.metaroute.core.route.Route;
import io.metaroute.core.route.RouteReplay;
import io.metaroute.devnet.DevAccount;
import io.metaroute.devnet.Devnet;
import io.metaroute.devnet.DevnetExtension;
import io.metaroute.devnet.DevnetMaker;
import io.metaroute.execution.fill.FillExecutor;
import io.metaroute.execution.fill.FillOutcome;
import io.metaroute.execution.fill.FillRejected;
import io.metaroute.execution.observe.ExecutionEvents;
import io.metaroute.execution.tx.ChainClient;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.tx.gas.StaticGasProvider;

/**
 * Market makers' firm quotes taken by the settler on ember ({@code fillWithQuotes}): a quote pays the
 * recipient exactly what {@link RouteReplay} computes, once; a replayed, expired, foreign-signed or
 * unfunded quote is refused in simulation, each by its own error, and the refusal names the maker.
 */
@ExtendWith(DevnetExtension.class)
class MakerQuoteFillTest {
    private static final Logger log = LoggerFactory.getLogger(MakerQuoteFillTest.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration WAIT = Duration.ofSeconds(30);

    private Devnet devnet;
    private Rollup ember;
    private Web3j web3j;
    private DevAccount wallet;
    private ChainClient client;
    private FillExecutor fills;
    private Address usdc;
    private Address usdt;
    private Address weth;
    private Credentials maker;

    @BeforeEach
    void setUp(Devnet devnet) throws Exception {
        this.devnet = devnet;
        this.ember = devnet.rollup("ember");
        this.web3j = devnet.web3j(ember.chainId());
        this.wallet = devnet.wallets().get(1);
        this.client = new ChainClient(ember.chainId(), web3j, devnet.executor().credentials(), Duration.ofMillis(20));
        this.fills = new FillExecutor(client, ember.settler(), ExecutionEvents.noMetrics(), WAIT);
        this.usdc = token("USDC");
        this.usdt = token("USDT");
        this.weth = token("WETH");
        this.maker = Credentials.create(Keys.createEcKeyPair());
        DevnetMaker.fund(devnet, maker.getAddress(), 1_000);
    }

    @Test
    void aQuoteIsTakenOnceAtItsPriceRoundedDownForTheMaker() throws Exception {
        approve(weth);
        // 1,000 USDC max for 0.3 WETH: a partial fill of 700.000001 USDC pays 0.2100000003 WETH, rounded down
        SignedQuote quote = quote(usdc, weth, units(1_000, 6), units(3, 17), expiresIn(600));
        BigInteger in = units(700, 6).add(BigInteger.ONE);
        var result = RouteReplay.run(ember.chainId(), usdc, weth, in,
                List.of(new RouteReplay.Step(quote.venue(), usdc, weth, Leg.ALL)), Map.of(), venues(quote), 0);
        assertThat(result.route().amountOut()).isEqualTo(in.multiply(units(3, 17)).divide(units(1_000, 6)));
        assertThat(result.route().quotes()).containsExactly(quote);

        var filled = fill(result.route());
        assertThat(balance(usdc, Address.of(maker.getAddress()))).isEqualTo(units(1_000, 6).add(in));
        assertThat(settler().quoteNonceUsed(maker.getAddress(), quote.quote().nonce()).send()).isTrue();
        var taken = MetarouteSettler.getQuoteTakenEvents(client.receipt(filled.hash).block(WAIT));
        assertThat(taken).hasSize(1);
        assertThat(taken.get(0).amountOut).isEqualTo(result.route().amountOut());
        log.info("one maker leg: {} gas", filled.gas);

        // the same quote in another intent's fill: taken once only
        var again = RouteReplay.run(ember.chainId(), usdc, weth, units(10, 6),
                List.of(new RouteReplay.Step(quote.venue(), usdc, weth, Leg.ALL)), Map.of(), venues(quote), 0).route();
        assertThat(refusal(again)).extracting(FillRejected::reason).isEqualTo("QuoteUsed");
        assertThat(refusal(again).maker()).contains(quote.maker());
    }

    @Test
    void aSplitOverAPoolAndAQuoteAndAPathThroughBothPayTheReplayedAmountToTheWei() throws Exception {
        approve(weth);
        approve(usdt);
        SignedQuote toWeth = quote(usdc, weth, units(600, 6), units(2, 17), expiresIn(600));
        var split = RouteReplay.run(ember.chainId(), usdc, weth, units(1_000, 6), List.of(
                new RouteReplay.Step(toWeth.venue(), usdc, weth, Leg.ALL / 2), step(usdc, weth, Leg.ALL)),
                livePools(), venues(toWeth), 0);
        long splitGas = fill(split.route()).gas;
        // a pool pays the maker directly and the maker the next pool: USDC -(pool)-> WETH -(maker)-> USDT
        SignedQuote toUsdt = quote(weth, usdt, units(1, 18), units(3_000, 6), expiresIn(600));
        var chained = RouteReplay.run(ember.chainId(), usdc, usdt, units(500, 6), List.of(
                step(usdc, weth, Leg.ALL), new RouteReplay.Step(toUsdt.venue(), weth, usdt, Leg.ALL)),
                livePools(), venues(toUsdt), 0);
        long chainedGas = fill(chained.route()).gas;
        long onePool = fill(RouteReplay.run(ember.chainId(), usdc, weth, units(400, 6), List.of(step(usdc, weth, Leg.ALL)),
                livePools(), 0).route()).gas;
        log.info("gas: one pool leg {}, pool + maker split {}, pool then maker {}: a maker leg {} beside a pool leg", onePool,
                splitGas, chainedGas, splitGas - onePool);
        // what the router charges a maker leg (a pool leg's 60,000 and Router.GAS_PER_QUOTE_LEG_EXTRA, 46,000) covers it
        assertThat(splitGas - onePool).isBetween(60_000L, 106_000L);
    }

    @Test
    void expiredForeignSignedAndUnfundedQuotesAreRefusedNamingTheMaker() throws Exception {
        approve(weth);
        SignedQuote expired = quote(usdc, weth, units(100, 6), units(3, 16), expiresIn(-5));
        assertThat(refusal(takeAll(expired, units(100, 6))).reason()).isEqualTo("QuoteExpired");

        // signed by another key than the maker it names
        MakerQuote terms = new MakerQuote(ember.chainId(), Address.of(maker.getAddress()), usdc, weth, units(100, 6),
                units(3, 16), expiresIn(600), new BigInteger(64, RANDOM));
        var stranger = Credentials.create(Keys.createEcKeyPair());
        SignedQuote forged = SignedQuote.of(domain(), terms, IntentSignature.sign(MakerQuoteTypedData.digest(domain(), terms),
                stranger.getEcKeyPair()));
        FillRejected wrongSigner = refusal(takeAll(forged, units(100, 6)));
        assertThat(wrongSigner.reason()).isEqualTo("QuoteSignatureInvalid");
        assertThat(wrongSigner.maker()).contains(forged.maker());

        // a maker that has not approved the settler for what it sells
        SignedQuote unapproved = quote(usdc, usdt, units(100, 6), units(99, 6), expiresIn(600));
        FillRejected unpaid = refusal(takeAll(unapproved, units(100, 6)));
        assertThat(unpaid.reason()).isEqualTo("MakerTransferFailed");
        assertThat(unpaid.maker()).contains(unapproved.maker());

        // more than the quote's amount is refused by the replay already, and by the settler
        SignedQuote small = quote(usdc, weth, units(10, 6), units(3, 15), expiresIn(600));
        assertThatThrownBy(() -> takeAll(small, units(11, 6))).isInstanceOf(RouteReplay.QuoteOverrun.class);

        // a cancelled quote nonce can never be taken
        SignedQuote cancelled = quote(usdc, weth, units(100, 6), units(3, 16), expiresIn(600));
        assertThat(settler(maker).cancelQuoteNonce(cancelled.quote().nonce()).send().isStatusOK()).isTrue();
        assertThat(refusal(takeAll(cancelled, units(100, 6))).reason()).isEqualTo("QuoteUsed");
    }

    @Test
    void theContractDigestEqualsTheJavaDigest() throws Exception {
        SignedQuote q = quote(usdc, weth, units(123, 6), BigInteger.valueOf(456), 789);
        var terms = q.quote();
        byte[] onChain = settler().hashQuote(new MetarouteSettler.MakerQuote(terms.maker().hex(), terms.tokenIn().hex(),
                terms.tokenOut().hex(), terms.amountIn(), terms.amountOut(), BigInteger.valueOf(terms.expiry()), terms.nonce())).send();
        assertThat("0x" + HexFormat.of().formatHex(onChain)).isEqualTo(q.digest());
    }

    // --- helpers ---------------------------------------------------------------------------------

    private record Filled(String hash, long gas) {
    }

    /** Fills {@code route} for a fresh recipient with its output as the minimum; checks the recipient got exactly that. */
    private Filled fill(Route route) throws Exception {
        Address recipient = randomAddress();
        var intent = intent(recipient, route);
        var signature = sign(intent);
        assertThat(fills.simulate(intent, signature, route).block(WAIT)).isEqualTo(route.amountOut());
        var tx = fills.prepare(intent, signature, route).block(WAIT);
        assertThat(FillExecutor.fillsOneIntent(tx)).isTrue();
        var outcome = fills.broadcast(tx).flatMap(fills::await).block(WAIT);
        assertThat(outcome).isInstanceOf(FillOutcome.Filled.class);
        assertThat(balance(route.tokenOut(), recipient)).isEqualTo(route.amountOut());
        for (var t : ember.tokens()) {
            assertThat(balance(t.address(), ember.settler())).as("settler's %s", t.symbol()).isZero();
        }
        return new Filled(tx.hash(), client.receipt(tx.hash()).block(WAIT).getGasUsed().longValueExact());
    }

    private FillRejected refusal(Route route) throws Exception {
        var intent = intent(randomAddress(), route);
        try {
            fills.simulate(intent, sign(intent), route).block(WAIT);
        } catch (FillRejected e) {
            return e;
        }
        throw new AssertionError("the settler took " + route);
    }

    private Route takeAll(SignedQuote q, BigInteger amount) {
        return RouteReplay.run(ember.chainId(), q.quote().tokenIn(), q.quote().tokenOut(), amount,
                List.of(new RouteReplay.Step(q.venue(), q.quote().tokenIn(), q.quote().tokenOut(), Leg.ALL)), Map.of(),
                venues(q), 0).route();
    }

    private SignedQuote quote(Address tokenIn, Address tokenOut, BigInteger amountIn, BigInteger amountOut, long expiry) {
        var terms = new MakerQuote(ember.chainId(), Address.of(maker.getAddress()), tokenIn, tokenOut, amountIn, amountOut,
                expiry, new BigInteger(64, RANDOM));
        return SignedQuote.of(domain(), terms, IntentSignature.sign(MakerQuoteTypedData.digest(domain(), terms),
                maker.getEcKeyPair()));
    }

    private static Map<Address, SignedQuote> venues(SignedQuote... quotes) {
        return RouteReplay.quoteMap(List.of(quotes));
    }

    /** The maker approves the settler for all it holds of {@code token}. */
    private void approve(Address token) throws Exception {
        var tm = new RawTransactionManager(web3j, maker, ember.chainId().value(), devnet.receiptProcessor(ember.chainId()));
        var gas = new StaticGasProvider(web3j.ethGasPrice().send().getGasPrice().multiply(BigInteger.TWO), BigInteger.valueOf(100_000));
        assertThat(TestToken.load(token.hex(), web3j, tm, gas).approve(ember.settler().hex(),
                BigInteger.TWO.pow(256).subtract(BigInteger.ONE)).send().isStatusOK()).isTrue();
    }

    private MetarouteSettler settler() {
        return MetarouteSettler.load(ember.settler().hex(), web3j, new ReadonlyTransactionManager(web3j, null),
                new DefaultGasProvider());
    }

    private MetarouteSettler settler(Credentials who) throws Exception {
        var tm = new RawTransactionManager(web3j, who, ember.chainId().value(), devnet.receiptProcessor(ember.chainId()));
        var gas = new StaticGasProvider(web3j.ethGasPrice().send().getGasPrice().multiply(BigInteger.TWO), BigInteger.valueOf(200_000));
        return MetarouteSettler.load(ember.settler().hex(), web3j, tm, gas);
    }

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

    private RouteReplay.Step step(Address tokenIn, Address tokenOut, long share) {
        PoolRef pool = ember.pools().stream().filter(p -> p.token0().equals(tokenIn) && p.token1().equals(tokenOut)
                || p.token0().equals(tokenOut) && p.token1().equals(tokenIn)).findFirst().orElseThrow();
        return new RouteReplay.Step(pool.address(), tokenIn, tokenOut, share);
    }

    private SigningDomain domain() {
        return SigningDomain.of(ember.chainId(), ember.settler());
    }

    private SwapIntent intent(Address recipient, Route route) throws Exception {
        return new SwapIntent(wallet.address(), recipient, new BigInteger(128, RANDOM), ember.chainId(), ember.chainId(),
                route.tokenIn(), route.amountIn(), route.tokenOut(), route.amountOut(), latestTimestamp() + 600);
    }

    private IntentSignature sign(SwapIntent intent) {
        return IntentSignature.sign(IntentTypedData.digest(domain(), intent), wallet.credentials().getEcKeyPair());
    }

    private long expiresIn(long seconds) throws Exception {
        return latestTimestamp() + seconds;
    }

    private long latestTimestamp() throws Exception {
        return web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock().getTimestamp()
                .longValueExact();
    }

    private BigInteger balance(Address token, Address holder) {
        return devnet.balanceOf(ember.chainId(), token, holder);
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
