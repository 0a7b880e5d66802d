package io.metaroute.quotefeeds.pools;

import io.metaroute.core.chain.Address;
import java.math.BigInteger;
import java.util.Objects;

/**
 * A Uniswap V2 pair's {@code Sync(uint112 reserve0, uint112 reserve1)} log: the pair's reserves after
 * the transaction at {@code (block, logIndex)} of block {@code blockHash}. {@code removed}: the node
 * says the block that held it left the canonical chain.
 */
public record SyncEvent(Address pool, long block, String blockHash, long logIndex, BigInteger reserve0, BigInteger reserve1,
                        boolean removed) {
    public SyncEvent {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(blockHash, "blockHash");
        Objects.requireNonNull(reserve0, "reserve0");
        Objects.requireNonNull(reserve1, "reserve1");
    }

    /** From the log's fields as JSON-RPC gives them (hex quantities, {@code data} the two reserves); null if it is not a Sync. */
    static SyncEvent parse(String address, String blockNumber, String blockHash, String logIndex, String data, boolean removed) {
        if (address == null || blockNumber == null || blockHash == null || logIndex == null || data == null) {
            return null; // a pending log, without a block yet
        }
        String hex = data.startsWith("0x") ? data.substring(2) : data;
        if (hex.length() < 128) {
            return null;
        }
        return new SyncEvent(Address.of(address), quantity(blockNumber), blockHash.toLowerCase(java.util.Locale.ROOT),
                quantity(logIndex), new BigInteger(hex.substring(0, 64), 16), new BigInteger(hex.substring(64, 128), 16), removed);
    }

    static long quantity(String hex) {
        return new BigInteger(hex.startsWith("0x") ? hex.substring(2) : hex, 16).longValueExact();
    }
}
