package io.metaroute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaroute.core.chain.Address;
import io.metaroute.core.network.FinalityState;
import io.metaroute.core.network.Rollup;
import io.metaroute.devnet.DevnetValidators;
import io.metaroute.settlement.metalayer.infra.MetalayerClient;
import io.metaroute.settlement.metalayer.infra.MetalayerNetwork;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.web3j.crypto.Credentials;

/**
 * A reorg of an origin below a root the service's validators signed: they stop signing that
 * origin, and {@code /actuator/health/metalayer} turns DOWN naming each of them and why.
 */
@DirtiesContext
class MetalayerValidatorHaltTest extends ApiTestBase {

    @DynamicPropertySource
    static void validatorsOnly(DynamicPropertyRegistry registry) {
        registry.add("metaroute.roles", () -> "api,validator");
        registry.add("metaroute.metalayer.validator-keys", () -> DevnetValidators.keys(FinalityState.INSTANT).stream()
                .map(k -> k.getEcKeyPair().getPrivateKey().toString(16)).collect(Collectors.joining(",")));
    }

    private JsonNode health() {
        return http.get().uri("/actuator/health/metalayer").exchange().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static long head(Rollup r) throws Exception {
        return devnet().web3j(r.chainId()).ethBlockNumber().send().getBlockNumber().longValueExact();
    }

    @Test
    void aReorgBelowASignedRootStopsTheValidatorsAndHealthSaysSo() throws Exception {
        Rollup origin = devnet().rollup("veil");
        Rollup destination = devnet().rollup("ember");
        Credentials app = wallet(2).credentials();
        Address recipient = MetalayerTestContracts.deployRecipient(devnet(), destination, app);
        assertThat(health().path("status").asText()).isEqualTo("UP");
        long before = head(origin);
        String id;
        try (var network = new MetalayerNetwork(devnet().network())) {
            id = new MetalayerClient(network).dispatch(origin.domain(), destination.domain(), recipient, "to be reorged".getBytes(),
                    FinalityState.INSTANT, 300_000, app).block(Duration.ofSeconds(30)).message().id();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        int signed = 0;
        while (signed < DevnetValidators.GUARDIANS && System.nanoTime() < deadline) {
            signed = http.get().uri("/v1/metalayer/checkpoints/{o}/{id}?finality=INSTANT", origin.domain().value(), id).exchange()
                    .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody().size();
            Thread.sleep(50);
        }
        assertThat(signed).as("every INSTANT validator signed the message's checkpoint").isEqualTo(DevnetValidators.GUARDIANS);

        reorg(origin, head(origin) - before); // every block since just before the dispatch

        JsonNode h = health();
        deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (h.at("/details/halted").size() < DevnetValidators.GUARDIANS && System.nanoTime() < deadline) {
            Thread.sleep(100);
            h = health();
        }
        assertThat(h.path("status").asText()).as("health after the reorg: %s", h).isEqualTo("DOWN");
        JsonNode halted = h.at("/details/halted");
        for (Credentials k : DevnetValidators.keys(FinalityState.INSTANT)) {
            String key = Address.of(k.getAddress()).hex() + "/INSTANT@" + origin.domain().value();
            assertThat(halted.path(key).asText()).as("halted[%s] in %s", key, halted).contains("reorg below a signed root");
        }
        assertThat(halted.size()).isEqualTo(DevnetValidators.GUARDIANS);
    }

    private static void reorg(Rollup r, long depth) throws Exception {
        String body = new ObjectMapper().writeValueAsString(Map.of("jsonrpc", "2.0", "id", 1, "method", "anvil_reorg",
                "params", List.of(depth, List.of())));
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(r.rpcUrl()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.body()).doesNotContain("\"error\"");
    }
}
