package io.metaroute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaroute.api.CrashRestartTest.ServiceProcess;
import io.metaroute.core.network.Rollup;
import io.metaroute.devnet.DevAccount;
import io.metaroute.devnet.NetworkFile;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An inventory move in flight when the zero-configuration main job is killed with {@code kill -9}: the job is
 * killed once the move's warp transfer is signed and stored (sent or about to be), and started again on the same
 * data directory it delivers that move, from the stored bytes, exactly once: one transaction of the executor's on the
 * donor rollup, balances and both routers' collateral moved by the move's amount, no second move.
 */
class InventoryCrashRestartTest {
    private final CrossJobClient client = new CrossJobClient();
    private final List<ServiceProcess> started = new ArrayList<>();

    @AfterEach
    void stopEverything() {
        started.forEach(ServiceProcess::stop);
    }

    @Test
    @Timeout(360)
    void killedWithAWarpTransferSignedItDeliversThatMoveOnceAfterARestart(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("data");
        // the first rollup far under its target; the slowest (2 s blocks) gives all it has but one base unit. A long
        // tick keeps the move planned a while (balances read meanwhile), then signs and sends it on the next pass
        String targets = "710001:USDC:" + BigInteger.TEN.pow(30) + ",710003:USDC:1";
        ServiceProcess first = ServiceProcess.start(dir, "inventory-first", "--metaroute.inventory.rebalance.targets=" + targets,
                "--metaroute.inventory.rebalance.every=15s");
        started.add(first);
        NetworkFile.Contents network = NetworkFile.read(dir.resolve("devnet").resolve("network.json"));
        Rollup low = network.network().rollup(io.metaroute.core.chain.ChainId.of(710001)).orElseThrow();
        Rollup donor = network.network().rollup(io.metaroute.core.chain.ChainId.of(710003)).orElseThrow();
        String executor = network.devAccounts().stream().filter(a -> a.role().equals(DevAccount.EXECUTOR)).findFirst()
                .orElseThrow().address().hex();

        JsonNode planned = awaitMove(first, "planned", Duration.ofSeconds(30));
        String id = planned.get("id").asText();
        BigInteger amount = new BigInteger(planned.get("amount").asText());
        JsonNode before = client.get(first, "/v1/inventory").get("balances");
        BigInteger donorNonce = nonce(donor, executor);

        JsonNode signed = awaitMove(first, "signed", Duration.ofSeconds(30));
        first.kill9();
        assertThat(signed.get("id").asText()).isEqualTo(id);
        assertThat(signed.get("txHash").asText()).startsWith("0x");

        ServiceProcess second = ServiceProcess.start(dir, "inventory-second", "--metaroute.inventory.rebalance.targets=" + targets,
                "--metaroute.inventory.rebalance.every=1s");
        started.add(second);
        NetworkFile.Contents resumed = NetworkFile.read(dir.resolve("devnet").resolve("network.json"));
        Rollup donorAgain = resumed.network().rollup(donor.chainId()).orElseThrow();
        JsonNode delivered = awaitMove(second, "delivered", Duration.ofSeconds(90));
        assertThat(delivered.get("id").asText()).as("the move the killed job signed").isEqualTo(id);
        assertThat(delivered.get("txHash").asText()).as("sent from the stored bytes, not signed again")
                .isEqualTo(signed.get("txHash").asText());
        assertThat(delivered.get("replacedTxHashes")).isEmpty();

        Thread.sleep(3_000); // the rebalancer goes on: nothing moves twice
        JsonNode view = client.get(second, "/v1/inventory");
        assertThat(view.get("moves")).as("moves after the restart: %s", view.get("moves")).hasSize(1);
        assertThat(nonce(donorAgain, executor)).as("the executor's transactions on the donor").isEqualTo(donorNonce.add(BigInteger.ONE));
        JsonNode after = view.get("balances");
        assertThat(usdc(after, low, "balance")).isEqualTo(usdc(before, low, "balance").add(amount));
        assertThat(usdc(after, donor, "balance")).isEqualTo(usdc(before, donor, "balance").subtract(amount));
        assertThat(usdc(after, low, "collateral")).isEqualTo(usdc(before, low, "collateral").subtract(amount));
        assertThat(usdc(after, donor, "collateral")).isEqualTo(usdc(before, donor, "collateral").add(amount));
    }

    private JsonNode awaitMove(ServiceProcess service, String status, Duration within) throws Exception {
        long until = System.nanoTime() + within.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < until) {
            JsonNode moves = client.get(service, "/v1/inventory").get("moves");
            if (moves.size() > 0) {
                last = moves.get(0);
                if (last.get("status").asText().equals(status)) {
                    return last;
                }
            }
            Thread.sleep(25);
        }
        throw new AssertionError("no move " + status + " within " + within + "; last seen " + last + "\n" + service.logTail());
    }

    private static BigInteger usdc(JsonNode balances, Rollup r, String field) {
        for (JsonNode b : balances) {
            if (b.get("chainId").asLong() == r.chainId().value() && b.get("symbol").asText().equals("USDC")) {
                return new BigInteger(b.get(field).asText());
            }
        }
        throw new AssertionError("no USDC balance on " + r.name() + " in " + balances);
    }

    private BigInteger nonce(Rollup r, String who) throws Exception {
        return new BigInteger(client.rpc(r, "eth_getTransactionCount", List.of(who, "latest")).asText().substring(2), 16);
    }
}
