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
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
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

    // --- helpers ---------------------------------------------------------------------------

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
