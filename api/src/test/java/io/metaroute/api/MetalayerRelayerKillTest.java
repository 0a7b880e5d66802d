package io.metaroute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaroute.api.config.MetarouteProperties;
import io.metaroute.api.config.SchemaMigrations;
import io.metaroute.core.chain.Address;
import io.metaroute.core.network.FinalityState;
import io.metaroute.core.network.Rollup;
import io.metaroute.devnet.DevnetValidators;
import io.metaroute.settlement.metalayer.domain.OutboxEntry;
import io.metaroute.settlement.metalayer.infra.MetalayerClient;
import io.metaroute.settlement.metalayer.infra.MetalayerNetwork;
import io.metaroute.settlement.metalayer.store.PostgresOutbox;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.r2dbc.R2dbcProperties;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.utils.Numeric;

/**
 * The relayer as a process of its own ({@code metaroute.roles=relayer}, the service's main class in
 * another JVM, reading the validators of this service over HTTP and keeping its outbox in
 * PostgreSQL), killed with {@code kill -9} while its delivery waits in the destination's pool, and
 * started again: the message is delivered exactly once, by the one transaction the first process
 * stored before broadcasting it.
 */
@DirtiesContext
class MetalayerRelayerKillTest extends ApiTestBase {
    private static final Duration T = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newHttpClient();
    private final List<RoleProcess> processes = new ArrayList<>();
    private Rollup destination;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void validatorsOnly(DynamicPropertyRegistry registry) {
        registry.add("metaroute.roles", () -> "api,validator");
        registry.add("metaroute.metalayer.validator-keys", () -> hex(DevnetValidators.keys(FinalityState.INSTANT)));
        registry.add("metaroute.metalayer.finalized-validator-keys", () -> hex(DevnetValidators.keys(FinalityState.FINALIZED)));
    }

    private static String hex(List<Credentials> keys) {
        return keys.stream().map(MetalayerRelayerKillTest::hex).collect(Collectors.joining(","));
    }

    private static String hex(Credentials key) {
        return "0x" + Numeric.toHexStringNoPrefixZeroPadded(key.getEcKeyPair().getPrivateKey(), 64);
    }

    @AfterEach
    void stopProcesses() throws Exception {
        processes.forEach(RoleProcess::stop);
        if (destination != null) {
            anvil(destination.rpcUrl(), "evm_setIntervalMining", destination.blockTime().toSeconds());
        }
    }

    /** The relayer process's schema, migrated as the service migrates it, its scan cursor at today's heads. */
    private PostgresOutbox freshRelayerSchema(String schema) throws Exception {
        var r2dbc = new R2dbcProperties();
        r2dbc.setUrl("r2dbc:postgresql://127.0.0.1:5432/test");
        r2dbc.setUsername("postgres");
        SchemaMigrations.migrate(r2dbc, new MetarouteProperties.Database(schema, true));
        var outbox = new PostgresOutbox(new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder().host("127.0.0.1")
                .port(5432).database("test").username("postgres").schema(schema).build()));
        for (Rollup r : devnet().network().rollups()) {
            // messages other tests left on the shared devnet are not this relayer's to deliver
            outbox.advance(r.domain(), devnet().web3j(r.chainId()).ethBlockNumber().send().getBlockNumber().longValueExact() + 1)
                    .block(T);
        }
        return outbox;
    }

    private RoleProcess startRelayer(String label, String schema) throws Exception {
        var p = RoleProcess.start(label, List.of("metaroute.roles=relayer",
                "metaroute.network.file=" + devnet().descriptionFile(),
                "spring.r2dbc.url=r2dbc:postgresql://127.0.0.1:5432/test", "spring.r2dbc.username=postgres",
                "metaroute.database.schema=" + schema, "metaroute.database.clean-on-start=false",
                "metaroute.metalayer.relayer-key=" + hex(devnet().relayer().credentials()),
                "metaroute.metalayer.validator-urls=http://127.0.0.1:" + port,
                // not replaced for being stuck while the test holds the destination's blocks
                "metaroute.metalayer.confirmations=1", "metaroute.metalayer.stuck-after=300s",
                "metaroute.execution.enabled=false", "metaroute.cross.enabled=false",
                "metaroute.redis.url=", "metaroute.feeds.resync-every=5s"));
        processes.add(p);
        JsonNode health = JSON.readTree(client.send(HttpRequest.newBuilder(p.uri("/actuator/health/metalayer")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(health.at("/details/roles").toString()).as("roles of the %s process: %s", label, health)
                .contains("relayer").doesNotContain("validator");
        return p;
    }

    private JsonNode anvil(URI rpc, String method, Object... params) throws Exception {
        return AnvilRpc.call(rpc, method, params);
    }

    private static OutboxEntry await(PostgresOutbox outbox, String id, Predicate<OutboxEntry> until, String what,
                                     RoleProcess p) throws Exception {
        long deadline = System.nanoTime() + T.toNanos();
        OutboxEntry last = null;
        while (System.nanoTime() < deadline) {
            last = outbox.find(id).block(T);
            if (last != null && until.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("outbox entry of " + id + " never became " + what + ": " + last + "\nrelayer log:\n" + p.logTail());
    }

    private long received(Address recipient) throws Exception {
        var count = new Function("count", List.of(), List.of(new TypeReference<Uint256>() { }));
        var out = devnet().web3j(destination.chainId()).ethCall(Transaction.createEthCallTransaction(null, recipient.hex(),
                FunctionEncoder.encode(count)), DefaultBlockParameterName.LATEST).send();
        return ((BigInteger) FunctionReturnDecoder.decode(out.getValue(), count.getOutputParameters()).get(0).getValue()).longValueExact();
    }

    private BigInteger relayerNonce() throws Exception {
        return devnet().web3j(destination.chainId()).ethGetTransactionCount(devnet().relayer().address().hex(),
                DefaultBlockParameterName.LATEST).send().getTransactionCount();
    }

    @Test
    @Timeout(300)
    void aRelayerProcessKilledWithItsDeliveryInThePoolDeliversItExactlyOnceAfterARestart() throws Exception {
        Rollup origin = devnet().rollup("ember");
        destination = devnet().rollup("veil"); // 1 s blocks, held below so the delivery waits in the pool
        var app = wallet(2).credentials();
        Address recipient = MetalayerTestContracts.deployRecipient(devnet(), destination, app);
        String schema = System.getProperty("metaroute.it.schema", "metaroute_it") + "_relayer_process";
        PostgresOutbox outbox = freshRelayerSchema(schema);
        RoleProcess first = startRelayer("relayer-first", schema);

        anvil(destination.rpcUrl(), "evm_setIntervalMining", 0);
        BigInteger nonceBefore = relayerNonce();
        String text = "relayer killed mid-delivery";
        String id;
        try (var network = new MetalayerNetwork(devnet().network())) {
            id = new MetalayerClient(network).dispatch(origin.domain(), destination.domain(), recipient, List.of(),
                    text.getBytes(StandardCharsets.UTF_8), FinalityState.INSTANT, 300_000, app).block(T).message().id();
        }
        OutboxEntry submitted = await(outbox, id, e -> e.status() == OutboxEntry.Status.SUBMITTED, "submitted", first);
        JsonNode pooled = anvil(destination.rpcUrl(), "eth_getTransactionByHash", submitted.txHash());
        for (int i = 0; i < 50 && pooled.isNull(); i++) { // stored first, broadcast right after
            Thread.sleep(100);
            pooled = anvil(destination.rpcUrl(), "eth_getTransactionByHash", submitted.txHash());
        }
        assertThat(pooled.isNull()).as("the delivery reached the node").isFalse();
        assertThat(pooled.get("blockNumber").isNull()).as("and waits in its pool").isTrue();
        first.kill9();
        assertThat(first.alive()).isFalse();

        RoleProcess second = startRelayer("relayer-second", schema);
        anvil(destination.rpcUrl(), "evm_setIntervalMining", destination.blockTime().toSeconds());
        OutboxEntry delivered = await(outbox, id, e -> e.status() == OutboxEntry.Status.DELIVERED, "delivered", second);
        assertThat(delivered.txHash()).as("the transaction the killed process stored").isEqualTo(submitted.txHash());
        assertThat(delivered.attempts()).isEqualTo(1);
        Thread.sleep(3_000); // the restarted relayer keeps running: nothing is delivered twice
        assertThat(MetalayerTestContracts.delivered(devnet(), destination, id)).isTrue();
        assertThat(received(recipient)).as("messages the recipient got").isEqualTo(1);
        assertThat(relayerNonce()).as("transactions the relayer sent on %s", destination.name())
                .isEqualTo(nonceBefore.add(BigInteger.ONE));
        assertThat(outbox.find(id).block(T).status()).isEqualTo(OutboxEntry.Status.DELIVERED);
    }
}
