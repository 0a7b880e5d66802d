package io.metaroute.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.core.chain.Address;
import io.metaroute.core.network.FinalityState;
import io.metaroute.core.network.Rollup;
import io.metaroute.devnet.ContractArtifact;
import io.metaroute.devnet.DevnetValidators;
import io.metaroute.settlement.metalayer.infra.MetalayerClient;
import io.metaroute.settlement.metalayer.infra.MetalayerNetwork;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.utils.Numeric;

/**
 * The service runs the Metalayer roles itself: given the guardian and relayer keys, a message
 * dispatched on one rollup is signed by its validators and delivered on another by its relayer,
 * with nobody else involved, and health shows the roles. The context is closed after the class, so
 * that its relayer does not deliver other tests' messages.
 */
@org.springframework.test.annotation.DirtiesContext
class MetalayerRolesTest extends ApiTestBase {

    @DynamicPropertySource
    static void keys(DynamicPropertyRegistry registry) {
        registry.add("metaroute.metalayer.validator-keys", () -> hex(DevnetValidators.keys(FinalityState.INSTANT)));
        registry.add("metaroute.metalayer.finalized-validator-keys", () -> hex(DevnetValidators.keys(FinalityState.FINALIZED)));
        registry.add("metaroute.metalayer.relayer-key",
                () -> devnet().relayer().credentials().getEcKeyPair().getPrivateKey().toString(16));
    }

    private static String hex(List<Credentials> keys) {
        return keys.stream().map(k -> k.getEcKeyPair().getPrivateKey().toString(16)).collect(Collectors.joining(","));
    }

    @Test
    void aDispatchedMessageIsDeliveredByTheServicesOwnValidatorsAndRelayer() throws Exception {
        Rollup origin = devnet().network().rollups().get(0);
        Rollup destination = devnet().network().rollups().get(1);
        Credentials app = wallet(2).credentials();
        Address recipient = deployRecipient(destination, app);
        try (var network = new MetalayerNetwork(devnet().network())) {
            var sent = new MetalayerClient(network).dispatch(origin.domain(), destination.domain(), recipient,
                    "hello".getBytes(), FinalityState.INSTANT, 300_000, app).block(Duration.ofSeconds(30));
            assertThat(sent).isNotNull();
            byte[] id = Numeric.hexStringToByteArray(sent.message().id());
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            boolean delivered = false;
            while (!delivered && System.nanoTime() < deadline) {
                delivered = delivered(destination, id);
                if (!delivered) {
                    Thread.sleep(200);
                }
            }
            assertThat(delivered).as("message %s delivered on %s by the service's relayer", sent.message().id(), destination.name())
                    .isTrue();
        }
        // counted once confirmed at the relayer's depth, a few blocks after Mailbox.delivered turns true
        com.fasterxml.jackson.databind.JsonNode metalayer = null;
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < until) {
            metalayer = patientHttp().get().uri("/actuator/health/metalayer").exchange().expectStatus().isOk()
                    .expectBody(com.fasterxml.jackson.databind.JsonNode.class).returnResult().getResponseBody();
            if (metalayer.at("/details/delivered").asLong() > 0) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(metalayer.path("status").asText()).as("health of the Metalayer roles: %s", metalayer).isEqualTo("UP");
        assertThat(metalayer.at("/details/roles").toString()).contains("validator", "relayer");
        assertThat(metalayer.at("/details/delivered").asLong()).isPositive();
    }

    @SuppressWarnings("rawtypes")
    private boolean delivered(Rollup r, byte[] id) throws Exception {
        var f = new Function("delivered", List.<Type>of(new Bytes32(id)), List.of(new TypeReference<Bool>() { }));
        var mailbox = devnet().metalayer(r.chainId()).mailbox();
        var out = devnet().web3j(r.chainId()).ethCall(Transaction.createEthCallTransaction(null, mailbox.hex(),
                FunctionEncoder.encode(f)), DefaultBlockParameterName.LATEST).send();
        return (Boolean) FunctionReturnDecoder.decode(out.getValue(), f.getOutputParameters()).get(0).getValue();
    }

    private Address deployRecipient(Rollup r, Credentials from) throws Exception {
        var web3j = devnet().web3j(r.chainId());
        String code = ContractArtifact.bytecode("MetalayerTestRecipient") + FunctionEncoder.encodeConstructor(
                List.of(new org.web3j.abi.datatypes.Address(devnet().metalayer(r.chainId()).router().hex())));
        BigInteger nonce = web3j.ethGetTransactionCount(from.getAddress(), DefaultBlockParameterName.PENDING).send()
                .getTransactionCount();
        BigInteger price = web3j.ethGasPrice().send().getGasPrice().multiply(BigInteger.TWO);
        var raw = RawTransaction.createContractTransaction(nonce, price, BigInteger.valueOf(2_000_000), BigInteger.ZERO, code);
        String hash = web3j.ethSendRawTransaction(Numeric.toHexString(TransactionEncoder.signMessage(raw, r.chainId().value(), from)))
                .send().getTransactionHash();
        var receipt = devnet().receiptProcessor(r.chainId()).waitForTransactionReceipt(hash);
        assertThat(receipt.isStatusOK()).isTrue();
        return Address.of(receipt.getContractAddress());
    }
}
