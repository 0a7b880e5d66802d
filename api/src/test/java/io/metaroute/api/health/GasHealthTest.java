package io.metaroute.api.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaroute.api.ApiTestBase;
import io.metaroute.core.network.Rollup;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.DefaultBlockParameter;

/** {@code /actuator/health} lists every rollup's live gas price: up, with the base fee its chain's block carries. */
class GasHealthTest extends ApiTestBase {

    @Test
    void healthListsEachRollupsGasStatusWithTheChainsBaseFee() throws Exception {
        JsonNode health = http.get().uri("/actuator/health").exchange()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        JsonNode gas = health.at("/components/gas");
        assertThat(gas.path("status").asText()).as(health.toPrettyString()).isEqualTo("UP");
        for (Rollup r : devnet().network().rollups()) {
            JsonNode d = gas.at("/details/" + r.name());
            assertThat(d.path("status").asText()).as(r.name() + ": " + d).isEqualTo("UP");
            assertThat(d.path("chainId").asLong()).isEqualTo(r.chainId().value());
            long block = d.path("block").asLong();
            BigInteger onChain = devnet().web3j(r.chainId())
                    .ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(block)), false).send()
                    .getBlock().getBaseFeePerGas();
            assertThat(new BigInteger(d.path("baseFeeWei").asText())).as(r.name()).isEqualTo(onChain);
            assertThat(new BigInteger(d.path("gasPriceWei").asText()))
                    .isEqualTo(onChain.add(new BigInteger(d.path("priorityFeeWei").asText())));
            assertThat(d.path("ageMillis").asLong()).isBetween(0L, d.path("staleAfterMillis").asLong());
        }
    }
}
