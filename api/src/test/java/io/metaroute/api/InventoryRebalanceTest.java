package io.metaroute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaroute.core.chain.Address;
import io.metaroute.core.network.Rollup;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service moves its own inventory: the executor's USDC on the first rollup is set far below its target and the
 * second rollup given one USDC of surplus, so the rebalancer sends exactly that USDC through the warp route, its own
 * validators sign the message and its relayer delivers it; balances and the routers' collateral move by the unit,
 * and {@code GET /v1/inventory} shows the move. The context is closed after the class (its relayer holds the
 * devnet's relayer key).
 */
@org.springframework.test.annotation.DirtiesContext
class InventoryRebalanceTest extends ApiTestBase {
    private static final BigInteger ONE_USDC = BigInteger.TEN.pow(6);
    private static BigInteger[] before;
    private static BigInteger[] routersBefore;

    @DynamicPropertySource
    static void rebalancing(DynamicPropertyRegistry registry) {
        InventoryTesting.metalayerRoles(registry);
        registry.add("metaroute.inventory.rebalance.every", () -> "500ms");
        registry.add("metaroute.inventory.rebalance.targets", () -> {
            before = held();
            routersBefore = collateral();
            var rollups = devnet().network().rollups();
            // the first: under half of twice what it holds plus 2 USDC; the second: one USDC above its target; the third: none
            return List.of(rollups.get(0).chainId().value() + ":USDC:" + before[0].multiply(BigInteger.TWO).add(ONE_USDC.multiply(BigInteger.TWO)),
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

    private static BigInteger[] collateral() {
        return devnet().network().rollups().stream().map(r -> devnet().balanceOf(r.chainId(), token(r, "USDC"), router(r)))
                .toArray(BigInteger[]::new);
    }

    private static Address router(Rollup r) {
        return devnet().metalayer(r.chainId()).warpRoute(token(r, "USDC")).orElseThrow();
    }

    @Test
    void aLowBalanceIsToppedUpFromTheSurplusThroughTheWarpRoute() throws Exception {
        var rollups = devnet().network().rollups();
        Rollup low = rollups.get(0);
        Rollup donor = rollups.get(1);
        JsonNode move = null;
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < until) {
            JsonNode view = http.get().uri("/v1/inventory").exchange().expectStatus().isOk().expectBody(JsonNode.class)
                    .returnResult().getResponseBody();
            assertThat(view.get("rebalancing").asBoolean()).isTrue();
            if (view.get("moves").size() > 0 && "delivered".equals(view.get("moves").get(0).get("status").asText())) {
                move = view.get("moves").get(0);
                break;
            }
            Thread.sleep(250);
        }
        assertThat(move).as("a delivered move within 60 s").isNotNull();
        assertThat(move.get("symbol").asText()).isEqualTo("USDC");
        assertThat(move.get("fromChainId").asLong()).isEqualTo(donor.chainId().value());
        assertThat(move.get("toChainId").asLong()).isEqualTo(low.chainId().value());
        assertThat(move.get("amount").asText()).isEqualTo(ONE_USDC.toString());
        assertThat(move.get("messageId").asText()).startsWith("0x").hasSize(66);

        BigInteger[] now = held();
        assertThat(now[0]).isEqualTo(before[0].add(ONE_USDC));
        assertThat(now[1]).isEqualTo(before[1].subtract(ONE_USDC));
        assertThat(now[2]).isEqualTo(before[2]);
        BigInteger[] routers = collateral();
        assertThat(routers[0]).as("the first rollup's router paid out of its collateral").isEqualTo(routersBefore[0].subtract(ONE_USDC));
        assertThat(routers[1]).as("the donor's router locked it").isEqualTo(routersBefore[1].add(ONE_USDC));
        assertThat(routers[2]).isEqualTo(routersBefore[2]);

        // the donor has nothing left to spare: no second move, however long the first rollup stays low
        Thread.sleep(2_000);
        assertThat(db.sql("select count(*) as n from inventory_moves").map(r -> r.get("n", Long.class)).one().block()).isEqualTo(1L);
        assertThat(db.sql("select raw_tx from inventory_moves").map(r -> r.get("raw_tx", String.class)).one().block()).startsWith("0x");
        assertThat(held()).containsExactly(now);

        JsonNode view = http.get().uri("/v1/inventory").exchange().expectStatus().isOk().expectBody(JsonNode.class)
                .returnResult().getResponseBody();
        assertThat(view.get("deliveredBySymbol").get("USDC").asText()).isEqualTo(ONE_USDC.toString());
        JsonNode lowUsdc = null;
        for (JsonNode b : view.get("balances")) {
            if (b.get("chainId").asLong() == low.chainId().value() && b.get("symbol").asText().equals("USDC")) {
                lowUsdc = b;
            }
        }
        assertThat(lowUsdc).isNotNull();
        assertThat(lowUsdc.get("balance").asText()).isEqualTo(now[0].toString());
        assertThat(lowUsdc.get("warpRoute").asText()).isEqualToIgnoringCase(router(low).hex());
        assertThat(new BigInteger(lowUsdc.get("target").asText())).isGreaterThan(now[0]);
    }
}
