package io.metaroute.settlement.metalayer.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaroute.core.chain.Address;
import io.metaroute.core.network.Rollup;
import io.metaroute.core.token.Token;
import io.metaroute.devnet.Devnet;
import io.metaroute.devnet.DevnetExtension;
import io.metaroute.settlement.metalayer.domain.HyperlaneMessage;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * The devnet's Hyperlane warp routes ({@code HypERC20Collateral} from {@code @hyperlane-xyz/core}, one per
 * base token on every rollup) carry the executor's inventory over our Metalayer: the Mailbox's default hook
 * and INSTANT ISM, our validators' checkpoints, our relayer's delivery.
 */
@ExtendWith(DevnetExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WarpRouteTest {
    private MetalayerFixture m;
    private Devnet devnet;
    private Credentials executor;

    @BeforeAll
    void setUp() throws Exception {
        devnet = DevnetExtension.shared();
        m = new MetalayerFixture(devnet);
        m.startGuardians(Duration.ofMillis(200));
        executor = devnet.executor().credentials();
    }

    @AfterAll
    void tearDown() {
        m.close();
    }

    /** What one transfer is expected to move, and the balances before it. */
    private record Move(Rollup from, Rollup to, Token fromToken, Token toToken, BigInteger amount, HyperlaneMessage message,
                        BigInteger fee, BigInteger gasUsed) {
    }

    @Test
    void everyOrderedPairMovesTheExecutorsUsdcExactly() throws Exception {
        var rollups = devnet.network().rollups();
        var moves = new ArrayList<Move>();
        var before = new java.util.HashMap<String, BigInteger>();
        for (Rollup r : rollups) {
            Token usdc = r.tokenBySymbol("USDC").orElseThrow();
            before.put(key(r, "executor"), balance(r, usdc, executorAddress()));
            before.put(key(r, "router"), balance(r, usdc, warp(r, usdc)));
        }
        long amount = 1_234_567_891L; // 1,234.567891 USDC
        int k = 0;
        for (Rollup from : rollups) {
            for (Rollup to : rollups) {
                if (!from.equals(to)) {
                    moves.add(send(from, to, "USDC", BigInteger.valueOf(amount + k++)));
                }
            }
        }
        for (Move move : moves) {
            var delivery = m.relayer.deliver(move.message()).block(Duration.ofSeconds(30));
            assertThat(delivery).isNotNull();
            System.out.printf("warp %s -> %s: %s USDC units, fee %s wei, transferRemote gas %s, process gas %s%n",
                    move.from().name(), move.to().name(), move.amount(), move.fee(), move.gasUsed(), delivery.gasUsed());
        }
        for (Rollup r : rollups) {
            Token usdc = r.tokenBySymbol("USDC").orElseThrow();
            BigInteger out = moves.stream().filter(mv -> mv.from().equals(r)).map(Move::amount).reduce(BigInteger.ZERO, BigInteger::add);
            BigInteger in = moves.stream().filter(mv -> mv.to().equals(r)).map(Move::amount).reduce(BigInteger.ZERO, BigInteger::add);
            assertThat(balance(r, usdc, executorAddress())).as("executor's USDC on %s", r.name())
                    .isEqualTo(before.get(key(r, "executor")).subtract(out).add(in));
            assertThat(balance(r, usdc, warp(r, usdc))).as("router's collateral on %s", r.name())
                    .isEqualTo(before.get(key(r, "router")).add(out).subtract(in));
        }
    }

    @Test
    void aDeliveredTransferCannotBeDeliveredAgain() throws Exception {
        Rollup ember = devnet.rollup("ember");
        Rollup veil = devnet.rollup("veil");
        Token weth = veil.tokenBySymbol("WETH").orElseThrow();
        BigInteger amount = new BigInteger("1500000000000000001"); // 1.5 WETH and one wei
        Move move = send(ember, veil, "WETH", amount);
        BigInteger before = balance(veil, weth, executorAddress());
        var sigs = m.relayer.gather(move.message()).block(Duration.ofSeconds(15));
        byte[] metadata = io.metaroute.settlement.metalayer.domain.IsmMetadata.messageIdMultisig(sigs.get(0).checkpoint(), sigs);
        m.relayer.process(move.message(), metadata).block(Duration.ofSeconds(30));
        assertThat(balance(veil, weth, executorAddress())).isEqualTo(before.add(amount));
        assertThatThrownBy(() -> m.relayer.process(move.message(), metadata).block(Duration.ofSeconds(30)))
                .isInstanceOf(RollupRpc.Rejected.class).hasMessageContaining("delivered");
        assertThat(balance(veil, weth, executorAddress())).isEqualTo(before.add(amount));
    }

    @Test
    void aTamperedAmountIsRejectedByTheIsm() throws Exception {
        Rollup ledger = devnet.rollup("ledger");
        Rollup ember = devnet.rollup("ember");
        Move move = send(ledger, ember, "DAI", BigInteger.TEN.pow(18));
        var sigs = m.relayer.gather(move.message()).block(Duration.ofSeconds(15));
        byte[] metadata = io.metaroute.settlement.metalayer.domain.IsmMetadata.messageIdMultisig(sigs.get(0).checkpoint(), sigs);
        // the body is recipient (32 bytes) then amount (32 bytes): flip a byte of the amount
        HyperlaneMessage inflated = move.message().withBodyByteFlipped(40);
        assertThatThrownBy(() -> m.relayer.process(inflated, metadata).block(Duration.ofSeconds(30)))
                .isInstanceOf(RollupRpc.Rejected.class);
        assertThat(m.relayer.delivered(inflated).block()).isFalse();
        m.relayer.process(move.message(), metadata).block(Duration.ofSeconds(30));
        assertThat(m.relayer.delivered(move.message()).block()).isTrue();
    }

    private Move send(Rollup from, Rollup to, String symbol, BigInteger amount) throws Exception {
        Token token = from.tokenBySymbol(symbol).orElseThrow();
        Address router = warp(from, token);
        var chain = m.network.chain(from.domain());
        var quote = new Function("quoteGasPayment", List.of(new Uint32(to.domain().value())),
                List.of(new TypeReference<Uint256>() { }));
        BigInteger fee = (BigInteger) MetalayerFixture.call(devnet.web3j(from.chainId()), router, quote,
                DefaultBlockParameterName.LATEST).get(0).getValue();
        assertThat(fee).as("interchain gas of %s -> %s", from.name(), to.name()).isPositive();
        String data = FunctionEncoder.encode(new Function("transferRemote", List.of(new Uint32(to.domain().value()),
                new Bytes32(Numeric.toBytesPadded(Numeric.toBigInt(executor.getAddress()), 32)), new Uint256(amount)), List.of()));
        TransactionReceipt receipt = chain.rpc().send(executor, router, data, fee).block(Duration.ofSeconds(30));
        assertThat(receipt.isStatusOK()).as("transferRemote on %s", from.name()).isTrue();
        String topic = EventEncoder.encode(Relayer.DISPATCH);
        HyperlaneMessage message = receipt.getLogs().stream()
                .filter(l -> Address.of(l.getAddress()).equals(chain.contracts().mailbox()) && l.getTopics().get(0).equals(topic))
                .map(l -> HyperlaneMessage.of((byte[]) FunctionReturnDecoder.decode(l.getData(),
                        Relayer.DISPATCH.getNonIndexedParameters()).get(0).getValue()))
                .findFirst().orElseThrow();
        assertThat(message.destination()).isEqualTo(to.domain());
        assertThat(message.recipient()).isEqualTo(warp(to, to.tokenBySymbol(symbol).orElseThrow()));
        assertThat(m.relayer.routed(message)).isFalse();
        return new Move(from, to, token, to.tokenBySymbol(symbol).orElseThrow(), amount, message, fee, receipt.getGasUsed());
    }

    private Address warp(Rollup r, Token token) {
        return devnet.metalayer(r.chainId()).warpRoute(token.address())
                .orElseThrow(() -> new AssertionError("no warp route of " + token.symbol() + " on " + r.name()));
    }

    private Address executorAddress() {
        return Address.of(executor.getAddress());
    }

    private BigInteger balance(Rollup r, Token token, Address holder) {
        return devnet.balanceOf(r.chainId(), token.address(), holder);
    }

    private static String key(Rollup r, String who) {
        return r.name() + "/" + who;
    }
}
