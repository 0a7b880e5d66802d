package io.metaroute.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.intent.SwapIntent;
import io.metaroute.core.network.Rollup;
import io.metaroute.devnet.DevAccount;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.web3j.crypto.Sign;

/** Each bad input gets a 4xx problem+json naming the field with a stable kind, and changes nothing. */
class BadInputTest extends ApiTestBase {
    static final BigInteger USDC_100 = BigInteger.valueOf(100_000_000);

    @Test
    void malformedJson() {
        expectProblem(postRaw("{\"typedData\": {", MediaType.APPLICATION_JSON), 400, "malformed_json", "body");
    }

    @Test
    void unknownChain() {
        var wallet = wallet(0);
        var i = with(intent(wallet, USDC_100, BigInteger.ONE), b -> b.origin = ChainId.of(999_999), b -> b.destination = ChainId.of(999_999));
        expectProblem(post(signedBody(i, domainOf(ChainId.of(999_999), gaming().settler()), wallet.credentials())),
                400, "unknown_chain", "typedData.message.originChainId");
    }

    @Test
    void unknownToken() {
        var wallet = wallet(0);
        var i = with(intent(wallet, USDC_100, BigInteger.ONE), b -> b.tokenOut = Address.of("0x00000000000000000000000000000000deadbeef"));
        expectProblem(post(signedBody(i, domainOf(gaming()), wallet.credentials())), 400, "unknown_token", "typedData.message.tokenOut");
    }

    @Test
    void zeroAmount() {
        expectProblem(post(withMessage("amountIn", "0")), 400, "invalid_amount", "typedData.message.amountIn");
    }

    @Test
    void negativeAmount() {
        expectProblem(post(withMessage("amountIn", "-100")), 400, "invalid_amount", "typedData.message.amountIn");
    }

    @Test
    void overflowingAmount() {
        expectProblem(post(withMessage("amountIn", BigInteger.TWO.pow(256).toString())), 400, "invalid_amount", "typedData.message.amountIn");
    }

    @Test
    void fractionalAmount() {
        expectProblem(post(withMessage("minAmountOut", "1.5")), 400, "invalid_amount", "typedData.message.minAmountOut");
    }

    @Test
    void expiredDeadline() {
        var wallet = wallet(0);
        var i = with(intent(wallet, USDC_100, BigInteger.ONE), b -> b.deadline = Instant.now().getEpochSecond() - 5);
        expectProblem(post(signedBody(i, domainOf(gaming()), wallet.credentials())), 400, "deadline_expired", "typedData.message.deadline");
    }

    @Test
    void absurdlyDistantDeadline() {
        var wallet = wallet(0);
        var i = with(intent(wallet, USDC_100, BigInteger.ONE), b -> b.deadline = Instant.now().getEpochSecond() + 400L * 24 * 3600);
        expectProblem(post(signedBody(i, domainOf(gaming()), wallet.credentials())), 400, "deadline_too_far", "typedData.message.deadline");
    }

    @Test
    void signatureByAnotherWallet() {
        var i = intent(wallet(0), USDC_100, BigInteger.ONE);
        expectProblem(post(signedBody(i, domainOf(gaming()), wallet(1).credentials())), 400, "signature_invalid", "signature");
    }

    @Test
    void domainWithAnotherChainId() {
        var wallet = wallet(0);
        var i = intent(wallet, USDC_100, BigInteger.ONE);
        expectProblem(post(signedBody(i, domainOf(ChainId.of(1), gaming().settler()), wallet.credentials())),
                400, "domain_mismatch", "typedData.domain.chainId");
    }

    @Test
    void domainWithAnotherVerifyingContract() {
        var wallet = wallet(0);
        var i = intent(wallet, USDC_100, BigInteger.ONE);
        var other = Address.of("0x000000000000000000000000000000000000c0de");
        expectProblem(post(signedBody(i, domainOf(gaming().chainId(), other), wallet.credentials())),
                400, "domain_mismatch", "typedData.domain.verifyingContract");
    }

    @Test
    void highSMalleableSignature() {
        var body = validBody(wallet(0));
        byte[] sig = HexFormat.of().parseHex(((String) body.get("signature")).substring(2));
        BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(sig, 32, 64));
        byte[] highS = Sign.CURVE_PARAMS.getN().subtract(s).toByteArray();
        byte[] word = new byte[32];
        System.arraycopy(highS, Math.max(0, highS.length - 32), word, 32 - Math.min(32, highS.length), Math.min(32, highS.length));
        System.arraycopy(word, 0, sig, 32, 32);
        sig[64] = (byte) (sig[64] == 27 ? 28 : 27);
        body.put("signature", "0x" + HexFormat.of().formatHex(sig));
        expectProblem(post(body), 400, "signature_malleable", "signature");
    }

    @Test
    void signatureOfTheWrongLength() {
        var body = validBody(wallet(0));
        body.put("signature", ((String) body.get("signature")).substring(0, 128));
        expectProblem(post(body), 400, "signature_malformed", "signature");
    }

    /** A filled intent keeps its nonce (the settler has used it): another intent with it is refused. */
    @Test
    void reusedNonceForADifferentIntent() throws InterruptedException {
        var wallet = wallet(0);
        var first = intent(wallet, BigInteger.valueOf(1_000_000), BigInteger.ONE);
        String id = submit(signedBody(first, domainOf(gaming()), wallet.credentials()));
        assertThat(awaitFinished(id).get("status").asText()).isEqualTo("filled");
        var second = with(first, b -> b.amountIn = USDC_100.add(BigInteger.ONE));
        expectProblem(post(signedBody(second, domainOf(gaming()), wallet.credentials())), 409, "nonce_reused", "typedData.message.nonce");
    }

    /** Nonce policy: a rejected intent was never sent, so its nonce is released for a new signed intent. */
    @Test
    void aRejectedIntentReleasesItsNonce() throws InterruptedException {
        var wallet = wallet(0);
        var first = intent(wallet, USDC_100, BigInteger.valueOf(Long.MAX_VALUE)); // unfillable: rejected, never sent
        String id = submit(signedBody(first, domainOf(gaming()), wallet.credentials()));
        assertThat(awaitFinished(id).get("status").asText()).isEqualTo("rejected");
        var second = with(first, b -> b.minOut = BigInteger.ONE);
        String secondId = submit(signedBody(second, domainOf(gaming()), wallet.credentials()));
        assertThat(secondId).isNotEqualTo(id);
        assertThat(awaitFinished(secondId).get("status").asText()).isEqualTo("filled");
        // the first one, posted again, is still itself (a duplicate), not a new claim on the nonce
        var again = patientHttp().post().uri("/v1/intents").bodyValue(signedBody(first, domainOf(gaming()), wallet.credentials()))
                .exchange().expectStatus().isAccepted().expectBody(com.fasterxml.jackson.databind.JsonNode.class)
                .returnResult().getResponseBody();
        assertThat(again.get("id").asText()).isEqualTo(id);
        assertThat(again.get("duplicate").asBoolean()).isTrue();
    }

    @Test
    void missingAndUnknownMessageFields() {
        var body = validBody(wallet(0));
        message(body).remove("recipient");
        expectProblem(post(body), 400, "missing_field", "typedData.message.recipient");
        var extra = validBody(wallet(0));
        message(extra).put("tip", "1");
        expectProblem(post(extra), 400, "unknown_field", "typedData.message.tip");
    }

    @Test
    void shortAddress() {
        expectProblem(post(withMessage("recipient", "0x1234")), 400, "invalid_address", "typedData.message.recipient");
    }

    @Test
    void typesThatAreNotOurs() {
        var body = validBody(wallet(0));
        @SuppressWarnings("unchecked")
        var typed = (Map<String, Object>) body.get("typedData");
        typed.put("types", Map.of("EIP712Domain", java.util.List.of(), "SwapIntent", java.util.List.of()));
        expectProblem(post(body), 400, "typed_data_mismatch", "typedData.types.EIP712Domain");
    }

    @Test
    void crossRollupIntentsAreRefusedUntilMetalayerSettlementExists() {
        var wallet = wallet(0);
        var veil = devnet().network().rollups().stream().filter(r -> r.name().equals("veil")).findFirst().orElseThrow();
        var i = with(intent(wallet, USDC_100, BigInteger.ONE), b -> b.destination = veil.chainId());
        expectProblem(post(signedBody(i, domainOf(gaming()), wallet.credentials())), 422, "unsupported_route",
                "typedData.message.destinationChainId");
    }

    @Test
    void unknownIntentIdAndMalformedId() {
        expectProblem(http.get().uri("/v1/intents/" + java.util.UUID.randomUUID()).exchange(), 404, "intent_not_found", "id");
        expectProblem(http.get().uri("/v1/intents/not-a-uuid").exchange(), 400, "invalid_field", "id");
    }

    @Test
    void badQuoteRequests() {
        Rollup r = gaming();
        String user = wallet(0).address().hex();
        expectQuoteProblem(Map.of("chainId", 5, "tokenIn", "USDC", "tokenOut", "WETH", "amountIn", "1", "user", user), "unknown_chain", "chainId");
        expectQuoteProblem(Map.of("chainId", r.chainId().value(), "tokenIn", "NOPE", "tokenOut", "WETH", "amountIn", "1", "user", user), "unknown_token", "tokenIn");
        expectQuoteProblem(Map.of("chainId", r.chainId().value(), "tokenIn", "USDC", "tokenOut", "WETH", "amountIn", "0", "user", user), "invalid_amount", "amountIn");
        expectQuoteProblem(Map.of("chainId", r.chainId().value(), "tokenIn", "USDC", "tokenOut", "WETH", "amountIn", "-3", "user", user), "invalid_amount", "amountIn");
        expectQuoteProblem(Map.of("chainId", r.chainId().value(), "tokenIn", "USDC", "tokenOut", "WETH", "amountIn", "1000", "slippageBps", 9000, "user", user), "invalid_field", "slippageBps");
        expectQuoteProblem(Map.of("chainId", r.chainId().value(), "tokenIn", "USDC", "tokenOut", "WETH", "amountIn", "1000", "user", "0x12"), "invalid_address", "user");
        expectQuoteProblem(Map.of("chainId", r.chainId().value(), "tokenIn", "USDC", "tokenOut", "WETH", "amountIn", "1000", "user", user,
                "slipageBps", 5000), "unknown_field", "slipageBps");
        expectQuoteProblem(Map.of("chainId", r.chainId().value(), "tokenIn", "USDC", "tokenOut", "WETH", "amountIn", "0x12", "user", user), "invalid_amount", "amountIn");
        expectQuoteProblem(Map.of("chainId", r.chainId().value(), "tokenIn", "USDC", "tokenOut", "WETH", "amountIn", "1000", "slippageBps", 1.5,
                "user", user), "invalid_field", "slippageBps");
        expectQuoteProblem(Map.of("chainId", r.chainId().value(), "tokenIn", "USDC", "tokenOut", "WETH", "amountIn", "1000", "user", user,
                "recipient", r.settler().checksummed()), "invalid_recipient", "recipient");
    }

    @Test
    void recipientThatWouldLockTheOutputIsRefused() {
        var wallet = wallet(0);
        var i = with(intent(wallet, USDC_100, BigInteger.ONE), b -> b.recipient = gaming().settler());
        expectProblem(post(signedBody(i, domainOf(gaming()), wallet.credentials())), 400, "invalid_recipient", "typedData.message.recipient");
    }

    @Test
    void signatureWithROfTheCurveOrder() {
        var body = validBody(wallet(0));
        byte[] sig = HexFormat.of().parseHex(((String) body.get("signature")).substring(2));
        byte[] n = Sign.CURVE_PARAMS.getN().toByteArray();
        System.arraycopy(n, n.length - 32, sig, 0, 32);
        body.put("signature", "0x" + HexFormat.of().formatHex(sig));
        expectProblem(post(body), 400, "signature_malformed", "signature");
    }

    // --- helpers -----------------------------------------------------------------------------

    /** Mutable copy of an intent's fields, for building one wrong thing at a time. */
    static final class B {
        Address user, recipient, tokenIn, tokenOut;
        BigInteger nonce, amountIn, minOut;
        ChainId origin, destination;
        long deadline;
    }

    @SafeVarargs
    static SwapIntent with(SwapIntent i, Consumer<B>... changes) {
        var b = new B();
        b.user = i.user(); b.recipient = i.recipient(); b.nonce = i.nonce(); b.origin = i.originChainId();
        b.destination = i.destinationChainId(); b.tokenIn = i.tokenIn(); b.amountIn = i.amountIn(); b.tokenOut = i.tokenOut();
        b.minOut = i.minAmountOut(); b.deadline = i.deadline();
        for (var c : changes) c.accept(b);
        return new SwapIntent(b.user, b.recipient, b.nonce, b.origin, b.destination, b.tokenIn, b.amountIn, b.tokenOut, b.minOut, b.deadline);
    }

    Map<String, Object> validBody(DevAccount wallet) {
        return signedBody(intent(wallet, USDC_100, BigInteger.ONE), domainOf(gaming()), wallet.credentials());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> message(Map<String, Object> body) {
        return (Map<String, Object>) ((Map<String, Object>) body.get("typedData")).get("message");
    }

    Map<String, Object> withMessage(String field, String value) {
        var body = validBody(wallet(0));
        message(body).put(field, value);
        return body;
    }

    org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec post(Map<String, Object> body) {
        return http.post().uri("/v1/intents").bodyValue(body).exchange();
    }

    org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec postRaw(String body, MediaType type) {
        return http.post().uri("/v1/intents").contentType(type).bodyValue(body).exchange();
    }

    void expectQuoteProblem(Map<String, Object> request, String kind, String field) {
        expectProblem(http.post().uri("/v1/quotes").bodyValue(request).exchange(), 400, kind, field);
    }

    void expectProblem(org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec response, int status, String kind, String field) {
        long before = intentCount();
        response.expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.kind").isEqualTo(kind)
                .jsonPath("$.field").isEqualTo(field)
                .jsonPath("$.detail").isNotEmpty();
        assertThat(intentCount()).as("a refused request stores nothing").isEqualTo(before);
    }
}
