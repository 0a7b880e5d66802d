package io.metaroute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaroute.core.chain.Address;
import io.metaroute.core.intent.IntentSignature;
import io.metaroute.core.intent.IntentTypedData;
import io.metaroute.core.intent.SigningDomain;
import io.metaroute.core.intent.SwapIntent;
import io.metaroute.core.network.Rollup;
import io.metaroute.devnet.DevAccount;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class EndToEndTest extends ApiTestBase {
    @org.springframework.beans.factory.annotation.Autowired
    io.metaroute.solver.routing.Router router;

    @Test
    void aSignedIntentIsQuotedPostedAndFilledForExactlyTheQuotedOutput() throws Exception {
        Rollup r = gaming();
        DevAccount wallet = wallet(0);
        Address weth = token(r, "WETH");
        BigInteger before = devnet().balanceOf(r.chainId(), weth, wallet.address());

        JsonNode quote = quote(r, "USDC", "WETH", "2500000000", wallet); // 2,500 USDC
        BigInteger expected = new BigInteger(quote.get("expectedAmountOut").asText());
        BigInteger min = new BigInteger(quote.get("minAmountOut").asText());
        BigInteger gas = new BigInteger(quote.at("/certificate/gasInTokenOut").asText());
        // the minimum is taken from the output net of gas, so the batch's surplus covers the gas
        assertThat(min).isEqualTo(expected.subtract(gas).multiply(BigInteger.valueOf(9950)).divide(BigInteger.valueOf(10_000)));
        assertThat(quote.at("/route/legs")).isNotEmpty();
        // The certificate: a bound no route can beat, at or above the net output, and a tiny gap.
        BigInteger net = new BigInteger(quote.at("/certificate/netAmountOut").asText());
        assertThat(new BigInteger(quote.at("/certificate/upperBound").asText())).isGreaterThanOrEqualTo(net);
        assertThat(net).isEqualTo(expected.subtract(new BigInteger(quote.at("/certificate/gasInTokenOut").asText())));
        // the search's own share of the gap is tiny; gas's share follows the rollup's live gas price
        assertThat(quote.at("/certificate/gapParts/solver").asDouble()).isLessThan(1e-4);
        assertThat(quote.at("/certificate/relativeGap").asDouble()).isLessThan(1e-3);
        assertThat(quote.at("/certificate/holds").asBoolean()).isTrue();
        // Its parts add up to the gap: solver, leg limit and gas.
        var parts = quote.at("/certificate/gapParts");
        assertThat(parts.path("solver").asDouble() + parts.path("legLimit").asDouble() + parts.path("gas").asDouble())
                .isCloseTo(quote.at("/certificate/relativeGap").asDouble(), org.assertj.core.api.Assertions.within(1e-9));
        assertThat(quote.at("/typedData/domain/verifyingContract").asText()).isEqualToIgnoringCase(r.settler().hex());

        String id = submit(signTyped(quote.get("typedData"), wallet));
        JsonNode done = awaitFinished(id);

        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("filled");
        assertThat(done.get("quotedAmountOut").asText()).isEqualTo(expected.toString());
        assertThat(done.get("realisedAmountOut").asText()).isEqualTo(expected.toString());
        assertThat(done.get("txHash").asText()).startsWith("0x");
        assertThat(done.get("history")).extracting(h -> h.get("status").asText())
                .containsExactly("received", "routed", "submitted", "filled");
        BigInteger after = devnet().balanceOf(r.chainId(), weth, wallet.address());
        assertThat(after.subtract(before)).isEqualTo(expected);

        List<BigInteger> sums = db.sql("select sum(delta) as s from ledger_entries where intent_id = :id::uuid group by token")
                .bind("id", id).map(row -> row.get("s", java.math.BigDecimal.class).toBigIntegerExact()).all().collectList().block();
        assertThat(sums).hasSize(2).allMatch(s -> s.signum() == 0);
    }

    @Test
    void theSameSignedIntentPostedConcurrentlyIsStoredAndFilledOnce() throws Exception {
        Rollup r = gaming();
        DevAccount wallet = wallet(1);
        Address weth = token(r, "WETH");
        BigInteger before = devnet().balanceOf(r.chainId(), weth, wallet.address());
        JsonNode quote = quote(r, "USDC", "WETH", "1000000000", wallet);
        Map<String, Object> body = signTyped(quote.get("typedData"), wallet);

        List<Callable<String>> posts = java.util.Collections.nCopies(8, () -> submit(body));
        try (var pool = Executors.newFixedThreadPool(8)) {
            var ids = pool.invokeAll(posts).stream().map(f -> {
                try {
                    return f.get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).distinct().toList();
            assertThat(ids).hasSize(1);
            JsonNode done = awaitFinished(ids.getFirst());
            assertThat(done.get("status").asText()).isEqualTo("filled");
            assertThat(devnet().balanceOf(r.chainId(), weth, wallet.address()).subtract(before))
                    .isEqualTo(new BigInteger(done.get("realisedAmountOut").asText()));
        }
        long rows = db.sql("select count(*) as n from intents where user_address = :u and nonce = :n::numeric")
                .bind("u", wallet.address().hex()).bind("n", quote.at("/typedData/message/nonce").asText())
                .map(row -> row.get("n", Long.class)).one().block();
        assertThat(rows).isEqualTo(1);
    }

    @Test
    void aMinimumTheMarketCannotPayIsRejectedWithTheReasonAndNothingIsSent() throws Exception {
        Rollup r = gaming();
        DevAccount wallet = wallet(2);
        JsonNode quote = quote(r, "USDC", "WETH", "1000000", wallet);
        BigInteger expected = new BigInteger(quote.get("expectedAmountOut").asText());
        SwapIntent tooGreedy = new SwapIntent(wallet.address(), wallet.address(), freshNonce(), r.chainId(), r.chainId(),
                token(r, "USDC"), BigInteger.valueOf(1_000_000), token(r, "WETH"), expected.multiply(BigInteger.TWO),
                Instant.now().getEpochSecond() + 600);
        String id = submit(signedBody(tooGreedy, domainOf(r), wallet.credentials()));
        JsonNode done = awaitFinished(id);
        assertThat(done.get("status").asText()).isEqualTo("rejected");
        assertThat(done.get("reason").asText()).isEqualTo("bound_unreachable");
        assertThat(done.get("txHash").isNull()).isTrue();
    }

    @Test
    void chainsTokensAndTheMarketAreServed() {
        http.get().uri("/v1/chains").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.length()").isEqualTo(3)
                .jsonPath("$[0].signingDomain.name").isEqualTo("Metaroute");
        http.get().uri("/v1/tokens?chainId=" + gaming().chainId().value()).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[?(@.symbol == 'USDC')].decimals").isEqualTo(6);
        http.get().uri("/v1/network").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.rollups.length()").isEqualTo(3)
                .jsonPath("$.rollups[0].pools.length()").isEqualTo(5)
                .jsonPath("$.devAccounts.length()").isEqualTo(0);
        http.get().uri("/v1/market/snapshot").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.pools.length()").isEqualTo(15);
    }

    @Test
    void theServedSnapshotReplaysOfflineToTheSameQuote() throws Exception {
        Rollup r = gaming();
        JsonNode quote = quote(r, "USDC", "WETH", "2500000000", wallet(0));
        String snapshotJson = http.get().uri("/v1/market/snapshot").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        String intents = "[{\"chainId\":" + r.chainId().value() + ",\"tokenIn\":\"" + token(r, "USDC").hex()
                + "\",\"tokenOut\":\"" + token(r, "WETH").hex() + "\",\"amountIn\":\"2500000000\"}]";
        var buffer = new java.io.ByteArrayOutputStream();
        int failures = io.metaroute.solver.cli.Solve.run(router, io.metaroute.solver.cli.SnapshotFile.parse(snapshotJson), intents,
                new java.io.PrintStream(buffer, true, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(failures).isZero();
        assertThat(buffer.toString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("expected out " + quote.get("expectedAmountOut").asText());
    }

    @Test
    void theMarketIsFannedOutThroughRedis() {
        var client = io.lettuce.core.RedisClient.create("redis://127.0.0.1:6379");
        try (var redis = client.connect()) {
            String prefix = "metaroute:it:" + System.getProperty("metaroute.it.schema", "metaroute_it");
            String snapshot = redis.sync().get(prefix + ":snapshot");
            assertThat(snapshot).as("the service publishes its market to the configured Redis for other replicas")
                    .isNotNull().contains(gaming().pools().getFirst().address().hex());
            assertThat(redis.sync().xlen(prefix + ":stream")).as("and every version after it to the stream").isPositive();
        } finally {
            client.shutdown();
        }
    }
}
