package io.metaroute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaroute.api.CrashRestartTest.ServiceProcess;
import io.metaroute.core.chain.Address;
import io.metaroute.core.cross.CrossSettlerAbi;
import io.metaroute.core.network.Rollup;
import io.metaroute.devnet.DevAccount;
import io.metaroute.devnet.NetworkFile;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.utils.Numeric;

/**
 * Cross-rollup orders under a reorganisation of their origin (anvil's {@code anvil_reorg} taking the
 * open's block away), against the zero-configuration main job in its own process and network. An
 * INSTANT order is filled at once, so its solver carries the risk: the service sees the escrow gone,
 * opens the order again with its signature and is repaid; the user pays once and receives once. A
 * FINALIZED order is not filled before its open is final: the reorganisation takes the open away,
 * the service opens it again, and fills only once that open is final.
 */
class CrossReorgTest {
    private static final List<String> FINAL = List.of("released", "refunded", "rejected");

    private final CrossJobClient client = new CrossJobClient();
    private final List<ServiceProcess> started = new ArrayList<>();

    @AfterEach
    void stopEverything() {
        started.forEach(ServiceProcess::stop);
    }

    @Test
    @Timeout(400)
    void anOpenTakenAwayByAReorganisationIsOpenedAgainAndEachOrderSettlesOnceAsItsFinalityChose(@TempDir Path tmp)
            throws Exception {
        // releases wait 30 s, so that the reorganisation comes while the INSTANT order is filled and not yet released
        ServiceProcess job = ServiceProcess.start(tmp.resolve("data"), "cross-reorg", "--metaroute.cross.max-batch-wait=30s",
                "--metaroute.cross.stuck-after=6s");
        started.add(job);
        NetworkFile.Contents network = NetworkFile.read(tmp.resolve("data").resolve("devnet").resolve("network.json"));
        List<DevAccount> wallets = network.devAccounts().stream().filter(a -> a.role().equals(DevAccount.WALLET)).toList();
        Rollup origin = network.network().rollups().stream().filter(r -> r.name().equals("ledger")).findFirst().orElseThrow();
        Rollup destination = network.network().rollups().stream().filter(r -> r.name().equals("ember")).findFirst().orElseThrow();

        Order instant = submit(job, network, origin, destination, wallets.get(0), wallets.get(1), "INSTANT");
        awaitStatus(job, instant.id, List.of("filled"), Duration.ofSeconds(60));
        takeTheOpenAway(job, network, origin, instant);

        Order finalized = submit(job, network, origin, destination, wallets.get(2), wallets.get(1), "FINALIZED");
        awaitStatus(job, finalized.id, List.of("opened"), Duration.ofSeconds(60));
        takeTheOpenAway(job, network, origin, finalized);

        for (Order o : List.of(instant, finalized)) {
            JsonNode done = awaitStatus(job, o.id, FINAL, Duration.ofSeconds(150));
            assertThat(done.get("status").asText()).as("order %s", done).isEqualTo("released");
            List<String> steps = done.get("steps").findValuesAsText("status");
            assertThat(steps).as("steps of %s", o.finality).containsSubsequence("opened", "received", "opening", "opened",
                    "released");
            assertThat(steps.stream().filter("filling"::equals).count()).as("fills sent for %s", o.finality).isEqualTo(1);
            if (o.finality.equals("FINALIZED")) {
                // filled only after the second open: the one the reorganisation took was never filled against
                assertThat(steps.lastIndexOf("opened")).isLessThan(steps.indexOf("filling"));
            } else {
                assertThat(steps.indexOf("filled")).isLessThan(steps.lastIndexOf("received")); // filled before the open was lost
            }
            byte[] orderId = Numeric.hexStringToByteArray(done.get("orderId").asText());
            var escrow = CrossSettlerAbi.decodeEscrow(client.call(origin, CrossJobClient.settler(network, origin),
                    CrossSettlerAbi.escrowOf(orderId)));
            assertThat(escrow.status()).isEqualTo(CrossSettlerAbi.EscrowStatus.RELEASED);
            var fill = CrossSettlerAbi.decodeFillRecord(client.call(destination, CrossJobClient.settler(network, destination),
                    CrossSettlerAbi.fills(orderId)));
            assertThat(fill.amountOut()).isEqualTo(new BigInteger(done.get("filledAmount").asText()));
            // the user paid once: the input left their wallet exactly once
            assertThat(balance(origin, o.tokenIn, o.user.address())).isEqualTo(o.userBefore.subtract(o.amountIn));
        }
        // the recipient (the same for both) received exactly the two fills
        BigInteger fills = List.of(instant, finalized).stream().map(o -> {
            try {
                return new BigInteger(client.get(job, "/v1/intents/" + o.id).get("filledAmount").asText());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).reduce(BigInteger.ZERO, BigInteger::add);
        assertThat(balance(destination, instant.tokenOut, wallets.get(1).address())).isEqualTo(instant.recipientBefore.add(fills));

        // the ledger took each lost open back: it reconciles with the chain
        JsonNode ledger = null;
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < until) {
            ledger = client.health(job).at("/components/crossLedger");
            if ("UP".equals(ledger.path("status").asText()) && ledger.at("/details/seenOnce").asInt(-1) == 0) {
                break;
            }
            Thread.sleep(250);
        }
        assertThat(ledger.path("status").asText()).as("cross ledger: %s", ledger).isEqualTo("UP");
        assertThat(ledger.at("/details/seenOnce").asInt()).isZero();
    }

    private record Order(String id, String finality, DevAccount user, Address tokenIn, BigInteger amountIn, Address tokenOut,
                         BigInteger userBefore, BigInteger recipientBefore) {
    }

    private Order submit(ServiceProcess job, NetworkFile.Contents network, Rollup from, Rollup to, DevAccount user,
                         DevAccount recipient, String finality) throws Exception {
        var q = new LinkedHashMap<String, Object>();
        q.put("chainId", from.chainId().value());
        q.put("destinationChainId", to.chainId().value());
        q.put("tokenIn", "USDC");
        q.put("tokenOut", "USDC");
        q.put("amountIn", "40000000");
        q.put("slippageBps", 50);
        q.put("user", user.address().hex());
        q.put("recipient", recipient.address().hex());
        q.put("finality", finality);
        q.put("deadlineSeconds", 300);
        JsonNode quote = client.post(job, "/v1/quotes", q, 200);
        assertThat(quote.get("finality").asText()).isEqualTo(finality);
        Address tokenIn = Address.of(quote.get("tokenIn").asText());
        Address tokenOut = Address.of(quote.get("tokenOut").asText());
        BigInteger userBefore = balance(from, tokenIn, user.address());
        BigInteger recipientBefore = balance(to, tokenOut, recipient.address());
        String id = client.post(job, "/v1/intents", CrossJobClient.signed(quote.get("typedData"), user), 202).get("id").asText();
        return new Order(id, finality, user, tokenIn, new BigInteger("40000000"), tokenOut, userBefore, recipientBefore);
    }

    /** Replaces every origin block from the open's on with empty ones, and checks the escrow is gone. */
    private void takeTheOpenAway(ServiceProcess job, NetworkFile.Contents network, Rollup origin, Order o) throws Exception {
        JsonNode history = client.get(job, "/v1/intents/" + o.id).get("steps");
        String openTx = null;
        for (JsonNode s : history) {
            if (s.get("status").asText().equals("opening")) {
                openTx = s.get("txHash").asText();
            }
        }
        assertThat(openTx).as("the open's transaction in %s", history).isNotNull();
        JsonNode receipt = client.rpc(origin, "eth_getTransactionReceipt", List.of(openTx));
        long openBlock = Long.decode(receipt.get("blockNumber").asText());
        long head = Long.decode(client.rpc(origin, "eth_blockNumber", List.of()).asText());
        client.rpc(origin, "anvil_reorg", List.of(head - openBlock + 1, List.of()));
        JsonNode status = client.get(job, "/v1/intents/" + o.id);
        byte[] orderId = Numeric.hexStringToByteArray(status.get("orderId").asText());
        var escrow = CrossSettlerAbi.decodeEscrow(client.call(origin, CrossJobClient.settler(network, origin),
                CrossSettlerAbi.escrowOf(orderId)));
        assertThat(escrow.status()).as("the escrow after the reorganisation").isEqualTo(CrossSettlerAbi.EscrowStatus.NONE);
        assertThat(balance(origin, o.tokenIn, o.user.address())).as("the input back with the user").isEqualTo(o.userBefore);
    }

    private BigInteger balance(Rollup r, Address token, Address holder) throws Exception {
        return CrossSettlerAbi.decodeUint(client.call(r, token, CrossSettlerAbi.balanceOf(holder)));
    }

    private JsonNode awaitStatus(ServiceProcess job, String id, List<String> wanted, Duration within) throws Exception {
        long until = System.nanoTime() + within.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < until) {
            last = client.get(job, "/v1/intents/" + id);
            if (wanted.contains(last.get("status").asText())) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("order " + id + " did not reach " + wanted + " within " + within + ": " + last
                + "\njob log:\n" + job.logTail());
    }
}
