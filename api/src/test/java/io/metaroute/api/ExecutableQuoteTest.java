package io.metaroute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaroute.core.intent.SwapIntent;
import io.metaroute.core.network.Rollup;
import io.metaroute.devnet.DevAccount;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

/**
 * Small trades on the rollups where gas is dear: the quote states the gas and sets a minimum an
 * intent fills at (or refuses the trade with the numbers), and every accepted intent is decided
 * within the batch window bound, never left to its deadline.
 */
class ExecutableQuoteTest extends ApiTestBase {
    static final BigInteger BPS = BigInteger.valueOf(10_000);
    /** metaroute.batch.max-windows (10) batches of 200 ms, each waiting 200 ms for the next, plus planning: well under this. */
    static final Duration DECIDED_WITHIN = Duration.ofSeconds(20);

    static Rollup rollup(String name) {
        return devnet().network().rollups().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    EntityExchangeResult<JsonNode> ask(Rollup r, String in, String out, String amount, int slippage, DevAccount wallet) {
        return patientHttp().post().uri("/v1/quotes").bodyValue(Map.of("chainId", r.chainId().value(), "tokenIn", in,
                        "tokenOut", out, "amountIn", amount, "slippageBps", slippage, "user", wallet.address().hex()))
                .exchange().expectBody(JsonNode.class).returnResult();
    }

    @Test
    void smallTradesAreQuotedAtAMinimumNetOfGasAndFillOrAreRefusedWithTheNumbers() throws Exception {
        DevAccount wallet = wallet(2);
        // the trades that were accepted and then re-planned until their deadline
        List<String[]> trades = List.of(new String[] {"veil", "USDC", "USDT", "1000000"},
                new String[] {"ledger", "USDC", "DAI", "2000000"}, new String[] {"veil", "USDC", "WETH", "1000000"},
                new String[] {"ledger", "USDC", "WETH", "1000000"}, new String[] {"ledger", "USDC", "WETH", "5000000"});
        for (String[] t : trades) {
            Rollup r = rollup(t[0]);
            var answer = ask(r, t[1], t[2], t[3], 50, wallet);
            JsonNode q = answer.getResponseBody();
            String what = String.join(" ", t) + ": " + q;
            if (answer.getStatus().value() == 422) {
                assertThat(q.get("kind").asText()).as(what).isEqualTo("no_route");
                assertThat(q.get("detail").asText()).as(what).startsWith("costs_exceed_").contains("the best route pays");
                continue;
            }
            assertThat(answer.getStatus().value()).as(what).isEqualTo(200);
            BigInteger expected = new BigInteger(q.get("expectedAmountOut").asText());
            BigInteger gas = new BigInteger(q.at("/certificate/gasInTokenOut").asText());
            BigInteger net = new BigInteger(q.at("/certificate/netAmountOut").asText());
            BigInteger min = new BigInteger(q.get("minAmountOut").asText());
            assertThat(gas.signum()).as(what).isPositive();
            assertThat(net).as(what).isEqualTo(expected.subtract(gas));
            assertThat(min).as(what).isEqualTo(net.multiply(BigInteger.valueOf(9_950)).divide(BPS));

            Instant posted = Instant.now();
            JsonNode done = awaitDecided(submit(signTyped(q.get("typedData"), wallet)));
            assertThat(Duration.between(posted, Instant.now())).as(what).isLessThan(DECIDED_WITHIN);
            assertThat(done.get("status").asText()).as(what + " -> " + done).isEqualTo("filled");
            // at least the signed minimum; not always the quoted output: the batch may pick another path it prices without gas
            assertThat(new BigInteger(done.get("realisedAmountOut").asText())).as(what).isGreaterThanOrEqualTo(min);
        }
    }

    @Test
    void anIntentWhoseSurplusCannotPayItsGasIsRejectedWithinTheWindowBoundNotAtItsDeadline() throws Exception {
        // Signed at the old minimum, gross less 50 bps: the 0.5% above it is worth less than the gas.
        Rollup veil = rollup("veil");
        DevAccount wallet = wallet(1);
        JsonNode q = ask(veil, "USDC", "USDT", "1000000", 50, wallet).getResponseBody();
        BigInteger expected = new BigInteger(q.get("expectedAmountOut").asText());
        BigInteger gas = new BigInteger(q.at("/certificate/gasInTokenOut").asText());
        BigInteger greedy = expected.multiply(BigInteger.valueOf(9_950)).divide(BPS);
        assertThat(expected.subtract(greedy)).as("the case needs gas above the slippage: " + q).isLessThan(gas);
        var intent = new SwapIntent(wallet.address(), wallet.address(), freshNonce(), veil.chainId(), veil.chainId(),
                token(veil, "USDC"), BigInteger.valueOf(1_000_000), token(veil, "USDT"), greedy, Instant.now().getEpochSecond() + 600);

        Instant posted = Instant.now();
        JsonNode done = awaitDecided(submit(signedBody(intent, domainOf(veil), wallet.credentials())));
        assertThat(Duration.between(posted, Instant.now())).isLessThan(DECIDED_WITHIN);
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("rejected");
        assertThat(done.get("reason").asText()).as(done.toString()).isEqualTo("costs_exceed_surplus");
        JsonNode history = done.get("history");
        assertThat(history.get(history.size() - 1).get("detail").asText()).contains("left out of 10 batches", "max-windows");
        assertThat(done.get("txHash").isNull()).isTrue();
    }

    @Test
    void aZeroSlippageQuoteThatTheBatchWouldNotFillIsRefusedAtQuoteTime() {
        var answer = ask(rollup("ledger"), "USDC", "WETH", "1000000", 0, wallet(0));
        JsonNode q = answer.getResponseBody();
        assertThat(answer.getStatus().value()).as(q.toString()).isEqualTo(422);
        assertThat(q.get("kind").asText()).isEqualTo("no_route");
        assertThat(q.get("detail").asText()).startsWith("costs_exceed_slippage: the best route pays ").contains("its gas and fees cost ");
    }

    @Test
    void aNormalSizeQuoteStillFillsAtExactlyTheQuotedOutput() throws Exception {
        Rollup veil = rollup("veil");
        DevAccount wallet = wallet(0);
        JsonNode q = ask(veil, "USDC", "WETH", "2500000000", 50, wallet).getResponseBody();
        BigInteger expected = new BigInteger(q.get("expectedAmountOut").asText());
        BigInteger net = new BigInteger(q.at("/certificate/netAmountOut").asText());
        assertThat(new BigInteger(q.get("minAmountOut").asText())).isEqualTo(net.multiply(BigInteger.valueOf(9_950)).divide(BPS));
        JsonNode done = awaitDecided(submit(signTyped(q.get("typedData"), wallet)));
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("filled");
        assertThat(done.get("realisedAmountOut").asText()).isEqualTo(expected.toString());
    }

    private JsonNode awaitDecided(String id) throws InterruptedException {
        long until = System.nanoTime() + DECIDED_WITHIN.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < until) {
            last = http.get().uri("/v1/intents/" + id).exchange().expectStatus().isOk()
                    .expectBody(JsonNode.class).returnResult().getResponseBody();
            if (List.of("filled", "rejected", "failed").contains(last.get("status").asText())) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("intent " + id + " was not decided within " + DECIDED_WITHIN + ": " + last);
    }
}
