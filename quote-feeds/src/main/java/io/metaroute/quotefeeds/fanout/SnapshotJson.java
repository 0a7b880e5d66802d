package io.metaroute.quotefeeds.fanout;

import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.core.pool.PoolState;
import java.util.Comparator;

/**
 * The JSON form of a market snapshot, as served at {@code GET /v1/market/snapshot} (replicas share
 * the market through {@link MarketStreamPublisher}'s stream, in {@link MarketStreamCodec}'s form): {@code {"version":n,"takenAt":"…","pools":[{"chainId":…,"address":…,"token0":…,
 * "token1":…,"reserve0":"…","reserve1":"…","block":…}]}}. Every value is a number, an address or
 * a timestamp, so no escaping is needed.
 */
public final class SnapshotJson {
    private SnapshotJson() {
    }

    public static String write(MarketSnapshot snapshot) {
        var sb = new StringBuilder(64 + snapshot.pools().size() * 260);
        sb.append("{\"version\":").append(snapshot.version())
                .append(",\"takenAt\":\"").append(snapshot.takenAt()).append("\",\"pools\":[");
        boolean first = true;
        for (PoolState p : snapshot.pools().values().stream()
                .sorted(Comparator.comparing((PoolState s) -> s.chain().value()).thenComparing(s -> s.address().hex())).toList()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append("{\"chainId\":").append(p.chain().value())
                    .append(",\"address\":\"").append(p.address().checksummed())
                    .append("\",\"token0\":\"").append(p.token0().checksummed())
                    .append("\",\"token1\":\"").append(p.token1().checksummed())
                    .append("\",\"reserve0\":\"").append(p.reserve0())
                    .append("\",\"reserve1\":\"").append(p.reserve1())
                    .append("\",\"block\":").append(p.blockNumber()).append('}');
        }
        return sb.append("]}").toString();
    }
}
