package io.metaroute.solver.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.chain.InvalidValueException;
import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.core.pool.PoolKey;
import io.metaroute.core.pool.PoolState;
import io.metaroute.core.token.Uint256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;

/**
 * Reads a market snapshot in the format served at {@code GET /v1/market/snapshot}:
 * {@code {"version":n,"takenAt":"ISO-8601","pools":[{"chainId":n,"address":"0x…","token0":"0x…",
 * "token1":"0x…","reserve0":"decimal","reserve1":"decimal","block":n}]}}. A pool whose tokens are not
 * in the pair's order ({@code token0 < token1}) or that appears twice is refused, naming the field.
 */
public final class SnapshotFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SnapshotFile() {
    }

    public static MarketSnapshot read(Path file) throws IOException {
        return parse(Files.readString(file));
    }

    public static MarketSnapshot parse(String text) throws IOException {
        JsonNode root = JSON.readTree(text);
        var pools = new HashMap<PoolKey, PoolState>();
        int i = 0;
        for (JsonNode p : root.path("pools")) {
            String at = "pools[" + i++ + "]";
            var state = new PoolState(ChainId.of(p.path("chainId").asLong()), Address.of(p.path("address").asText()),
                    Address.of(p.path("token0").asText()), Address.of(p.path("token1").asText()),
                    Uint256.parse(at + ".reserve0", p.path("reserve0").asText()),
                    Uint256.parse(at + ".reserve1", p.path("reserve1").asText()), p.path("block").asLong());
            if (state.token0().hex().compareTo(state.token1().hex()) >= 0) {
                throw new InvalidValueException(at + ".token1", "token0 must sort below token1, as the pair orders them");
            }
            if (pools.put(state.key(), state) != null) {
                throw new InvalidValueException(at + ".address", "pool " + state.address() + " on chain " + state.chain()
                        + " appears twice");
            }
        }
        Instant takenAt = root.hasNonNull("takenAt") ? Instant.parse(root.get("takenAt").asText()) : Instant.EPOCH;
        return new MarketSnapshot(root.path("version").asLong(), takenAt, pools);
    }
}
