package io.metaroute.execution.fill;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.contracts.generated.MetarouteSettler;
import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.intent.FillReport;
import io.metaroute.core.intent.IntentSignature;
import io.metaroute.core.intent.SwapIntent;
import io.metaroute.core.route.Leg;
import io.metaroute.core.route.Route;
import io.metaroute.core.route.RouteReplay;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.utils.Numeric;

/** The hand-written fill and settle encodings against the wrapper generated from the settler's own ABI. */
class SettlerAbiTest {
    private static final ChainId CHAIN = ChainId.of(710001);
    private static final Address USDC = Address.of("0x5fbdb2315678afecb367f032d93f642f64180aa3");
    private static final Address USDT = Address.of("0xe7f1725e7734ce288f8367e1bb143e90bb3f0512");
    private static final Address WETH = Address.of("0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0");
    private static final Address DIRECT = Address.of("0x1000000000000000000000000000000000000001");
    private static final Address STABLE = Address.of("0x1000000000000000000000000000000000000002");
    private static final Address DEEP = Address.of("0x1000000000000000000000000000000000000003");

    @Test
    void aSplitRouteEncodesAsTheSettlersStepArray() throws Exception {
        var key = Keys.createEcKeyPair();
        var user = Address.of(Credentials.create(key).getAddress());
        var intent = new SwapIntent(user, user, BigInteger.valueOf(7), CHAIN, CHAIN, USDC, BigInteger.valueOf(1_000_000),
                WETH, BigInteger.ONE, 1_900_000_000L);
        var signature = IntentSignature.sign(new byte[32], key);
        var route = new Route(CHAIN, USDC, WETH, BigInteger.valueOf(1_000_000), BigInteger.valueOf(900), List.of(
                new Leg(DIRECT, USDC, WETH, BigInteger.valueOf(400_000), BigInteger.valueOf(300), 400_000_000_000_000_000L),
                new Leg(STABLE, USDC, USDT, BigInteger.valueOf(600_000), BigInteger.valueOf(599_000)),
                new Leg(DEEP, USDT, WETH, BigInteger.valueOf(599_000), BigInteger.valueOf(600))), 3);

        String generated = wrapper().fill(toContract(intent), signature.toBytes(), List.of(
                new MetarouteSettler.Step(DIRECT.hex(), USDC.hex(), WETH.hex(), BigInteger.valueOf(400_000_000_000_000_000L)),
                new MetarouteSettler.Step(STABLE.hex(), USDC.hex(), USDT.hex(), BigInteger.TEN.pow(18)),
                new MetarouteSettler.Step(DEEP.hex(), USDT.hex(), WETH.hex(), BigInteger.TEN.pow(18)))).encodeFunctionCall();

        assertThat(SettlerAbi.encodeFill(intent, signature, route)).isEqualTo(generated);
        // an empty program still names the settler's fill, with a zero-length array
        String empty = SettlerAbi.encodeFill(intent, signature, List.<RouteReplay.Step>of());
        assertThat(empty.substring(0, 10)).isEqualTo(generated.substring(0, 10));
        assertThat(empty).endsWith("0".repeat(64));
    }

    @Test
    void aBatchEncodesAsTheSettlersSettleCall() throws Exception {
        var keyA = Keys.createEcKeyPair();
        var keyB = Keys.createEcKeyPair();
        var userA = Address.of(Credentials.create(keyA).getAddress());
        var userB = Address.of(Credentials.create(keyB).getAddress());
        var sellsUsdc = new SwapIntent(userA, userA, BigInteger.valueOf(11), CHAIN, CHAIN, USDC, BigInteger.valueOf(3_000_000_000L),
                WETH, BigInteger.TEN.pow(17), 1_900_000_000L);
        var sellsWeth = new SwapIntent(userB, DIRECT, BigInteger.valueOf(12), CHAIN, CHAIN, WETH, BigInteger.TEN.pow(18).multiply(BigInteger.TWO),
                USDC, BigInteger.valueOf(5_000_000_000L), 1_900_000_100L);
        var signatures = List.of(IntentSignature.sign(new byte[32], keyA), IntentSignature.sign(new byte[32], keyB));
        var steps = List.of(new RouteReplay.Step(DEEP, WETH, USDC, 500_000_000_000_000_000L));
        var amountsOut = List.of(BigInteger.valueOf(987_654_321_000_000_000L), BigInteger.valueOf(5_894_000_123L));

        String encoded = SettlerAbi.encodeSettle(List.of(sellsUsdc, sellsWeth), signatures, steps, amountsOut);

        String selector = Hash.sha3String("settle((address,address,uint256,uint256,uint256,address,uint256,address,uint256,uint256)[],"
                + "bytes[],(address,address,address,uint256)[],uint256[])").substring(0, 10);
        assertThat(encoded.substring(0, 10)).isEqualTo(selector);
        String generated = wrapper().settle(List.of(toContract(sellsUsdc), toContract(sellsWeth)),
                signatures.stream().map(IntentSignature::toBytes).toList(),
                List.of(new MetarouteSettler.Step(DEEP.hex(), WETH.hex(), USDC.hex(), BigInteger.valueOf(500_000_000_000_000_000L))),
                amountsOut).encodeFunctionCall();
        assertThat(encoded).isEqualTo(generated);

        // a pure match: no steps, an empty array in the third slot
        String match = SettlerAbi.encodeSettle(List.of(sellsUsdc, sellsWeth), signatures, List.of(), amountsOut);
        String generatedMatch = wrapper().settle(List.of(toContract(sellsUsdc), toContract(sellsWeth)),
                signatures.stream().map(IntentSignature::toBytes).toList(), List.of(), amountsOut).encodeFunctionCall();
        assertThat(match).isEqualTo(generatedMatch);
        assertThat(match.substring(0, 10)).isEqualTo(selector);
    }

    @Test
    void theBatchErrorsHaveNames() {
        assertThat(SettlerAbi.revertReason(Hash.sha3String("InvalidBatch()").substring(0, 10))).contains("InvalidBatch");
        assertThat(SettlerAbi.revertReason("\"" + Hash.sha3String("Unbalanced()").substring(0, 10) + "\""))
                .contains("Unbalanced");
        assertThat(SettlerAbi.revertReason("execution reverted: " + Hash.sha3String("Unbalanced()").substring(0, 10).toUpperCase()
                .replace("0X", "0x"))).contains("Unbalanced");
        assertThat(SettlerAbi.revertReason(Hash.sha3String("InsufficientOutput(uint256,uint256)").substring(0, 10)
                + "0".repeat(128))).contains("InsufficientOutput");
        assertThat(SettlerAbi.revertReason(Hash.sha3String("Unbalanced(uint256)").substring(0, 10))).isEmpty();
    }

    @Test
    void everyIntentFilledOfTheSettlerIsReportedInLogOrder() {
        var settler = Address.of("0x2000000000000000000000000000000000000002");
        var receipt = new TransactionReceipt();
        receipt.setTransactionHash("0x" + "ab".repeat(32));
        receipt.setBlockNumber("0x2a");
        receipt.setLogs(List.of(
                filled(settler, "01", BigInteger.valueOf(5)),
                filled(Address.of("0x3000000000000000000000000000000000000003"), "02", BigInteger.valueOf(6)),
                filled(settler, "03", BigInteger.valueOf(7))));

        var reports = SettlerAbi.filledEvents(receipt, settler);

        assertThat(reports).extracting(FillReport::intentHash).containsExactly("0x" + "01".repeat(32), "0x" + "03".repeat(32));
        assertThat(reports).extracting(FillReport::amountOut).containsExactly(BigInteger.valueOf(5), BigInteger.valueOf(7));
        assertThat(reports.get(1).tokenIn()).isEqualTo(USDC);
        assertThat(reports.get(1).tokenOut()).isEqualTo(WETH);
        assertThat(reports.get(1).blockNumber()).isEqualTo(42);
        assertThat(SettlerAbi.filledEvent(receipt, settler)).contains(reports.get(0));
    }

    private static Log filled(Address emitter, String hashByte, BigInteger amountOut) {
        var log = new Log();
        log.setAddress(emitter.hex());
        log.setTopics(List.of(SettlerAbi.INTENT_FILLED_TOPIC, "0x" + hashByte.repeat(32), word(USDT.hex()), word(DIRECT.hex())));
        log.setData("0x" + word(USDC.hex()).substring(2) + word(WETH.hex()).substring(2)
                + Numeric.toHexStringNoPrefixZeroPadded(BigInteger.valueOf(1_000), 64)
                + Numeric.toHexStringNoPrefixZeroPadded(amountOut, 64) + word(STABLE.hex()).substring(2));
        return log;
    }

    private static String word(String address) {
        return "0x" + "0".repeat(24) + address.substring(2);
    }

    private static MetarouteSettler wrapper() {
        Web3j unused = Web3j.build(new HttpService("http://127.0.0.1:1"));
        return MetarouteSettler.load("0x0000000000000000000000000000000000000001", unused,
                Credentials.create("0x01"), new DefaultGasProvider());
    }

    private static MetarouteSettler.SwapIntent toContract(SwapIntent i) {
        return new MetarouteSettler.SwapIntent(i.user().hex(), i.recipient().hex(), i.nonce(),
                BigInteger.valueOf(i.originChainId().value()), BigInteger.valueOf(i.destinationChainId().value()),
                i.tokenIn().hex(), i.amountIn(), i.tokenOut().hex(), i.minAmountOut(), BigInteger.valueOf(i.deadline()));
    }
}
