package io.metaroute.settlement.metalayer.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/** anvil's own JSON-RPC methods (mining control, reorgs, dropping pool transactions), for devnet tests. */
final class AnvilControl {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private AnvilControl() {
    }

    static JsonNode call(URI rpc, String method, Object... params) throws Exception {
        String body = JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", 1, "method", method, "params", List.of(params)));
        var response = HTTP.send(HttpRequest.newBuilder(rpc).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode answer = JSON.readTree(response.body());
        if (answer.has("error")) {
            throw new IllegalStateException(method + " failed: " + answer.get("error"));
        }
        return answer.get("result");
    }

    /** Stops producing blocks (0) or produces one every {@code seconds}. */
    static void intervalMining(URI rpc, long seconds) throws Exception {
        call(rpc, "evm_setIntervalMining", seconds);
    }

    static void dropTransaction(URI rpc, String hash) throws Exception {
        call(rpc, "anvil_dropTransaction", hash);
    }

    /** Replaces the last {@code depth} blocks with as many empty ones. */
    static void reorg(URI rpc, long depth) throws Exception {
        call(rpc, "anvil_reorg", depth, List.of());
    }

    static boolean inPool(URI rpc, String hash) throws Exception {
        JsonNode tx = call(rpc, "eth_getTransactionByHash", hash);
        return tx != null && !tx.isNull() && (tx.get("blockNumber") == null || tx.get("blockNumber").isNull());
    }
}
