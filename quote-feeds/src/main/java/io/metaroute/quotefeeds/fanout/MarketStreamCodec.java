package io.metaroute.quotefeeds.fanout;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.core.pool.PoolKey;
import io.metaroute.core.pool.PoolState;
import io.metaroute.quotefeeds.chain.domain.BlockHead;
import io.metaroute.quotefeeds.market.MarketChange;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The text forms of the market stream in Redis. Every value is a number, an address, a block hash
 * or an instant in epoch milliseconds, so fields are separated by {@code ,} and {@code |} without
 * escaping; only a rollup's failure text, always the last field of its line, may hold anything but
 * a line break (which is replaced).
 *
 * <ul>
 *   <li>a pool: {@code chainId,address,token0,token1,reserve0,reserve1,block}</li>
 *   <li>a change: {@code version|takenAtMillis|pool;pool;…} (no pools: a version that changed none)</li>
 *   <li>changes: one change per line</li>
 *   <li>a snapshot: a head line {@code epoch|version|takenAtMillis|streamId|chain=confirmedAtMillis,…},
 *       then one pool per line</li>
 *   <li>heads: one rollup per line, {@code chainId|number|hash|parentHash|timestampMillis|confirmedAtMillis|failure}
 *       (number −1 and empty hashes before the rollup's first block, 0 before its first full read)</li>
 * </ul>
 */
public final class MarketStreamCodec {
    private final Map<String, Address> addresses = new ConcurrentHashMap<>();

    /** What a snapshot line says, with the pools it holds. */
    public record Snapshot(String epoch, long version, Instant takenAt, String streamId, Map<ChainId, Instant> confirmed,
                           Map<PoolKey, PoolState> pools) {
    }

    /** One rollup's head as the collecting replica last saw it; {@code head} empty before its first block. */
    public record Head(ChainId chain, Optional<BlockHead> head, Optional<Instant> confirmedAt, Optional<String> failure) {
    }

    public static String changes(List<MarketChange> changes) {
        var sb = new StringBuilder(changes.size() * 200);
        for (MarketChange c : changes) {
            sb.append(c.version()).append('|').append(c.snapshot().takenAt().toEpochMilli()).append('|');
            boolean first = true;
            for (PoolState p : c.pools()) {
                if (!first) {
                    sb.append(';');
                }
                first = false;
                pool(sb, p);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** A change as the stream carries it: the version, its time and the pools it set. */
    public record Change(long version, Instant takenAt, List<PoolState> pools) {
    }

    public List<Change> parseChanges(String text) {
        var out = new ArrayList<Change>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\\|", 3);
            var pools = new ArrayList<PoolState>();
            if (f.length > 2 && !f[2].isEmpty()) {
                for (String p : f[2].split(";")) {
                    pools.add(parsePool(p));
                }
            }
            out.add(new Change(Long.parseLong(f[0]), Instant.ofEpochMilli(Long.parseLong(f[1])), pools));
        }
        return out;
    }

    public static String snapshot(String epoch, MarketSnapshot s, String streamId, Map<ChainId, Instant> confirmed) {
        var sb = new StringBuilder(128 + s.pools().size() * 200);
        sb.append(epoch).append('|').append(s.version()).append('|').append(s.takenAt().toEpochMilli()).append('|')
                .append(streamId).append('|');
        boolean first = true;
        for (var e : confirmed.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append(e.getKey().value()).append('=').append(e.getValue().toEpochMilli());
        }
        sb.append('\n');
        for (PoolState p : s.pools().values()) {
            pool(sb, p);
            sb.append('\n');
        }
        return sb.toString();
    }

    public Snapshot parseSnapshot(String text) {
        String[] lines = text.split("\n");
        String[] h = lines[0].split("\\|", -1);
        if (h.length != 5) {
            throw new IllegalArgumentException("not a market stream snapshot: " + lines[0]);
        }
        var confirmed = new LinkedHashMap<ChainId, Instant>();
        if (!h[4].isEmpty()) {
            for (String c : h[4].split(",")) {
                String[] kv = c.split("=");
                confirmed.put(ChainId.of(Long.parseLong(kv[0])), Instant.ofEpochMilli(Long.parseLong(kv[1])));
            }
        }
        var pools = new HashMap<PoolKey, PoolState>(lines.length * 2);
        for (int i = 1; i < lines.length; i++) {
            if (!lines[i].isEmpty()) {
                PoolState p = parsePool(lines[i]);
                pools.put(p.key(), p);
            }
        }
        return new Snapshot(h[0], Long.parseLong(h[1]), Instant.ofEpochMilli(Long.parseLong(h[2])), h[3], confirmed, pools);
    }

    public static String heads(List<Head> heads) {
        var sb = new StringBuilder();
        for (Head h : heads) {
            sb.append(h.chain().value()).append('|');
            if (h.head().isPresent()) {
                BlockHead b = h.head().get();
                sb.append(b.number()).append('|').append(b.hash()).append('|').append(b.parentHash()).append('|')
                        .append(b.timestamp().toEpochMilli());
            } else {
                sb.append("-1|||0");
            }
            sb.append('|').append(h.confirmedAt().map(Instant::toEpochMilli).orElse(0L));
            sb.append('|').append(h.failure().map(f -> f.replace('\n', ' ')).orElse("")).append('\n');
        }
        return sb.toString();
    }

    public static List<Head> parseHeads(String text) {
        var out = new ArrayList<Head>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\\|", 7);
            long number = Long.parseLong(f[1]);
            Optional<BlockHead> head = number < 0 ? Optional.empty()
                    : Optional.of(new BlockHead(number, f[2], f[3], Instant.ofEpochMilli(Long.parseLong(f[4]))));
            long confirmed = Long.parseLong(f[5]);
            out.add(new Head(ChainId.of(Long.parseLong(f[0])), head,
                    confirmed == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(confirmed)),
                    f[6].isEmpty() ? Optional.empty() : Optional.of(f[6])));
        }
        return out;
    }

    private static void pool(StringBuilder sb, PoolState p) {
        sb.append(p.chain().value()).append(',').append(p.address().hex()).append(',').append(p.token0().hex()).append(',')
                .append(p.token1().hex()).append(',').append(p.reserve0()).append(',').append(p.reserve1()).append(',')
                .append(p.blockNumber());
    }

    private PoolState parsePool(String text) {
        String[] f = text.split(",");
        if (f.length != 7) {
            throw new IllegalArgumentException("not a pool of the market stream: " + text);
        }
        return new PoolState(ChainId.of(Long.parseLong(f[0])), address(f[1]), address(f[2]), address(f[3]),
                new BigInteger(f[4]), new BigInteger(f[5]), Long.parseLong(f[6]));
    }

    /** Pools and tokens repeat in every change: one {@link Address} each, checked once. */
    private Address address(String hex) {
        return addresses.computeIfAbsent(hex, Address::of);
    }
}
