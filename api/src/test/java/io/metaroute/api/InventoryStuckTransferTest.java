package io.metaroute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaroute.contracts.generated.TestToken;
import io.metaroute.core.chain.Address;
import io.metaroute.core.network.Rollup;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;

/**
 * A warp transfer the donor rollup does not mine is replaced, and the inventory moves once. The donor (veil, 1 s
 * blocks) stops mining before the first rollup's balance is made low; the rebalancer's transfer waits in veil's pool
 * past {@code stuck-after}, is replaced by a fee bump at its nonce (the earlier version kept with the move), and once
 * veil mines again the replacement is mined and delivered: one USDC moved, one transaction of the executor's on veil,
 * the first version never mined. The context is closed after the class (its relayer holds the devnet's relayer key).
 */
@org.springframework.test.annotation.DirtiesContext
class InventoryStuckTransferTest extends ApiTestBase {
    private static final BigInteger ONE_USDC = BigInteger.TEN.pow(6);
    private static BigInteger[] before;

    @DynamicPropertySource
    static void rebalancing(DynamicPropertyRegistry registry) {
        InventoryTesting.metalayerRoles(registry);
        registry.add("metaroute.inventory.rebalance.every", () -> "500ms");
        registry.add("metaroute.inventory.rebalance.stuck-after", () -> "2s");
        registry.add("metaroute.inventory.rebalance.targets", () -> {
            before = held();
            var rollups = devnet().network().rollups();
            // nothing is low yet: the first rollup holds its target; the second has one USDC of surplus
            return List.of(rollups.get(0).chainId().value() + ":USDC:" + before[0],
                            rollups.get(1).chainId().value() + ":USDC:" + before[1].subtract(ONE_USDC),
                            rollups.get(2).chainId().value() + ":USDC:" + before[2])
                    .stream().collect(Collectors.joining(","));
        });
    }

    private static Address executor() {
        return InventoryTesting.executor();
    }

    private static BigInteger[] held() {
        return InventoryTesting.heldUsdc();
    }

    @Test
    void aTransferTheDonorDoesNotMineIsReplacedByAFeeBumpAndTheInventoryMovesOnce() throws Exception {
        var rollups = devnet().network().rollups();
        Rollup low = rollups.get(0);
        Rollup donor = rollups.get(1);
        assertThat(donor.blockTime().toMillis() % 1000).as("the donor's mining can be paused and resumed over RPC").isZero();
        BigInteger away = before[0].divide(BigInteger.TWO).add(ONE_USDC);
        Credentials parked = wallet(2).credentials(); // holds what the first rollup lends for the test
        BigInteger donorNonce = nonce(donor, executor());
        anvil(donor.rpcUrl(), "evm_setIntervalMining", 0);
        try {
            checkReplacedAndDelivered(low, donor, parked, away, donorNonce);
        } finally {
            anvil(donor.rpcUrl(), "evm_setIntervalMining", donor.blockTime().toSeconds());
            transfer(low, parked, executor(), away); // the first rollup's inventory back for the tests after this one
        }
    }

    private void checkReplacedAndDelivered(Rollup low, Rollup donor, Credentials parked, BigInteger away, BigInteger donorNonce)
            throws Exception {
        try {
            // the first rollup's executor balance falls under half its target: the rebalancer moves the donor's one USDC
            transfer(low, devnet().executor().credentials(), Address.of(parked.getAddress()), away);

            JsonNode stuck = awaitMove(m -> m.get("replacedTxHashes").size() >= 1, "the transfer replaced after 2 s in the pool");
            String first = stuck.get("replacedTxHashes").get(0).asText();
            assertThat(stuck.get("status").asText()).isEqualTo("signed");
            assertThat(stuck.get("txHash").asText()).isNotEqualTo(first);
            JsonNode bump = anvil(donor.rpcUrl(), "eth_getTransactionByHash", stuck.get("txHash").asText());
            assertThat(bump.isNull()).as("the replacement is in the donor's pool").isFalse();
            assertThat(new BigInteger(bump.get("nonce").asText().substring(2), 16)).as("at the stuck transfer's nonce")
                    .isEqualTo(donorNonce);
        } finally {
            anvil(donor.rpcUrl(), "evm_setIntervalMining", donor.blockTime().toSeconds());
        }
        JsonNode delivered = awaitMove(m -> m.get("status").asText().equals("delivered"), "the move delivered once the donor mines");
        assertThat(delivered.get("amount").asText()).isEqualTo(ONE_USDC.toString());
        assertThat(delivered.get("fromChainId").asLong()).isEqualTo(donor.chainId().value());
        // replaced once, or again if veil stayed paused for another stuck-after: none of the earlier versions was mined
        assertThat(delivered.get("replacedTxHashes").size()).isPositive();
        for (JsonNode earlier : delivered.get("replacedTxHashes")) {
            assertThat(anvil(donor.rpcUrl(), "eth_getTransactionReceipt", earlier.asText()).isNull())
                    .as("version %s never mined", earlier.asText()).isTrue();
        }
        assertThat(anvil(donor.rpcUrl(), "eth_getTransactionReceipt", delivered.get("txHash").asText()).get("status").asText())
                .isEqualTo("0x1");

        JsonNode replaced = http.get().uri("/actuator/metrics/metaroute.inventory.replaced?tag=why:stuck&tag=symbol:USDC").exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(replaced.at("/measurements/0/value").asDouble()).as("replacements counted")
                .isEqualTo(delivered.get("replacedTxHashes").size());

        Thread.sleep(2_000); // the rebalancer goes on: nothing moves twice
        assertThat(nonce(donor, executor())).as("the executor's transactions on the donor").isEqualTo(donorNonce.add(BigInteger.ONE));
        BigInteger[] now = held();
        assertThat(now[1]).isEqualTo(before[1].subtract(ONE_USDC));
        assertThat(now[0]).isEqualTo(before[0].subtract(away).add(ONE_USDC));
        assertThat(db.sql("select count(*) as n from inventory_moves").map(r -> r.get("n", Long.class)).one().block()).isEqualTo(1L);
    }

    private JsonNode awaitMove(java.util.function.Predicate<JsonNode> until, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            JsonNode view = http.get().uri("/v1/inventory").exchange().expectStatus().isOk().expectBody(JsonNode.class)
                    .returnResult().getResponseBody();
            if (view.get("moves").size() > 0) {
                last = view.get("moves").get(0);
                if (until.test(last)) {
                    return last;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not within 60 s: " + what + "; last seen " + last);
    }

    private static void transfer(Rollup r, Credentials from, Address to, BigInteger amount) throws Exception {
        var web3j = devnet().web3j(r.chainId());
        var tm = new RawTransactionManager(web3j, from, r.chainId().value(), devnet().receiptProcessor(r.chainId()));
        var gas = new StaticGasProvider(BigInteger.valueOf(3_000_000_000L), BigInteger.valueOf(100_000));
        assertThat(TestToken.load(token(r, "USDC").hex(), web3j, tm, gas).transfer(to.hex(), amount).send().isStatusOK()).isTrue();
    }

    private static BigInteger nonce(Rollup r, Address who) throws Exception {
        return devnet().web3j(r.chainId()).ethGetTransactionCount(who.hex(), DefaultBlockParameterName.LATEST).send().getTransactionCount();
    }

    private static JsonNode anvil(URI rpc, String method, Object... params) throws Exception {
        return AnvilRpc.call(rpc, method, params);
    }
}
