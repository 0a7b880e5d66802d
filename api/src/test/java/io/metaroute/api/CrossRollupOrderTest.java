package io.metaroute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaroute.core.chain.Address;
import io.metaroute.core.network.FinalityState;
import io.metaroute.core.network.Rollup;
import io.metaroute.devnet.DevAccount;
import io.metaroute.devnet.DevnetValidators;
import java.math.BigInteger;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Sign;
import org.web3j.crypto.StructuredDataEncoder;
import org.web3j.utils.Numeric;

/**
 * A wallet's cross-rollup swap through the service alone: quote, sign the served
 * GaslessCrossChainOrder as a wallet does, post it; the service opens it on the origin, fills it
 * from its inventory on the destination, and its own validators and relayer carry the release back;
 * an order the solver will not fill is refunded once its fill deadline has passed. The context is
 * closed after the class, so that its relayer (with the devnet's relayer key) does not go on
 * delivering other tests' messages.
 */
@org.springframework.test.annotation.DirtiesContext
class CrossRollupOrderTest extends ApiTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BigInteger USDC = BigInteger.TEN.pow(6);

    @DynamicPropertySource
    static void roles(DynamicPropertyRegistry registry) {
        registry.add("metaroute.metalayer.validator-keys", () -> hex(DevnetValidators.keys(FinalityState.INSTANT)));
        registry.add("metaroute.metalayer.finalized-validator-keys", () -> hex(DevnetValidators.keys(FinalityState.FINALIZED)));
        registry.add("metaroute.metalayer.relayer-key",
                () -> devnet().relayer().credentials().getEcKeyPair().getPrivateKey().toString(16));
        registry.add("metaroute.cross.enabled", () -> "true");
        registry.add("metaroute.cross.max-batch-wait", () -> "500ms");
        // the executor lends what the devnet gave it of USDC on every rollup
        registry.add("metaroute.inventory.limits", () -> devnet().network().rollups().stream()
                .map(r -> r.chainId().value() + ":USDC:1000000000000").collect(Collectors.joining(",")));
        registry.add("metaroute.inventory.refresh-every", () -> "1s");
    }

    private static String hex(List<Credentials> keys) {
        return keys.stream().map(k -> k.getEcKeyPair().getPrivateKey().toString(16)).collect(Collectors.joining(","));
    }

    private JsonNode crossQuote(Rollup from, Rollup to, String amount, DevAccount wallet, DevAccount recipient, long seconds) {
        var body = new LinkedHashMap<String, Object>();
        body.put("chainId", from.chainId().value());
        body.put("destinationChainId", to.chainId().value());
        body.put("tokenIn", "USDC");
        body.put("tokenOut", "USDC");
        body.put("amountIn", amount);
        body.put("slippageBps", 50);
        body.put("user", wallet.address().hex());
        body.put("recipient", recipient.address().hex());
        body.put("deadlineSeconds", seconds);
        return patientHttp().post().uri("/v1/quotes").bodyValue(body).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    /** What a wallet does: hash the typed data exactly as served (eth_signTypedData_v4) and sign it. */
    private static Map<String, Object> walletSigns(JsonNode typedData, DevAccount wallet) throws Exception {
        byte[] digest = new StructuredDataEncoder(JSON.writeValueAsString(typedData)).hashStructuredData();
        var sig = Sign.signMessage(digest, wallet.credentials().getEcKeyPair(), false);
        byte[] bytes = new byte[65];
        System.arraycopy(sig.getR(), 0, bytes, 0, 32);
        System.arraycopy(sig.getS(), 0, bytes, 32, 32);
        bytes[64] = sig.getV()[0];
        var body = new LinkedHashMap<String, Object>();
        body.put("typedData", typedData);
        body.put("signature", Numeric.toHexString(bytes));
        return body;
    }

    private JsonNode awaitStatus(String id, List<String> done, Duration within) throws InterruptedException {
        long until = System.nanoTime() + within.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < until) {
            last = http.get().uri("/v1/intents/" + id).exchange().expectStatus().isOk().expectBody(JsonNode.class)
                    .returnResult().getResponseBody();
            if (done.contains(last.get("status").asText())) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("order " + id + " did not reach " + done + " within " + within + ": " + last);
    }

    @org.springframework.beans.factory.annotation.Autowired
    io.metaroute.quotefeeds.fees.MessageFeeBook messageFees;

    /** Every ordered pair's settlement message is priced from its router's quoteDispatch, for the router's cost model. */
    @Test
    void everyPairsMessageFeeIsReadFromItsRouter() throws Exception {
        var rollups = devnet().network().rollups();
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        for (Rollup a : rollups) {
            for (Rollup b : rollups) {
                if (a.equals(b)) {
                    continue;
                }
                while (messageFees.feeWei(a.chainId(), b.chainId()).isEmpty() && System.nanoTime() < until) {
                    Thread.sleep(100);
                }
                assertThat(messageFees.feeWei(a.chainId(), b.chainId())).as("%s -> %s", a.name(), b.name())
                        .hasValueSatisfying(fee -> assertThat(fee).isPositive());
            }
        }
    }

    @Test
    void aSignedOrderIsOpenedFilledAndReleasedAcrossRollups() throws Exception {
        Rollup from = devnet().network().rollups().get(0);
        Rollup to = devnet().network().rollups().get(1);
        DevAccount user = wallet(0);
        DevAccount recipient = wallet(1);
        JsonNode quote = crossQuote(from, to, USDC.multiply(BigInteger.valueOf(200)).toString(), user, recipient, 600);
        assertThat(quote.at("/typedData/primaryType").asText()).isEqualTo("GaslessCrossChainOrder");
        assertThat(quote.get("finality").asText()).isEqualTo("INSTANT");
        BigInteger min = new BigInteger(quote.get("minAmountOut").asText());
        assertThat(min).isPositive();
        Address tokenOut = Address.of(quote.get("tokenOut").asText());
        BigInteger before = devnet().balanceOf(to.chainId(), tokenOut, recipient.address());

        String id = submit(walletSigns(quote.get("typedData"), user));
        JsonNode done = awaitStatus(id, List.of("released", "refunded", "rejected"), Duration.ofSeconds(90));
        assertThat(done.get("status").asText()).as("order %s", done).isEqualTo("released");
        BigInteger got = devnet().balanceOf(to.chainId(), tokenOut, recipient.address()).subtract(before);
        assertThat(got).isGreaterThanOrEqualTo(min).isEqualTo(new BigInteger(done.get("filledAmount").asText()));
        assertThat(done.get("messageId").asText()).startsWith("0x");
        var steps = done.get("steps");
        assertThat(steps.findValuesAsText("status")).containsSubsequence("received", "opening", "opened", "filling", "filled",
                "releasing", "released");
        for (JsonNode s : steps) {
            if (List.of("opening", "filling", "releasing").contains(s.get("status").asText())) {
                assertThat(s.get("txHash").asText()).startsWith("0x");
                assertThat(s.get("chainId").asLong()).isEqualTo(s.get("status").asText().equals("opening")
                        ? from.chainId().value() : to.chainId().value());
            }
        }
        // the same signed order again is the same order, not a second one
        JsonNode again = patientHttp().post().uri("/v1/intents").bodyValue(walletSigns(quote.get("typedData"), user)).exchange()
                .expectStatus().isAccepted().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(again.get("id").asText()).isEqualTo(id);
        assertThat(again.get("duplicate").asBoolean()).isTrue();
    }

    @Test
    void anOrderTheSolverWillNotFillIsRefundedAfterItsFillDeadline() throws Exception {
        Rollup from = devnet().network().rollups().get(1);
        Rollup to = devnet().network().rollups().get(0);
        DevAccount user = wallet(2);
        JsonNode quote = crossQuote(from, to, USDC.multiply(BigInteger.valueOf(50)).toString(), user, user, 8);
        // the wallet asks for twice what the route pays: no solver fills that, and the input must come back
        ObjectNode typed = quote.get("typedData").deepCopy();
        ObjectNode data = (ObjectNode) typed.get("message").get("orderData");
        data.put("minAmountOut", new BigInteger(quote.get("expectedAmountOut").asText()).multiply(BigInteger.TWO).toString());
        Address tokenIn = Address.of(quote.get("tokenIn").asText());
        BigInteger before = devnet().balanceOf(from.chainId(), tokenIn, user.address());

        String id = submit(walletSigns(typed, user));
        JsonNode done = awaitStatus(id, List.of("released", "refunded", "rejected"), Duration.ofSeconds(90));
        assertThat(done.get("status").asText()).as("order %s", done).isEqualTo("refunded");
        assertThat(done.get("steps").findValuesAsText("status")).containsSubsequence("opened", "unfilled", "refunding", "refunded");
        assertThat(devnet().balanceOf(from.chainId(), tokenIn, user.address())).isEqualTo(before);
    }
}
