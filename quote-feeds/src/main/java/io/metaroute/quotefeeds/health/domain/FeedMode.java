package io.metaroute.quotefeeds.health.domain;

/** How a rollup's pool feed learns of new blocks right now. */
public enum FeedMode {
    /** Not following yet. */
    NONE,
    /** {@code newHeads} and {@code Sync} logs pushed over the rollup's WebSocket. */
    WEBSOCKET,
    /** The latest block and its logs read over HTTP once per block time (no WebSocket, or it failed or fell silent). */
    POLLING,
    /** Followed from another replica's collectors, through the market stream in Redis. */
    REPLICA
}
