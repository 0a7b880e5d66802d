package io.metaroute.execution.fill;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.contracts.generated.MetarouteSettler;
import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.intent.IntentSignature;
import io.metaroute.core.intent.SwapIntent;
import io.metaroute.core.route.Leg;
import io.metaroute.core.route.Route;
import io.metaroute.core.route.RouteReplay;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.gas.DefaultGasProvider;

/** The hand-written fill encoding against the wrapper generated from the settler's own ABI. */
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
