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
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.utils.Numeric;

/**
 * Cross-rollup orders in flight when the zero-configuration main job is killed with {@code kill -9}
 * while one of them is at each saga step in turn (opening, opened, filling, filled, releasing):
 * started again on the same data directory, every order ends released, each escrowed once, filled
 * once and released once on chain, and the ledger reconciles.
 */
class CrossCrashRestartTest {
    private static final List<String> FINAL = List.of("released", "refunded", "rejected");

    private final CrossJobClient client = new CrossJobClient();
    private final List<ServiceProcess> started = new ArrayList<>();

    @AfterEach
    void stopEverything() {
        started.forEach(ServiceProcess::stop);
    }

    /** Killed at each saga step that holds a transaction or waits between two: FINALIZED orders wait opened for finality. */
    @ParameterizedTest(name = "killed while an order is {0} ({1})")
    @CsvSource({"opening,INSTANT", "opened,FINALIZED", "filling,INSTANT", "filled,INSTANT", "releasing,INSTANT"})
    @Timeout(480)
    void killedInTheMiddleOfCrossOrdersItSettlesEachExactlyOnceAfterARestart(String step, String finality, @TempDir Path tmp)
            throws Exception {
        Path dir = tmp.resolve("data");
        ServiceProcess first = ServiceProcess.start(dir, "cross-first-" + step);
        started.add(first);
        NetworkFile.Contents network = NetworkFile.read(dir.resolve("devnet").resolve("network.json"));
        List<DevAccount> wallets = network.devAccounts().stream().filter(a -> a.role().equals(DevAccount.WALLET)).toList();
        List<Rollup> rollups = network.network().rollups();
        // every ordered pair once, through the slower rollups first: steps last a block or more there
        var ids = new ArrayList<String>();
        int i = 0;
        for (Rollup from : rollups.reversed()) {
            for (Rollup to : rollups.reversed()) {
                if (from.equals(to)) {
                    continue;
                }
                DevAccount w = wallets.get(i++ % wallets.size());
                var q = new LinkedHashMap<String, Object>();
                q.put("chainId", from.chainId().value());
                q.put("destinationChainId", to.chainId().value());
                q.put("tokenIn", "USDC");
                q.put("tokenOut", "USDC");
                q.put("amountIn", "30000000");
                q.put("slippageBps", 50);
                q.put("user", w.address().hex());
                q.put("finality", finality);
                JsonNode quote = post(first, "/v1/quotes", q, 200);
                JsonNode accepted = post(first, "/v1/intents", signed(quote.get("typedData"), w), 202);
                ids.add(accepted.get("id").asText());
            }
        }
        Map<String, String> atKill = statuses(first, ids);
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!atKill.containsValue(step) && System.nanoTime() < until) {
            atKill = statuses(first, ids);
        }
        first.kill9();
        assertThat(atKill.values()).as("statuses when the job was killed").contains(step);
        assertThat(atKill.values()).as("orders not yet settled when the job was killed: %s", atKill).anyMatch(s -> !FINAL.contains(s));

        ServiceProcess second = ServiceProcess.start(dir, "cross-second-" + step);
        started.add(second);
        // the restarted nodes listen on new ports: read the network as the second job wrote it
        NetworkFile.Contents resumed = NetworkFile.read(dir.resolve("devnet").resolve("network.json"));
        var done = new LinkedHashMap<String, JsonNode>();
        // a release message whose dispatch the restart replaced can wait on the relayer's retries: room for them under load
        long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
        while (done.size() < ids.size() && System.nanoTime() < deadline) {
            for (String id : ids) {
                JsonNode o = get(second, "/v1/intents/" + id);
                if (FINAL.contains(o.get("status").asText())) {
                    done.put(id, o);
                }
            }
            Thread.sleep(250);
        }
        assertThat(done).as("orders settled after the restart (killed at %s); job log:\n%s", atKill, second.logTail())
                .hasSize(ids.size());
        for (JsonNode o : done.values()) {
            assertThat(o.get("status").asText()).as("order %s", o).isEqualTo("released");
            // on chain: escrowed once and released, filled once for exactly what the order shows
            Rollup from = resumed.network().rollup(io.metaroute.core.chain.ChainId.of(o.at("/order/originChainId").asLong()))
                    .orElseThrow();
            Rollup to = resumed.network().rollup(io.metaroute.core.chain.ChainId.of(o.at("/order/destinationChainId").asLong()))
                    .orElseThrow();
            byte[] orderId = Numeric.hexStringToByteArray(o.get("orderId").asText());
            var escrow = CrossSettlerAbi.decodeEscrow(call(from, settler(resumed, from), CrossSettlerAbi.escrowOf(orderId)));
            assertThat(escrow.status()).isEqualTo(CrossSettlerAbi.EscrowStatus.RELEASED);
            var fill = CrossSettlerAbi.decodeFillRecord(call(to, settler(resumed, to), CrossSettlerAbi.fills(orderId)));
            assertThat(fill.filled()).isTrue();
            assertThat(fill.amountOut()).isEqualTo(new BigInteger(o.get("filledAmount").asText()));
            assertThat(fill.amountOut()).isGreaterThanOrEqualTo(new BigInteger(o.at("/order/minAmountOut").asText()));
        }
        // nothing booked twice or lost across the kill: the ledger reconciles with the settlers and fee accounts, to the wei
        JsonNode ledger = null;
        long reconciled = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < reconciled) {
            ledger = client.health(second).at("/components/crossLedger");
            if ("UP".equals(ledger.path("status").asText()) && ledger.at("/details/seenOnce").asInt(-1) == 0) {
                break;
            }
            Thread.sleep(250);
        }
        assertThat(ledger.path("status").asText()).as("cross ledger after the restart: %s", ledger).isEqualTo("UP");
        assertThat(ledger.at("/details/seenOnce").asInt()).isZero();
        assertThat(ledger.at("/details/holdings").asInt()).isPositive();
    }

    private Map<String, String> statuses(ServiceProcess service, List<String> ids) throws Exception {
        var out = new LinkedHashMap<String, String>();
        for (String id : ids) {
            out.put(id, get(service, "/v1/intents/" + id).get("status").asText());
        }
        return out;
    }

    private JsonNode post(ServiceProcess service, String path, Object body, int expected) throws Exception {
        return client.post(service, path, body, expected);
    }

    private JsonNode get(ServiceProcess service, String path) throws Exception {
        return client.get(service, path);
    }

    private static Map<String, Object> signed(JsonNode typedData, DevAccount wallet) throws Exception {
        return CrossJobClient.signed(typedData, wallet);
    }

    private String call(Rollup r, Address to, String data) throws Exception {
        return client.call(r, to, data);
    }

    private static Address settler(NetworkFile.Contents network, Rollup r) {
        return CrossJobClient.settler(network, r);
    }
}
