package io.metaroute.settlement.metalayer.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.Domain;
import io.metaroute.core.network.FinalityState;
import io.metaroute.core.network.Rollup;
import io.metaroute.devnet.ContractArtifact;
import io.metaroute.devnet.Devnet;
import io.metaroute.devnet.DevnetExtension;
import io.metaroute.devnet.DevnetValidators;
import io.metaroute.settlement.metalayer.domain.HyperlaneMessage;
import io.metaroute.settlement.metalayer.domain.InMemoryCheckpointSignatures;
import io.metaroute.settlement.metalayer.domain.IsmMetadata;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.utils.Numeric;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/** Metalayer on the devnet: real Hyperlane contracts, our router, validators and relayer. */
@ExtendWith(DevnetExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetalayerRoundTripTest {
    private static final long GAS_LIMIT = 200_000;
    private Devnet devnet;
    private MetalayerNetwork network;
    private Relayer relayer;
    private MetalayerClient client;
    private Disposable signing;
    private Credentials app;
    private final Map<Domain, Address> recipients = new HashMap<>();

    @BeforeAll
    void setUp() throws Exception {
        devnet = DevnetExtension.shared();
        network = new MetalayerNetwork(devnet.network());
        var signatures = new InMemoryCheckpointSignatures();
        var signers = DevnetValidators.keys(FinalityState.INSTANT).stream()
                .map(k -> new CheckpointSigner(network, k, FinalityState.INSTANT, signatures)).toList();
        signing = Flux.merge(signers.stream().map(s -> s.run(Duration.ofMillis(50))).toList()).subscribe();
        relayer = new Relayer(network, signatures, devnet.relayer().credentials(), Duration.ofSeconds(10));
        client = new MetalayerClient(network);
        app = devnet.wallets().get(2).credentials();
        for (Rollup r : devnet.network().rollups()) {
            var router = devnet.metalayer(r.chainId()).router();
            recipients.put(r.domain(), deploy(r, ContractArtifact.bytecode("MetalayerTestRecipient")
                    + FunctionEncoder.encodeConstructor(List.of(new org.web3j.abi.datatypes.Address(router.hex())))));
        }
    }

    @AfterAll
    void tearDown() {
        signing.dispose();
        network.close();
    }

    @Test
    void everyOrderedPairRoundTripsInInstantMode() throws Exception {
        var rollups = devnet.network().rollups();
        var sent = new ArrayList<MetalayerClient.Dispatched>();
        long t0 = System.nanoTime();
        var dispatches = new ArrayList<reactor.core.publisher.Mono<MetalayerClient.Dispatched>>();
        for (Rollup from : rollups) {
            for (Rollup to : rollups) {
                if (!from.equals(to)) {
                    byte[] body = ("hello " + to.name() + " from " + from.name()).getBytes(StandardCharsets.UTF_8);
                    dispatches.add(client.dispatch(from.domain(), to.domain(), recipients.get(to.domain()), body,
                            FinalityState.INSTANT, GAS_LIMIT, app));
                }
            }
        }
        sent.addAll(Flux.merge(dispatches).collectList().block(Duration.ofSeconds(30)));
        assertThat(sent).hasSize(6).allSatisfy(d -> assertThat(d.fee()).isPositive());
        var deliveries = Flux.fromIterable(sent).flatMap(d -> relayer.deliver(d.message())).collectList()
                .block(Duration.ofSeconds(30));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(deliveries).hasSize(6);
        for (var d : sent) {
            assertThat(relayer.delivered(d.message()).block()).isTrue();
            var m = d.message();
            var received = received(m.destination());
            byte[] senderWord = Numeric.toBytesPadded(Numeric.toBigInt(app.getAddress()), 32);
            String expected = "hello " + name(m.destination()) + " from " + name(m.origin());
            assertThat(received).anySatisfy(r -> {
                assertThat(r.origin).isEqualTo(m.origin().value());
                assertThat(r.sender).isEqualTo(senderWord);
                assertThat(new String(r.message, StandardCharsets.UTF_8)).isEqualTo(expected);
            });
        }
        var gas = deliveries.stream().map(Relayer.Delivery::gasUsed).sorted().toList();
        System.out.printf("metalayer: 6 round trips dispatched and delivered in %d ms; process gas %s; dispatch gas %s; fees %s%n",
                millis, gas, sent.stream().map(MetalayerClient.Dispatched::gasUsed).toList(),
                sent.stream().map(MetalayerClient.Dispatched::fee).toList());
    }

    @Test
    void theContractsRejectTooFewSignaturesATamperedBodyAReplayAndAForgedSender() throws Exception {
        Rollup ember = devnet.rollup("ember");
        Rollup veil = devnet.rollup("veil");
        var d = client.dispatch(ember.domain(), veil.domain(), recipients.get(veil.domain()),
                "guarded".getBytes(StandardCharsets.UTF_8), FinalityState.INSTANT, GAS_LIMIT, app).block(Duration.ofSeconds(30));
        var sigs = relayer.gather(d.message()).block(Duration.ofSeconds(15));
        var checkpoint = sigs.get(0).checkpoint();

        byte[] oneSignature = IsmMetadata.messageIdMultisig(checkpoint, sigs.subList(0, 1));
        assertThatThrownBy(() -> relayer.process(d.message(), oneSignature).block()).isInstanceOf(RollupRpc.Rejected.class);

        byte[] metadata = IsmMetadata.messageIdMultisig(checkpoint, sigs);
        HyperlaneMessage tampered = d.message().withBodyByteFlipped(d.message().body().length - 1);
        assertThatThrownBy(() -> relayer.process(tampered, metadata).block()).isInstanceOf(RollupRpc.Rejected.class)
                .hasMessageContaining("!threshold");
        assertThat(relayer.delivered(d.message()).block()).isFalse();
        assertThat(relayer.delivered(tampered).block()).isFalse();

        relayer.process(d.message(), metadata).block();
        assertThat(relayer.delivered(d.message()).block()).isTrue();
        assertThatThrownBy(() -> relayer.process(d.message(), metadata).block()).isInstanceOf(RollupRpc.Rejected.class)
                .hasMessageContaining("already delivered");

        // a Metalayer message sent straight through the Mailbox, not by the enrolled router: signed, yet refused
        HyperlaneMessage forged = dispatchAroundTheRouter(ember, veil, d.message().body());
        var forgedSigs = relayer.gather(forged).block(Duration.ofSeconds(15));
        assertThat(forgedSigs).hasSize(DevnetValidators.THRESHOLD);
        assertThatThrownBy(() -> relayer.deliver(forged).block()).isInstanceOf(RollupRpc.Rejected.class)
                .hasMessageContaining("unenrolled sender");
        assertThat(relayer.delivered(forged).block()).isFalse();
    }

    private HyperlaneMessage dispatchAroundTheRouter(Rollup origin, Rollup destination, byte[] body) throws Exception {
        var chain = network.chain(origin.domain());
        var remoteRouter = new Bytes32(Numeric.toBytesPadded(Numeric.toBigInt(devnet.metalayer(destination.chainId()).router().hex()), 32));
        var args = List.<org.web3j.abi.datatypes.Type>of(new Uint32(destination.domain().value()), remoteRouter, new DynamicBytes(body));
        var quote = new Function("quoteDispatch", args, List.of(new TypeReference<Uint256>() { }));
        var out = devnet.web3j(origin.chainId()).ethCall(Transaction.createEthCallTransaction(app.getAddress(),
                chain.contracts().mailbox().hex(), FunctionEncoder.encode(quote)), DefaultBlockParameterName.LATEST).send();
        BigInteger fee = (BigInteger) FunctionReturnDecoder.decode(out.getValue(), quote.getOutputParameters()).get(0).getValue();
        var receipt = chain.rpc().send(app, chain.contracts().mailbox(),
                FunctionEncoder.encode(new Function("dispatch", args, List.of())), fee).block(Duration.ofSeconds(30));
        assertThat(receipt.isStatusOK()).isTrue();
        var log = receipt.getLogs().stream().filter(l -> l.getTopics().get(0).equals(org.web3j.abi.EventEncoder.encode(Relayer.DISPATCH)))
                .findFirst().orElseThrow();
        return HyperlaneMessage.of((byte[]) FunctionReturnDecoder.decode(log.getData(), Relayer.DISPATCH.getNonIndexedParameters())
                .get(0).getValue());
    }

    private String name(Domain domain) {
        return devnet.network().rollups().stream().filter(x -> x.domain().equals(domain)).findFirst().orElseThrow().name();
    }

    private record Received(long origin, byte[] sender, byte[] message) {
    }

    @SuppressWarnings("rawtypes")
    private List<Received> received(Domain domain) throws Exception {
        Rollup r = devnet.network().rollups().stream().filter(x -> x.domain().equals(domain)).findFirst().orElseThrow();
        var web3j = devnet.web3j(r.chainId());
        var count = new Function("count", List.of(), List.of(new TypeReference<Uint256>() { }));
        int n = ((BigInteger) call(web3j, recipients.get(domain), count).get(0).getValue()).intValueExact();
        var out = new ArrayList<Received>();
        for (int i = 0; i < n; i++) {
            var at = new Function("receivedAt", List.<org.web3j.abi.datatypes.Type>of(new Uint256(i)), List.of(new TypeReference<Uint32>() { },
                    new TypeReference<Bytes32>() { }, new TypeReference<DynamicBytes>() { }, new TypeReference<Uint256>() { },
                    new TypeReference<Uint256>() { }));
            List<org.web3j.abi.datatypes.Type> v = call(web3j, recipients.get(domain), at);
            assertThat(((BigInteger) v.get(3).getValue()).signum()).isZero();
            assertThat(((BigInteger) v.get(4).getValue()).signum()).isZero();
            out.add(new Received(((BigInteger) v.get(0).getValue()).longValueExact(), (byte[]) v.get(1).getValue(),
                    (byte[]) v.get(2).getValue()));
        }
        return out;
    }

    @SuppressWarnings("rawtypes")
    private static List<org.web3j.abi.datatypes.Type> call(org.web3j.protocol.Web3j web3j, Address to, Function f) throws Exception {
        var r = web3j.ethCall(Transaction.createEthCallTransaction(null, to.hex(), FunctionEncoder.encode(f)),
                DefaultBlockParameterName.LATEST).send();
        return FunctionReturnDecoder.decode(r.getValue(), f.getOutputParameters());
    }

    private Address deploy(Rollup r, String code) throws Exception {
        var web3j = devnet.web3j(r.chainId());
        BigInteger nonce = web3j.ethGetTransactionCount(app.getAddress(), DefaultBlockParameterName.PENDING).send().getTransactionCount();
        BigInteger price = web3j.ethGasPrice().send().getGasPrice().multiply(BigInteger.TWO);
        var raw = RawTransaction.createContractTransaction(nonce, price, BigInteger.valueOf(1_500_000), BigInteger.ZERO, code);
        String hash = web3j.ethSendRawTransaction(Numeric.toHexString(TransactionEncoder.signMessage(raw, r.chainId().value(), app)))
                .send().getTransactionHash();
        var receipt = devnet.receiptProcessor(r.chainId()).waitForTransactionReceipt(hash);
        assertThat(receipt.isStatusOK()).isTrue();
        return Address.of(receipt.getContractAddress());
    }
}
