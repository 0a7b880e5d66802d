package io.metaroute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaroute.api.CrashRestartTest.ServiceProcess;
import io.metaroute.core.chain.Address;
import io.metaroute.core.network.Rollup;
import io.metaroute.devnet.DevAccount;
import io.metaroute.devnet.NetworkFile;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.web3j.crypto.Sign;
import org.web3j.crypto.StructuredDataEncoder;
import org.web3j.utils.Numeric;

/** What the tests of a main job in its own process do from outside: HTTP to the job, JSON-RPC to its rollups, a wallet's signature. */
final class CrossJobClient {
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** What a wallet does: hash the typed data exactly as served (eth_signTypedData_v4), sign it, and post both. */
    static Map<String, Object> signed(JsonNode typedData, DevAccount wallet) throws Exception {
        byte[] digest = new StructuredDataEncoder(JSON.writeValueAsString(typedData)).hashStructuredData();
        var sig = Sign.signMessage(digest, wallet.credentials().getEcKeyPair(), false);
        byte[] bytes = new byte[65];
        System.arraycopy(sig.getR(), 0, bytes, 0, 32);
        System.arraycopy(sig.getS(), 0, bytes, 32, 32);
        bytes[64] = sig.getV()[0];
        var body = new LinkedHashMap<String, Object>();
        body.put("typedData", typedData);
        body.put("signature", Numeric.toHexString(bytes));
        return body;
    }

    JsonNode post(ServiceProcess service, String path, Object body, int expected) throws Exception {
        var request = HttpRequest.newBuilder(service.uri(path)).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        var response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("POST %s: %s", path, response.body()).isEqualTo(expected);
        return JSON.readTree(response.body());
    }

    JsonNode get(ServiceProcess service, String path) throws Exception {
        var response = http.send(HttpRequest.newBuilder(service.uri(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /**
     * {@code GET /actuator/health}: its body whether the service is up (200) or a component is down (503), so
     * that a caller can wait for a component to come up.
     */
    JsonNode health(ServiceProcess service) throws Exception {
        var response = http.send(HttpRequest.newBuilder(service.uri("/actuator/health")).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET /actuator/health: %s", response.body()).isIn(200, 503);
        return JSON.readTree(response.body());
    }

    /** A JSON-RPC call to {@code rollup}'s node; its {@code result}. */
    JsonNode rpc(Rollup rollup, String method, List<?> params) throws Exception {
        String body = JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", 1, "method", method, "params", params));
        var response = http.send(HttpRequest.newBuilder(rollup.rpcUrl()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.has("error")).as("%s: %s", method, response.body()).isFalse();
        return answer.get("result");
    }

    /** {@code eth_call} of {@code data} on {@code to} at the latest block. */
    String call(Rollup rollup, Address to, String data) throws Exception {
        return rpc(rollup, "eth_call", List.of(Map.of("to", to.hex(), "data", data), "latest")).asText();
    }

    static Address settler(NetworkFile.Contents network, Rollup r) {
        return network.network().metalayer().contracts(r.domain()).orElseThrow().crossSettler();
    }
}
