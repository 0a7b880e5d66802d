package io.metaroute.quotefeeds.pools;

import io.metaroute.quotefeeds.chain.domain.BlockHead;

/** What drives a {@link PoolCollector}'s serial loop: one event at a time, in arrival order. */
sealed interface CollectorEvent {
    /** A new head from {@code newHeads}. */
    record Head(BlockHead head) implements CollectorEvent {
    }

    /** A pair's {@code Sync} log from the WebSocket subscription. */
    record Sync(SyncEvent log) implements CollectorEvent {
    }

    /** Read the latest block and the logs since the last read (a poll, or the catch-up after a reconnect). */
    record Poll() implements CollectorEvent {
    }

    /** Re-read every pool in full. */
    record Resync() implements CollectorEvent {
    }
}
