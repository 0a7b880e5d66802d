package io.metaroute.api.quotes;

import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Latest-wins delivery to a socket. A socket's own send path requests messages in large batches
 * and queues them until the peer reads, so demand alone cannot conflate for a slow reader. Here
 * each message is written on its own and the next is taken only when the write has completed
 * (for a WebSocket: when the client has read it, see {@link ReadReceipts}); while a write waits
 * on a peer that does not read, newer messages replace the one waiting. Per connection that
 * bounds what is held to the message being written and the latest one.
 */
public final class LatestWins {
    private LatestWins() {
    }

    /** Writes every message of {@code messages} that is still the latest when the previous write completes. */
    public static <T> Flux<T> deliver(Flux<T> messages, Function<T, Mono<Void>> write) {
        return conflate(messages).concatMap(m -> write.apply(m).thenReturn(m), 0);
    }

    /** The conflating step on its own: holds at most the latest undelivered message while there is no demand. */
    public static <T> Flux<T> conflate(Flux<T> messages) {
        return messages.onBackpressureLatest();
    }
}
