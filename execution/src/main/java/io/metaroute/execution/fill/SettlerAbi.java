package io.metaroute.execution.fill;

import io.metaroute.core.chain.Address;
import io.metaroute.core.intent.FillReport;
import io.metaroute.core.intent.IntentSignature;
import io.metaroute.core.intent.SwapIntent;
import io.metaroute.core.rfq.SignedQuote;
import io.metaroute.core.route.RouteReplay;
import io.metaroute.core.route.Route;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.StaticStruct;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** The MetarouteSettler's ABI as far as execution needs it: the fill and settle calls, their event and errors. */
public final class SettlerAbi {
    public static final String INTENT_FILLED_TOPIC = Hash.sha3String(
            "IntentFilled(bytes32,address,address,address,address,uint256,uint256,address)");

    /** {@code fill(SwapIntent, bytes, Step[])} with both structs spelled out, as the selector is computed. */
    public static final String FILL_SIGNATURE = "fill((address,address,uint256,uint256,uint256,address,uint256,address,uint256,uint256),"
            + "bytes,(address,address,address,uint256)[])";
    private static final String FILL_SELECTOR = Hash.sha3String(FILL_SIGNATURE).substring(0, 10);

    /** {@code fillWithQuotes(SwapIntent, bytes, Step[], MakerQuote[], bytes[])} with every struct spelled out. */
    public static final String FILL_WITH_QUOTES_SIGNATURE = "fillWithQuotes((address,address,uint256,uint256,uint256,address,"
            + "uint256,address,uint256,uint256),bytes,(address,address,address,uint256)[],"
            + "(address,address,address,uint256,uint256,uint256,uint256)[],bytes[])";
    private static final String FILL_WITH_QUOTES_SELECTOR = Hash.sha3String(FILL_WITH_QUOTES_SIGNATURE).substring(0, 10);

    /** {@code settle(SwapIntent[], bytes[], Step[], uint256[])} with both structs spelled out. */
    public static final String SETTLE_SIGNATURE = "settle((address,address,uint256,uint256,uint256,address,uint256,address,uint256,uint256)[],"
            + "bytes[],(address,address,address,uint256)[],uint256[])";
    private static final String SETTLE_SELECTOR = Hash.sha3String(SETTLE_SIGNATURE).substring(0, 10);

    private SettlerAbi() {
    }

    /**
     * {@code fill(SwapIntent intent, bytes signature, Step[] steps)} for {@code route}: its legs, in order,
     * as the settler's program, each {@code Step(pool, tokenIn, tokenOut, share)}.
     */
    public static String encodeFill(SwapIntent intent, IntentSignature signature, Route route) {
        List<RouteReplay.Step> steps = route.legs().stream().map(RouteReplay.Step::of).toList();
        return route.takesQuotes() ? encodeFillWithQuotes(intent, signature, steps, route.quotes())
                : encodeFill(intent, signature, steps);
    }

    /**
     * {@code fillWithQuotes(SwapIntent intent, bytes signature, Step[] steps, MakerQuote[] quotes, bytes[]
     * quoteSignatures)}: steps whose pool is a quote's venue id trade with that maker.
     */
    public static String encodeFillWithQuotes(SwapIntent intent, IntentSignature signature, List<RouteReplay.Step> steps,
                                              List<SignedQuote> quotes) {
        var terms = new DynamicArray<>(StaticStruct.class, quotes.stream().map(SettlerAbi::quote).toList());
        var signatures = new DynamicArray<>(DynamicBytes.class,
                quotes.stream().map(q -> new DynamicBytes(q.signature().toBytes())).toList());
        List<Type> inputs = List.of(intent(intent), new DynamicBytes(signature.toBytes()), program(steps), terms, signatures);
        return FILL_WITH_QUOTES_SELECTOR + FunctionEncoder.encodeConstructor(inputs);
    }

    /** Whether {@code callData} fills one intent ({@code fill} or {@code fillWithQuotes}), not a batch. */
    public static boolean fillsOneIntent(String callData) {
        String c = callData.toLowerCase(java.util.Locale.ROOT);
        return c.startsWith(FILL_SELECTOR) || c.startsWith(FILL_WITH_QUOTES_SELECTOR);
    }

    private static StaticStruct quote(SignedQuote signed) {
        var q = signed.quote();
        return new StaticStruct(addr(q.maker()), addr(q.tokenIn()), addr(q.tokenOut()), new Uint256(q.amountIn()),
                new Uint256(q.amountOut()), new Uint256(BigInteger.valueOf(q.expiry())), new Uint256(q.nonce()));
    }

    /** {@code quoteNonceUsed(address maker, uint256 nonce)}. */
    public static String encodeQuoteNonceUsed(Address maker, BigInteger nonce) {
        return FunctionEncoder.encode(new Function("quoteNonceUsed", List.of(addr(maker), new Uint256(nonce)), List.of()));
    }

    /**
     * {@code fill} with any program, as given: unlike a {@link Route}, nothing checks here that the steps
     * hold together, so the settler is the judge ({@code InvalidPath}).
     */
    public static String encodeFill(SwapIntent intent, IntentSignature signature, List<RouteReplay.Step> steps) {
        List<Type> inputs = List.of(intent(intent), new DynamicBytes(signature.toBytes()), program(steps));
        // the selector from the declared signature: web3j cannot name the element type of an empty struct array
        return FILL_SELECTOR + FunctionEncoder.encodeConstructor(inputs);
    }

    /**
     * {@code settle(SwapIntent[] intents, bytes[] signatures, Step[] steps, uint256[] amountsOut)}: the
     * intents, each with its signature and its output, settled together from pooled holdings. Nothing
     * checks here that the lists line up or that the outputs add up to what the steps leave; the settler
     * judges ({@code InvalidBatch}, {@code Unbalanced}, {@code InvalidPath}).
     */
    public static String encodeSettle(List<SwapIntent> intents, List<IntentSignature> signatures,
                                      List<RouteReplay.Step> steps, List<BigInteger> amountsOut) {
        var intentArray = new DynamicArray<>(StaticStruct.class, intents.stream().map(SettlerAbi::intent).toList());
        var signatureArray = new DynamicArray<>(DynamicBytes.class,
                signatures.stream().map(s -> new DynamicBytes(s.toBytes())).toList());
        var outputs = new DynamicArray<>(Uint256.class, amountsOut.stream().map(Uint256::new).toList());
        List<Type> inputs = List.of(intentArray, signatureArray, program(steps), outputs);
        return SETTLE_SELECTOR + FunctionEncoder.encodeConstructor(inputs);
    }

    private static StaticStruct intent(SwapIntent intent) {
        return new StaticStruct(
                addr(intent.user()), addr(intent.recipient()), new Uint256(intent.nonce()),
                new Uint256(intent.originChainId().value()), new Uint256(intent.destinationChainId().value()),
                addr(intent.tokenIn()), new Uint256(intent.amountIn()), addr(intent.tokenOut()),
                new Uint256(intent.minAmountOut()), new Uint256(intent.deadline()));
    }

    private static DynamicArray<StaticStruct> program(List<RouteReplay.Step> steps) {
        return new DynamicArray<>(StaticStruct.class, steps.stream().map(SettlerAbi::step).toList());
    }

    private static StaticStruct step(RouteReplay.Step step) {
        return new StaticStruct(addr(step.pool()), addr(step.tokenIn()), addr(step.tokenOut()),
                new Uint256(BigInteger.valueOf(step.share())));
    }

    /** {@code nonceUsed(address user, uint256 nonce)}. */
    public static String encodeNonceUsed(Address user, BigInteger nonce) {
        return FunctionEncoder.encode(new Function("nonceUsed", List.of(addr(user), new Uint256(nonce)), List.of()));
    }

    public static BigInteger decodeUint(String hex) {
        return io.metaroute.core.cross.CrossSettlerAbi.decodeUint(hex);
    }

    /** The reason code of a revert payload, e.g. {@code NonceAlreadyUsed}; empty when it is not ours. */
    public static Optional<String> revertReason(String revertData) {
        return SettlerErrors.name(revertData);
    }

    /** The (first) {@code IntentFilled} event of a receipt, emitted by {@code settler}. */
    public static Optional<FillReport> filledEvent(TransactionReceipt receipt, Address settler) {
        return filledEvents(receipt, settler).stream().findFirst();
    }

    /** Every {@code IntentFilled} event of a receipt emitted by {@code settler}, in log order: one per settled intent. */
    public static List<FillReport> filledEvents(TransactionReceipt receipt, Address settler) {
        var reports = new ArrayList<FillReport>();
        for (Log log : receipt.getLogs()) {
            if (log.getTopics().size() == 4 && INTENT_FILLED_TOPIC.equalsIgnoreCase(log.getTopics().get(0))
                    && settler.hex().equalsIgnoreCase(log.getAddress())) {
                String d = log.getData().substring(2);
                reports.add(new FillReport(log.getTopics().get(1), topicAddress(log.getTopics().get(2)),
                        topicAddress(log.getTopics().get(3)), wordAddress(d, 0), wordAddress(d, 1), word(d, 2), word(d, 3),
                        wordAddress(d, 4), receipt.getTransactionHash(), receipt.getBlockNumber().longValueExact()));
            }
        }
        return List.copyOf(reports);
    }

    private static org.web3j.abi.datatypes.Address addr(Address a) {
        return new org.web3j.abi.datatypes.Address(a.hex());
    }

    private static BigInteger word(String data, int index) {
        return new BigInteger(data.substring(index * 64, (index + 1) * 64), 16);
    }

    private static Address wordAddress(String data, int index) {
        return Address.of("0x" + data.substring(index * 64 + 24, (index + 1) * 64));
    }

    private static Address topicAddress(String topic) {
        return Address.of("0x" + topic.substring(topic.length() - 40));
    }
}
