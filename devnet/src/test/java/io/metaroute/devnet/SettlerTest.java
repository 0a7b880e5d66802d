package io.metaroute.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.contracts.generated.MetarouteSettler;
import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.intent.IntentSignature;
import io.metaroute.core.intent.IntentTypedData;
import io.metaroute.core.intent.SigningDomain;
import io.metaroute.core.intent.SwapIntent;
import io.metaroute.core.network.PoolRef;
import io.metaroute.core.network.Rollup;
import io.metaroute.core.pool.PoolState;
import io.metaroute.core.route.BatchReplay;
import io.metaroute.core.route.Leg;
import io.metaroute.core.route.RouteReplay;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Sign;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;

/** The settler on a real rollup (ember, 250 ms blocks), driven with intents signed by core's Java code. */
@ExtendWith(DevnetExtension.class)
class SettlerTest {
    private static final Logger log = LoggerFactory.getLogger(SettlerTest.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final BigInteger CURVE_N = Sign.CURVE_PARAMS.getN();
    /** A step's share that sells everything held: 1e18 parts. */
    private static final BigInteger ALL = BigInteger.TEN.pow(18);

    private Devnet devnet;
    private Rollup ember;
    private Web3j web3j;
    private DevAccount wallet;
    private Address usdc;
    private Address usdt;
    private Address weth;

    @BeforeEach
    void setUp(Devnet devnet) {
        this.devnet = devnet;
        this.ember = devnet.rollup("ember");
        this.web3j = devnet.web3j(ember.chainId());
        this.wallet = devnet.wallets().get(0);
        this.usdc = ember.tokenBySymbol("USDC").orElseThrow().address();
        this.usdt = ember.tokenBySymbol("USDT").orElseThrow().address();
        this.weth = ember.tokenBySymbol("WETH").orElseThrow().address();
    }

    @Test
    void fillsATwoHopIntentForExactlyTheOffChainQuote() throws Exception {
        BigInteger amountIn = usdcUnits(1_000);
        BigInteger expected = expectedTwoHop(amountIn);
        Address recipient = randomAddress();
        SwapIntent intent = intent(recipient, amountIn, expected, deadlineIn(3600));
        byte[] digest = digest(intent);
        IntentSignature signature = IntentSignature.sign(digest, wallet.credentials().getEcKeyPair());

        var receipt = settler(devnet.executor().credentials())
                .fill(toContract(intent), signature.toBytes(), twoHop()).send();

        assertThat(receipt.isStatusOK()).isTrue();
        assertThat(devnet.balanceOf(ember.chainId(), weth, recipient)).isEqualTo(expected);
        var events = MetarouteSettler.getIntentFilledEvents(receipt);
        assertThat(events).hasSize(1);
        var event = events.get(0);
        assertThat(event.amountOut).isEqualTo(expected);
        assertThat(event.amountIn).isEqualTo(amountIn);
        assertThat(event.intentHash).isEqualTo(digest);
        assertThat(Address.of(event.user)).isEqualTo(wallet.address());
        assertThat(Address.of(event.recipient)).isEqualTo(recipient);
        assertThat(Address.of(event.solver)).isEqualTo(devnet.executor().address());
        assertThat(settler(devnet.executor().credentials()).nonceUsed(wallet.address().hex(), intent.nonce()).send()).isTrue();

        // the same signed intent again: its nonce is spent
        assertThat(revertOf(fillCall(intent, signature.toBytes()))).isEqualTo(selector("NonceAlreadyUsed()"));
    }

    @Test
    void contractDigestEqualsJavaDigest() throws Exception {
        SwapIntent intent = intent(randomAddress(), usdcUnits(123), BigInteger.valueOf(456), deadlineIn(600));
        byte[] onChain = settler(devnet.executor().credentials()).hashIntent(toContract(intent)).send();
        assertThat(onChain).isEqualTo(digest(intent));
    }

    @Test
    void rejectsSignaturesBoundToAnotherDomain() throws Exception {
        SwapIntent intent = intent(randomAddress(), usdcUnits(100), BigInteger.ONE, deadlineIn(600));
        var key = wallet.credentials().getEcKeyPair();
        byte[] otherChain = IntentTypedData.digest(SigningDomain.of(ChainId.of(710002), ember.settler()), intent);
        byte[] otherContract = IntentTypedData.digest(SigningDomain.of(ember.chainId(), randomAddress()), intent);
        assertThat(revertOf(fillCall(intent, IntentSignature.sign(otherChain, key).toBytes())))
                .isEqualTo(selector("InvalidSignature()"));
        assertThat(revertOf(fillCall(intent, IntentSignature.sign(otherContract, key).toBytes())))
                .isEqualTo(selector("InvalidSignature()"));
        // control: the right domain passes every check (eth_call only, nothing is spent)
        assertThat(revertOf(fillCall(intent, IntentSignature.sign(digest(intent), key).toBytes()))).isNull();
    }

    @Test
    void rejectsTheHighSTwinOfAValidSignature() throws Exception {
        SwapIntent intent = intent(randomAddress(), usdcUnits(100), BigInteger.ONE, deadlineIn(600));
        byte[] sig = IntentSignature.sign(digest(intent), wallet.credentials().getEcKeyPair()).toBytes();
        byte[] twin = sig.clone();
        BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(sig, 32, 64));
        byte[] highS = org.web3j.utils.Numeric.toBytesPadded(CURVE_N.subtract(s), 32);
        System.arraycopy(highS, 0, twin, 32, 32);
        twin[64] = (byte) (sig[64] == 27 ? 28 : 27);
        assertThat(revertOf(fillCall(intent, twin))).isEqualTo(selector("InvalidSignature()"));
        assertThat(revertOf(fillCall(intent, sig))).isNull();
    }

    @Test
    void rejectsAnExpiredIntent() throws Exception {
        SwapIntent intent = intent(randomAddress(), usdcUnits(100), BigInteger.ONE, blockTimestamp() - 1);
        assertThat(revertOf(fillCall(intent, sign(intent)))).isEqualTo(selector("IntentExpired()"));
    }

    @Test
    void rejectsAnOutputOneWeiBelowTheSignedMinimum() throws Exception {
        BigInteger amountIn = usdcUnits(250);
        BigInteger expected = expectedTwoHop(amountIn);
        SwapIntent intent = intent(randomAddress(), amountIn, expected.add(BigInteger.ONE), deadlineIn(600));
        String revert = revertOf(fillCall(intent, sign(intent)));
        assertThat(revert).startsWith(selector("InsufficientOutput(uint256,uint256)"));
        String args = revert.substring(10);
        assertThat(new BigInteger(args.substring(0, 64), 16)).isEqualTo(expected);
        assertThat(new BigInteger(args.substring(64, 128), 16)).isEqualTo(expected.add(BigInteger.ONE));
        // exactly the expected output as minimum passes
        SwapIntent exact = intent(randomAddress(), amountIn, expected, deadlineIn(600));
        assertThat(revertOf(fillCall(exact, sign(exact)))).isNull();
    }

    @Test
    void rejectsWrongChainsAndPaths() throws Exception {
        SwapIntent crossChain = new SwapIntent(wallet.address(), randomAddress(), randomNonce(), ember.chainId(),
                ChainId.of(710002), usdc, usdcUnits(10), weth, BigInteger.ONE, deadlineIn(600));
        assertThat(revertOf(fillCall(crossChain, sign(crossChain)))).isEqualTo(selector("WrongChain()"));
        SwapIntent intent = intent(randomAddress(), usdcUnits(10), BigInteger.ONE, deadlineIn(600));
        // the first pair trades USDC for USDT, not for WETH
        var wrongTokens = List.of(step(DevnetNetworkTest.pool(ember, usdc, usdt), usdc, weth, ALL),
                step(DevnetNetworkTest.pool(ember, usdt, weth), usdt, weth, ALL));
        assertThat(revertOf(fillCall(intent, sign(intent), wrongTokens))).isEqualTo(selector("InvalidPath()"));
        // USDT is left in the settler: only half of it is sold on
        var leftover = List.of(step(DevnetNetworkTest.pool(ember, usdc, usdt), usdc, usdt, ALL),
                step(DevnetNetworkTest.pool(ember, usdt, weth), usdt, weth, ALL.shiftRight(1)));
        assertThat(revertOf(fillCall(intent, sign(intent), leftover))).isEqualTo(selector("InvalidPath()"));
        assertThat(revertOf(fillCall(intent, sign(intent), List.of()))).isEqualTo(selector("InvalidPath()"));
    }

    @Test
    void aCancelledNonceCannotBeFilled() throws Exception {
        SwapIntent intent = intent(randomAddress(), usdcUnits(10), BigInteger.ONE, deadlineIn(600));
        var receipt = settler(wallet.credentials()).cancelNonce(intent.nonce()).send();
        assertThat(receipt.isStatusOK()).isTrue();
        assertThat(MetarouteSettler.getNonceCancelledEvents(receipt)).hasSize(1);
        assertThat(revertOf(fillCall(intent, sign(intent)))).isEqualTo(selector("NonceAlreadyUsed()"));
    }

    // --- batch settlement ------------------------------------------------------------------

    @Test
    void settlesOppositeIntentsTogetherAndTradesOnlyTheImbalance() throws Exception {
        DevAccount alice = devnet.wallets().get(0);
        DevAccount bob = devnet.wallets().get(1);
        Address aliceTo = randomAddress();
        Address bobTo = randomAddress();
        BigInteger usdcIn = usdcUnits(3_000);
        BigInteger wethIn = ether(2);
        // Alice's 3,000 USDC is worth about one WETH, Bob's two WETH about 6,000 USDC: the batch is short of
        // USDC, so one step sells half of the WETH held (also Alice's tokenOut) through the USDC/WETH pair.
        PoolRef pair = DevnetNetworkTest.pool(ember, usdc, weth);
        var steps = List.of(new RouteReplay.Step(pair.address(), weth, usdc, Leg.ALL / 2));
        var replay = BatchReplay.run(ember.chainId(), Map.of(usdc, usdcIn, weth, wethIn), steps,
                Map.of(pair.address(), poolState(pair)));
        // every unit held is paid out: all WETH left to Alice, all USDC to Bob
        BigInteger wethOut = replay.holdings().get(weth);
        BigInteger usdcOut = replay.holdings().get(usdc);
        assertThat(replay.holdings()).hasSize(2);
        assertThat(wethOut).isEqualTo(wethIn.subtract(replay.legs().get(0).amountIn()));
        assertThat(usdcOut).isEqualTo(usdcIn.add(replay.legs().get(0).amountOut()));
        SwapIntent a = intent(alice, aliceTo, usdc, usdcIn, weth, wethOut);
        SwapIntent b = intent(bob, bobTo, weth, wethIn, usdc, usdcOut);
        BigInteger aliceUsdcBefore = devnet.balanceOf(ember.chainId(), usdc, alice.address());
        BigInteger bobWethBefore = devnet.balanceOf(ember.chainId(), weth, bob.address());

        var receipt = settler(devnet.executor().credentials()).settle(List.of(toContract(a), toContract(b)),
                List.of(sign(alice, a), sign(bob, b)), contractSteps(steps), List.of(wethOut, usdcOut)).send();

        assertThat(receipt.isStatusOK()).isTrue();
        log.info("settle gas used: 2 intents, 1 step: {}", receipt.getGasUsed());
        assertThat(devnet.balanceOf(ember.chainId(), weth, aliceTo)).isEqualTo(wethOut);
        assertThat(devnet.balanceOf(ember.chainId(), usdc, bobTo)).isEqualTo(usdcOut);
        assertThat(devnet.balanceOf(ember.chainId(), usdc, alice.address())).isEqualTo(aliceUsdcBefore.subtract(usdcIn));
        assertThat(devnet.balanceOf(ember.chainId(), weth, bob.address())).isEqualTo(bobWethBefore.subtract(wethIn));
        assertSettlerHoldsNothing();
        // the off-chain replay moved the pair exactly as the chain did
        var onChain = DevnetNetworkTest.reserves(devnet, ember.chainId(), pair.address());
        PoolState expected = replay.poolsAfter().get(pair.address());
        assertThat(onChain.component1()).isEqualTo(expected.reserve0());
        assertThat(onChain.component2()).isEqualTo(expected.reserve1());
        var settler = settler(devnet.executor().credentials());
        assertThat(settler.nonceUsed(alice.address().hex(), a.nonce()).send()).isTrue();
        assertThat(settler.nonceUsed(bob.address().hex(), b.nonce()).send()).isTrue();
        var events = MetarouteSettler.getIntentFilledEvents(receipt);
        assertThat(events).hasSize(2);
        assertThat(events.get(0).intentHash).isEqualTo(digest(a));
        assertThat(Address.of(events.get(0).recipient)).isEqualTo(aliceTo);
        assertThat(events.get(0).amountOut).isEqualTo(wethOut);
        assertThat(events.get(1).intentHash).isEqualTo(digest(b));
        assertThat(Address.of(events.get(1).user)).isEqualTo(bob.address());
        assertThat(events.get(1).amountIn).isEqualTo(wethIn);
        assertThat(events.get(1).amountOut).isEqualTo(usdcOut);
        assertThat(Address.of(events.get(1).solver)).isEqualTo(devnet.executor().address());
    }

    @Test
    void aPureMatchPaysEachUserTheOthersInputWithoutAPool() throws Exception {
        DevAccount alice = devnet.wallets().get(0);
        DevAccount bob = devnet.wallets().get(1);
        BigInteger usdcIn = usdcUnits(1_500);
        BigInteger wethIn = ether(1).shiftRight(1);
        SwapIntent a = intent(alice, randomAddress(), usdc, usdcIn, weth, wethIn);
        SwapIntent b = intent(bob, randomAddress(), weth, wethIn, usdc, usdcIn);
        var replay = BatchReplay.run(ember.chainId(), Map.of(usdc, usdcIn, weth, wethIn), List.of(), Map.of());
        assertThat(replay.holdings()).isEqualTo(Map.of(usdc, usdcIn, weth, wethIn));
        var reservesBefore = DevnetNetworkTest.reserves(devnet, ember.chainId(), DevnetNetworkTest.pool(ember, usdc, weth).address());
        var intents = List.of(toContract(a), toContract(b));
        var signatures = List.of(sign(alice, a), sign(bob, b));

        var receipt = settler(devnet.executor().credentials())
                .settle(intents, signatures, List.of(), List.of(wethIn, usdcIn)).send();

        assertThat(receipt.isStatusOK()).isTrue();
        log.info("settle gas used: 2 intents, 0 steps: {}", receipt.getGasUsed());
        assertThat(devnet.balanceOf(ember.chainId(), weth, a.recipient())).isEqualTo(wethIn);
        assertThat(devnet.balanceOf(ember.chainId(), usdc, b.recipient())).isEqualTo(usdcIn);
        assertSettlerHoldsNothing();
        assertThat(MetarouteSettler.getIntentFilledEvents(receipt)).hasSize(2);
        var reservesAfter = DevnetNetworkTest.reserves(devnet, ember.chainId(), DevnetNetworkTest.pool(ember, usdc, weth).address());
        assertThat(reservesAfter.component1()).isEqualTo(reservesBefore.component1());
        assertThat(reservesAfter.component2()).isEqualTo(reservesBefore.component2());

        // the same batch again: the first intent's nonce is spent
        assertThat(revertOf(settleCall(intents, signatures, List.of(), List.of(wethIn, usdcIn))))
                .isEqualTo(selector("NonceAlreadyUsed()"));
    }

    @Test
    void rejectsBatchesThatDoNotBalance() throws Exception {
        DevAccount alice = devnet.wallets().get(0);
        DevAccount bob = devnet.wallets().get(1);
        BigInteger usdcIn = usdcUnits(600);
        BigInteger wethIn = ether(1).divide(BigInteger.valueOf(5));
        BigInteger one = BigInteger.ONE;
        SwapIntent a = intent(alice, randomAddress(), usdc, usdcIn, weth, wethIn.subtract(BigInteger.TEN));
        SwapIntent b = intent(bob, randomAddress(), weth, wethIn, usdc, usdcIn);
        var intents = List.of(toContract(a), toContract(b));
        var signatures = List.of(sign(alice, a), sign(bob, b));

        // control: the balanced batch passes every check (eth_call only, nothing is spent)
        assertThat(revertOf(settleCall(intents, signatures, List.of(), List.of(wethIn, usdcIn)))).isNull();
        // one wei more than the batch holds
        assertThat(revertOf(settleCall(intents, signatures, List.of(), List.of(wethIn.add(one), usdcIn))))
                .isEqualTo(selector("Unbalanced()"));
        // one wei less: it would stay in the settler
        assertThat(revertOf(settleCall(intents, signatures, List.of(), List.of(wethIn.subtract(one), usdcIn))))
                .isEqualTo(selector("Unbalanced()"));
        // below Bob's signed minimum, even though the rest would stay in the settler
        String below = revertOf(settleCall(intents, signatures, List.of(), List.of(wethIn, usdcIn.subtract(one))));
        assertThat(below).startsWith(selector("InsufficientOutput(uint256,uint256)"));
        assertThat(new BigInteger(below.substring(10, 74), 16)).isEqualTo(usdcIn.subtract(one));
        assertThat(new BigInteger(below.substring(74, 138), 16)).isEqualTo(usdcIn);
        // lists that do not line up, an empty batch, too many steps
        assertThat(revertOf(settleCall(intents, signatures.subList(0, 1), List.of(), List.of(wethIn, usdcIn))))
                .isEqualTo(selector("InvalidBatch()"));
        assertThat(revertOf(settleCall(intents, signatures, List.of(), List.of(wethIn, usdcIn, one))))
                .isEqualTo(selector("InvalidBatch()"));
        assertThat(revertOf(settleCall(List.of(), List.of(), List.of(), List.of()))).isEqualTo(selector("InvalidBatch()"));
        PoolRef pair = DevnetNetworkTest.pool(ember, usdc, weth);
        var tooMany = java.util.Collections.nCopies(33, new RouteReplay.Step(pair.address(), usdc, weth, Leg.ALL / 100));
        assertThat(revertOf(settleCall(intents, signatures, contractSteps(tooMany), List.of(wethIn, usdcIn))))
                .isEqualTo(selector("InvalidBatch()"));
        // a step selling a token the batch does not hold
        var sellsDai = List.of(new RouteReplay.Step(DevnetNetworkTest.pool(ember, dai(), weth).address(), dai(), weth, Leg.ALL));
        assertThat(revertOf(settleCall(intents, signatures, contractSteps(sellsDai), List.of(wethIn, usdcIn))))
                .isEqualTo(selector("InvalidPath()"));
        // a nonce cancelled before the batch
        assertThat(settler(bob.credentials()).cancelNonce(b.nonce()).send().isStatusOK()).isTrue();
        assertThat(revertOf(settleCall(intents, signatures, List.of(), List.of(wethIn, usdcIn))))
                .isEqualTo(selector("NonceAlreadyUsed()"));
    }

    // --- helpers ---------------------------------------------------------------------------

    private SwapIntent intent(DevAccount user, Address recipient, Address tokenIn, BigInteger amountIn, Address tokenOut,
                              BigInteger minOut) throws Exception {
        return new SwapIntent(user.address(), recipient, randomNonce(), ember.chainId(), ember.chainId(),
                tokenIn, amountIn, tokenOut, minOut, deadlineIn(600));
    }

    private byte[] sign(DevAccount user, SwapIntent intent) {
        return IntentSignature.sign(digest(intent), user.credentials().getEcKeyPair()).toBytes();
    }

    private Address dai() {
        return ember.tokenBySymbol("DAI").orElseThrow().address();
    }

    private PoolState poolState(PoolRef pool) throws Exception {
        var reserves = DevnetNetworkTest.reserves(devnet, ember.chainId(), pool.address());
        long block = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
        return new PoolState(ember.chainId(), pool.address(), pool.token0(), pool.token1(), reserves.component1(),
                reserves.component2(), block);
    }

    private static List<MetarouteSettler.Step> contractSteps(List<RouteReplay.Step> steps) {
        return steps.stream().map(s -> new MetarouteSettler.Step(s.pool().hex(), s.tokenIn().hex(), s.tokenOut().hex(),
                BigInteger.valueOf(s.share()))).toList();
    }

    private String settleCall(List<MetarouteSettler.SwapIntent> intents, List<byte[]> signatures,
                              List<MetarouteSettler.Step> steps, List<BigInteger> amountsOut) {
        return settler(devnet.executor().credentials()).settle(intents, signatures, steps, amountsOut).encodeFunctionCall();
    }

    /** Every devnet token held by the settler is zero: a batch leaves nothing behind. */
    private void assertSettlerHoldsNothing() {
        for (var token : ember.tokens()) {
            assertThat(devnet.balanceOf(ember.chainId(), token.address(), ember.settler()))
                    .as("settler's %s", token.symbol()).isZero();
        }
    }

    private static BigInteger ether(long units) {
        return BigInteger.valueOf(units).multiply(BigInteger.TEN.pow(18));
    }

    private SwapIntent intent(Address recipient, BigInteger amountIn, BigInteger minOut, long deadline) {
        return new SwapIntent(wallet.address(), recipient, randomNonce(), ember.chainId(), ember.chainId(),
                usdc, amountIn, weth, minOut, deadline);
    }

    private byte[] digest(SwapIntent intent) {
        return IntentTypedData.digest(SigningDomain.of(ember.chainId(), ember.settler()), intent);
    }

    private byte[] sign(SwapIntent intent) {
        return IntentSignature.sign(digest(intent), wallet.credentials().getEcKeyPair()).toBytes();
    }

    private BigInteger expectedTwoHop(BigInteger amountIn) throws Exception {
        BigInteger mid = DevnetNetworkTest.quote(devnet, ember, usdc, usdt, amountIn);
        return DevnetNetworkTest.quote(devnet, ember, usdt, weth, mid);
    }

    /** USDC -> USDT -> WETH, each step selling everything held. */
    private List<MetarouteSettler.Step> twoHop() {
        return List.of(step(DevnetNetworkTest.pool(ember, usdc, usdt), usdc, usdt, ALL),
                step(DevnetNetworkTest.pool(ember, usdt, weth), usdt, weth, ALL));
    }

    private static MetarouteSettler.Step step(PoolRef pool, Address tokenIn, Address tokenOut, BigInteger share) {
        return new MetarouteSettler.Step(pool.address().hex(), tokenIn.hex(), tokenOut.hex(), share);
    }

    private String fillCall(SwapIntent intent, byte[] signature) {
        return fillCall(intent, signature, twoHop());
    }

    private String fillCall(SwapIntent intent, byte[] signature, List<MetarouteSettler.Step> steps) {
        return settler(devnet.executor().credentials()).fill(toContract(intent), signature, steps).encodeFunctionCall();
    }

    /** Runs {@code data} against the settler with eth_call from the executor; null if it would succeed, else the revert data. */
    private String revertOf(String data) throws Exception {
        EthCall call = web3j.ethCall(Transaction.createEthCallTransaction(devnet.executor().address().hex(),
                ember.settler().hex(), data), DefaultBlockParameterName.LATEST).send();
        if (!call.hasError()) {
            return null;
        }
        Object revertData = call.getError().getData();
        assertThat(revertData).as("revert data of %s", call.getError().getMessage()).isNotNull();
        return revertData.toString().replace("\"", "");
    }

    private static String selector(String signature) {
        return Hash.sha3String(signature).substring(0, 10);
    }

    private MetarouteSettler settler(Credentials credentials) {
        var tm = new RawTransactionManager(web3j, credentials, ember.chainId().value(), devnet.receiptProcessor(ember.chainId()));
        var gas = new StaticGasProvider(BigInteger.valueOf(2_000_000_000L), BigInteger.valueOf(1_000_000));
        return MetarouteSettler.load(ember.settler().hex(), web3j, tm, gas);
    }

    private static MetarouteSettler.SwapIntent toContract(SwapIntent i) {
        return new MetarouteSettler.SwapIntent(i.user().hex(), i.recipient().hex(), i.nonce(),
                BigInteger.valueOf(i.originChainId().value()), BigInteger.valueOf(i.destinationChainId().value()),
                i.tokenIn().hex(), i.amountIn(), i.tokenOut().hex(), i.minAmountOut(), BigInteger.valueOf(i.deadline()));
    }

    private long blockTimestamp() throws Exception {
        return web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock().getTimestamp().longValueExact();
    }

    private long deadlineIn(long seconds) throws Exception {
        return blockTimestamp() + seconds;
    }

    private static BigInteger usdcUnits(long units) {
        return BigInteger.valueOf(units).multiply(BigInteger.TEN.pow(6));
    }

    private static BigInteger randomNonce() {
        return new BigInteger(128, RANDOM);
    }

    private static Address randomAddress() {
        byte[] raw = new byte[20];
        RANDOM.nextBytes(raw);
        return Address.of("0x" + HexFormat.of().formatHex(raw));
    }
}
