package io.metaroute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaroute.devnet.MarketActivity;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * Several replicas, one set of collectors: a replica started with {@code metaroute.feeds.source=redis}
 * runs no pool collector, follows this test's service (the collecting replica) through the Redis
 * stream, holds the same market while the devnet's market moves, and quotes the same route to the wei.
 */
@Timeout(240)
class ReplicaFollowTest extends ApiTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static RoleProcess replica;

    @Value("${metaroute.redis.prefix}")
    String prefix;

    @Autowired
    org.springframework.boot.web.reactive.context.ReactiveWebServerApplicationContext context;

    @AfterAll
    static void stop() {
        if (replica != null) {
            replica.stop();
        }
    }

    @Test
    void aFollowingReplicaHoldsTheCollectorsMarketAndQuotesTheSameRoute() throws Exception {
        String schema = System.getProperty("metaroute.it.schema", "metaroute_it") + "_replica";
        replica = RoleProcess.start("replica", List.of("metaroute.roles=api",
                "metaroute.network.file=" + devnet().descriptionFile(),
                "spring.r2dbc.url=r2dbc:postgresql://127.0.0.1:5432/test", "spring.r2dbc.username=postgres",
                "metaroute.database.schema=" + schema, "metaroute.database.clean-on-start=true",
                "metaroute.feeds.source=redis", "metaroute.redis.url=redis://127.0.0.1:6379", "metaroute.redis.prefix=" + prefix,
                "metaroute.execution.enabled=false", "metaroute.cross.enabled=false"));
        assertThat(replica.logTail()).contains("market followed from Redis").doesNotContain("first read of");

        // swaps of at most a millionth of a reserve: the shared devnet's prices stay where later test classes expect them
        try (var activity = MarketActivity.start(devnet(), 6, 0.000001, 5)) {
            Thread.sleep(3_000);
            assertThat(activity.swaps()).as("the market moved").isPositive();
        }
        String own = "http://127.0.0.1:" + context.getWebServer().getPort();
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode mine = get(URI.create(own + "/v1/market/snapshot"));
        JsonNode theirs = get(replica.uri("/v1/market/snapshot"));
        while (!mine.get("pools").equals(theirs.get("pools")) && System.nanoTime() < until) {
            Thread.sleep(200);
            mine = get(URI.create(own + "/v1/market/snapshot"));
            theirs = get(replica.uri("/v1/market/snapshot"));
        }
        assertThat(theirs.get("pools")).as("the replica's pools, reserve for reserve").isEqualTo(mine.get("pools"));

        String body = "{\"chainId\":" + gaming().chainId().value() + ",\"tokenIn\":\"" + token(gaming(), "USDC").checksummed()
                + "\",\"tokenOut\":\"" + token(gaming(), "WETH").checksummed() + "\",\"amountIn\":\"2500000000\",\"slippageBps\":50,\"user\":\"" + wallet(0).address().hex() + "\"}";
        // each replica reads gas at every block by itself: a block between the two quotes may move the gas part
        JsonNode q1 = null;
        JsonNode q2 = null;
        for (int attempt = 0; attempt < 5 && (q1 == null || !q1.get("expectedAmountOut").equals(q2.get("expectedAmountOut"))); attempt++) {
            q1 = post(URI.create(own + "/v1/quotes"), body);
            q2 = post(replica.uri("/v1/quotes"), body);
        }
        assertThat(q2.get("expectedAmountOut")).as("the replica quotes what the collector quotes").isEqualTo(q1.get("expectedAmountOut"));
        // the same legs and amounts; each replica numbers its own market versions
        ((com.fasterxml.jackson.databind.node.ObjectNode) q1.get("route")).remove("snapshotVersion");
        ((com.fasterxml.jackson.databind.node.ObjectNode) q2.get("route")).remove("snapshotVersion");
        assertThat(q2.get("route")).isEqualTo(q1.get("route"));

        JsonNode health = get(replica.uri("/actuator/health"));
        assertThat(health.toString()).contains("REPLICA");
    }

    private static JsonNode get(URI uri) throws Exception {
        var r = CLIENT.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    private static JsonNode post(URI uri, String body) throws Exception {
        var r = CLIENT.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
