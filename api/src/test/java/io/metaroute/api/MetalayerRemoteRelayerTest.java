package io.metaroute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaroute.core.chain.Address;
import io.metaroute.core.network.FinalityState;
import io.metaroute.core.network.Rollup;
import io.metaroute.devnet.DevnetValidators;
import io.metaroute.settlement.metalayer.domain.MetalayerBody.ReadOperation;
import io.metaroute.settlement.metalayer.domain.OutboxEntry;
import io.metaroute.settlement.metalayer.infra.MetalayerClient;
import io.metaroute.settlement.metalayer.infra.MetalayerNetwork;
import io.metaroute.settlement.metalayer.infra.OutboxRelayer;
import io.metaroute.settlement.metalayer.infra.Relayer;
import io.metaroute.settlement.metalayer.infra.ValidatorHttpClient;
import io.metaroute.settlement.metalayer.store.PostgresOutbox;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;

/**
 * The service runs only the validators ({@code metaroute.roles=api,validator}); a relayer in
 * another process, with its own outbox, gathers checkpoint signatures, the latest snapshot and read
 * attestations from them over HTTP alone and delivers a message with a read.
 */
@DirtiesContext
class MetalayerRemoteRelayerTest extends ApiTestBase {
    private static final Duration T = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void validatorsOnly(DynamicPropertyRegistry registry) {
        registry.add("metaroute.roles", () -> "api,validator");
        registry.add("metaroute.metalayer.validator-keys", () -> hex(DevnetValidators.keys(FinalityState.INSTANT)));
        registry.add("metaroute.metalayer.finalized-validator-keys", () -> hex(DevnetValidators.keys(FinalityState.FINALIZED)));
    }

    private static String hex(List<Credentials> keys) {
        return keys.stream().map(k -> k.getEcKeyPair().getPrivateKey().toString(16)).collect(Collectors.joining(","));
    }

    private static PostgresOutbox relayerOutbox() {
        String schema = System.getProperty("metaroute.it.schema", "metaroute_it") + "_remote_relayer";
        var flyway = Flyway.configure().dataSource("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "").schemas(schema)
                .createSchemas(true).cleanDisabled(false).locations("classpath:db/metalayer").table("flyway_metalayer_history").load();
        flyway.clean();
        flyway.migrate();
        return new PostgresOutbox(new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder().host("127.0.0.1")
                .port(5432).database("test").username("postgres").schema(schema).build()));
    }

    @Test
    void aRelayerInAnotherProcessDeliversAMessageWithAReadFromWhatTheValidatorsServeOverHttp() throws Exception {
        JsonNode served = http.get().uri("/v1/metalayer/validators").exchange().expectStatus().isOk().expectBody(JsonNode.class)
                .returnResult().getResponseBody();
        assertThat(served.get("instant")).hasSize(DevnetValidators.keys(FinalityState.INSTANT).size());
        assertThat(served.get("state")).hasSize(DevnetValidators.keys(FinalityState.INSTANT).size());
        var health = http.get().uri("/actuator/health/metalayer").exchange().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(health.at("/details/roles").toString()).contains("validator").doesNotContain("relayer");

        var rollups = devnet().network().rollups();
        Rollup origin = rollups.get(0);
        Rollup destination = rollups.get(1);
        Rollup readFrom = rollups.get(2);
        Credentials app = wallet(2).credentials();
        Address recipient = MetalayerTestContracts.deployRecipient(devnet(), destination, app);
        Address readTarget = MetalayerTestContracts.deployRecipient(devnet(), readFrom, app);
        var remote = new ValidatorHttpClient(List.of(URI.create("http://127.0.0.1:" + port)), Duration.ofSeconds(5));
        try (var network = new MetalayerNetwork(devnet().network())) {
            var start = new HashMap<io.metaroute.core.chain.Domain, Long>();
            for (Rollup r : rollups) {
                start.put(r.domain(), devnet().web3j(r.chainId()).ethBlockNumber().send().getBlockNumber().longValueExact());
            }
            var outbox = relayerOutbox();
            var relayer = new Relayer(network, remote, remote, remote, devnet().relayer().credentials(), Duration.ZERO);
            var loop = new OutboxRelayer(network, relayer, outbox, devnet().relayer().credentials(),
                    OutboxRelayer.Settings.defaults().withConfirmations(1), start, new OutboxRelayer.Listener() { }).run().subscribe();
            try {
                var read = new ReadOperation(readFrom.domain(), readTarget,
                        Numeric.hexStringToByteArray(FunctionEncoder.encode(new Function("count", List.of(), List.of()))));
                var sent = new MetalayerClient(network).dispatch(origin.domain(), destination.domain(), recipient, List.of(read),
                        "over http".getBytes(), FinalityState.INSTANT, 500_000, app).block(T);
                String id = sent.message().id();
                long deadline = System.nanoTime() + T.toNanos();
                OutboxEntry entry = null;
                while (System.nanoTime() < deadline) {
                    entry = outbox.find(id).block(T);
                    if (entry != null && entry.status() == OutboxEntry.Status.DELIVERED) {
                        break;
                    }
                    Thread.sleep(100);
                }
                assertThat(entry).as("the remote relayer's outbox entry").isNotNull();
                assertThat(entry.status()).as("delivered: %s", entry).isEqualTo(OutboxEntry.Status.DELIVERED);
                assertThat(entry.txHash()).as("delivered by that relayer's own transaction").isNotNull();
                assertThat(MetalayerTestContracts.delivered(devnet(), destination, id)).isTrue();

                JsonNode signatures = http.get().uri("/v1/metalayer/checkpoints/{o}/{id}?finality=INSTANT", origin.domain().value(), id)
                        .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
                assertThat(signatures.size()).isGreaterThanOrEqualTo(devnet().network().metalayer()
                        .validators(FinalityState.INSTANT).threshold());
                JsonNode attested = http.get().uri("/v1/metalayer/reads/{id}", id).exchange().expectStatus().isOk()
                        .expectBody(JsonNode.class).returnResult().getResponseBody();
                assertThat(attested.size()).as("read attestations kept by the validators").isGreaterThanOrEqualTo(2);
                assertThat(attested.get(0).get("domain").asLong()).isEqualTo(readFrom.domain().value());
            } finally {
                loop.dispose();
            }
        }
    }

    @Test
    void aReadRequestForAValidatorNotRunHereIsAProblem() {
        http.post().uri("/v1/metalayer/reads").header("Content-Type", "application/json")
                .bodyValue("{\"validator\":\"0x00000000000000000000000000000000000000aa\",\"messageId\":\"0x" + "11".repeat(32)
                        + "\",\"domain\":1,\"target\":\"0x00000000000000000000000000000000000000bb\",\"callData\":\"0x\","
                        + "\"blockNumber\":1,\"blockHash\":\"0x" + "22".repeat(32) + "\",\"stateRoot\":\"0x" + "33".repeat(32) + "\"}")
                .exchange().expectStatus().isNotFound().expectBody().jsonPath("$.kind").isEqualTo("validator_not_here");
    }
}
