package io.metaroute.api;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.intent.IntentSignature;
import io.metaroute.core.intent.IntentTypedData;
import io.metaroute.core.intent.SigningDomain;
import io.metaroute.core.intent.SwapIntent;
import io.metaroute.core.network.Rollup;
import io.metaroute.devnet.DevAccount;
import io.metaroute.devnet.Devnet;
import io.metaroute.devnet.DevnetExtension;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.web3j.crypto.Credentials;

/**
 * Every API test runs the real application against the shared devnet (real anvil rollups) and
 * the machine's PostgreSQL, in a schema of its own that is rebuilt once per test JVM.
 */
@ExtendWith(DevnetExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.r2dbc.url=r2dbc:postgresql://127.0.0.1:5432/test",
        "spring.r2dbc.username=postgres",
        "metaroute.database.schema=${metaroute.it.schema:metaroute_it}",
        "metaroute.database.clean-on-start=true",
        "metaroute.feeds.resync-every=2s",
        "metaroute.redis.url=redis://127.0.0.1:6379",
        "metaroute.redis.prefix=metaroute:it:${metaroute.it.schema:metaroute_it}",
        "metaroute.executor.receipt-timeout=5s",
        // the cross saga scans the shared schema: only the test class about it runs one
        "metaroute.cross.enabled=false"})
public abstract class ApiTestBase {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Autowired
    protected WebTestClient http;

    @Autowired
    protected DatabaseClient db;

    @DynamicPropertySource
    static void network(DynamicPropertyRegistry registry) {
        registry.add("metaroute.network.file", () -> devnet().descriptionFile().toString());
    }

    protected static Devnet devnet() {
        return DevnetExtension.shared();
    }

    protected static Rollup gaming() {
        return devnet().network().rollups().stream().filter(r -> r.name().equals("ember")).findFirst().orElseThrow();
    }

    protected static Address token(Rollup r, String symbol) {
        return r.tokenBySymbol(symbol).orElseThrow().address();
    }

    protected static DevAccount wallet(int i) {
        return devnet().wallets().get(i);
    }

    protected static BigInteger freshNonce() {
        return new BigInteger(120, RANDOM);
    }

    protected WebTestClient patientHttp() {
        return http.mutate().responseTimeout(Duration.ofSeconds(30)).build();
    }

    /** A valid intent selling {@code amountIn} USDC for WETH on the gaming rollup. */
    protected static SwapIntent intent(DevAccount wallet, BigInteger amountIn, BigInteger minOut) {
        return intent(wallet, amountIn, minOut, Instant.now().getEpochSecond() + 600);
    }

    protected static SwapIntent intent(DevAccount wallet, BigInteger amountIn, BigInteger minOut, long deadline) {
        Rollup r = gaming();
        Address user = wallet.address();
        return new SwapIntent(user, user, freshNonce(), r.chainId(), r.chainId(), token(r, "USDC"), amountIn,
                token(r, "WETH"), minOut, deadline);
    }

    /** The POST /v1/intents body: typed data for {@code domain}, signed by {@code signer}. */
    protected static Map<String, Object> signedBody(SwapIntent intent, SigningDomain domain, Credentials signer) {
        byte[] digest = IntentTypedData.digest(domain, intent);
        var body = new LinkedHashMap<String, Object>();
        body.put("typedData", IntentTypedData.of(domain, intent));
        body.put("signature", IntentSignature.sign(digest, signer.getEcKeyPair()).toHex());
        return body;
    }

    protected static SigningDomain domainOf(Rollup r) {
        return SigningDomain.of(r.chainId(), r.settler());
    }

    protected static SigningDomain domainOf(ChainId chain, Address settler) {
        return SigningDomain.of(chain, settler);
    }

    protected long intentCount() {
        return db.sql("select count(*) as n from intents").map(row -> row.get("n", Long.class)).one().block();
    }

    protected JsonNode quote(Rollup r, String in, String out, String amount, DevAccount wallet) {
        return patientHttp().post().uri("/v1/quotes").bodyValue(Map.of("chainId", r.chainId().value(), "tokenIn", in,
                        "tokenOut", out, "amountIn", amount, "slippageBps", 50, "user", wallet.address().hex()))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    /** What a wallet does with the quote: sign the typed data exactly as served. */
    protected static Map<String, Object> signTyped(JsonNode typedData, DevAccount wallet) {
        var m = typedData.get("message");
        var d = typedData.get("domain");
        var intent = new SwapIntent(Address.of(m.get("user").asText()), Address.of(m.get("recipient").asText()),
                new BigInteger(m.get("nonce").asText()), io.metaroute.core.chain.ChainId.of(m.get("originChainId").asLong()),
                io.metaroute.core.chain.ChainId.of(m.get("destinationChainId").asLong()), Address.of(m.get("tokenIn").asText()),
                new BigInteger(m.get("amountIn").asText()), Address.of(m.get("tokenOut").asText()),
                new BigInteger(m.get("minAmountOut").asText()), m.get("deadline").asLong());
        var domain = SigningDomain.of(io.metaroute.core.chain.ChainId.of(d.get("chainId").asLong()),
                Address.of(d.get("verifyingContract").asText()));
        var body = new LinkedHashMap<String, Object>();
        body.put("typedData", typedData);
        body.put("signature", IntentSignature.sign(IntentTypedData.digest(domain, intent), wallet.credentials().getEcKeyPair()).toHex());
        return body;
    }

    protected String submit(Map<String, Object> body) {
        JsonNode answer = patientHttp().post().uri("/v1/intents").bodyValue(body).exchange()
                .expectStatus().isAccepted().expectBody(JsonNode.class).returnResult().getResponseBody();
        return answer.get("id").asText();
    }

    protected JsonNode awaitFinished(String id) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < until) {
            last = http.get().uri("/v1/intents/" + id).exchange().expectStatus().isOk()
                    .expectBody(JsonNode.class).returnResult().getResponseBody();
            if (List.of("filled", "rejected", "failed").contains(last.get("status").asText())) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("intent " + id + " did not finish in 30 s: " + last);
    }
}
