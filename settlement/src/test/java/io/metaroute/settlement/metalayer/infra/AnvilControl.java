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

    /**
     * Replaces block {@code first} and every block above it with empty ones, and nothing below: block
     * production (every {@code blockSeconds}) is held while the head is read and the reorg made, since a
     * block mined in between would otherwise shift the window. A reorg reaching lower would take with it
     * what the test set up there (a recipient deployed a few blocks before is then gone, and every
     * later delivery to it reverts); this fails if a block came between (the head moved) or block
     * {@code first - 1} changed.
     *
     * @return the number of blocks replaced
     */
    static long reorgFrom(URI rpc, long first, long blockSeconds) throws Exception {
        intervalMining(rpc, 0);
        try {
            String below = blockHash(rpc, first - 1);
            long head = head(rpc);
            reorg(rpc, head - first + 1);
            if (head(rpc) != head || !below.equals(blockHash(rpc, first - 1))) {
                throw new IllegalStateException("the reorg of blocks " + first + ".." + head + " replaced another range");
            }
            return head - first + 1;
        } finally {
            intervalMining(rpc, blockSeconds);
        }
    }

    static long head(URI rpc) throws Exception {
        return Long.decode(call(rpc, "eth_blockNumber").asText());
    }

    static String blockHash(URI rpc, long number) throws Exception {
        return call(rpc, "eth_getBlockByNumber", "0x" + Long.toHexString(number), false).get("hash").asText();
    }

    static boolean inPool(URI rpc, String hash) throws Exception {
        JsonNode tx = call(rpc, "eth_getTransactionByHash", hash);
        return tx != null && !tx.isNull() && (tx.get("blockNumber") == null || tx.get("blockNumber").isNull());
    }
}
