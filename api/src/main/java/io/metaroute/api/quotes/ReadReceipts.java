package io.metaroute.api.quotes;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Learns when a WebSocket client has read what it was sent. A socket's write completes when the
 * operating system takes the bytes, and the peer's kernel takes them whether or not the peer's
 * application reads: a client that stops reading can have a hundred answers (about 150 KB)
 * absorbed by its receive buffer before the server notices anything. So each message is followed
 * by a ping carrying its sequence number; a client's WebSocket stack answers a ping (RFC 6455
 * requires it) only when it reads the ping, that is after reading every message before it. A
 * write is complete when its pong is back.
 */
final class ReadReceipts {
    private final WebSocketSession session;
    private final AtomicLong sent = new AtomicLong();
    /** The highest sequence number a pong has come back with. */
    private final Sinks.Many<Long> read = Sinks.many().replay().latest();

    ReadReceipts(WebSocketSession session) {
        this.session = session;
        read.tryEmitNext(0L);
    }

    /** Reads the client's frames for pongs; completes when the client closes. Other frames are ignored. */
    Mono<Void> listen() {
        return session.receive()
                .filter(m -> m.getType() == WebSocketMessage.Type.PONG)
                .doOnNext(m -> {
                    try {
                        read.tryEmitNext(Long.parseLong(m.getPayloadAsText(StandardCharsets.US_ASCII)));
                    } catch (NumberFormatException e) {
                        // an unsolicited pong (allowed by RFC 6455) carries no sequence number of ours
                    }
                })
                .then();
    }

    /** Sends {@code text} and completes once the client has read it. */
    Mono<Void> write(String text) {
        long seq = sent.incrementAndGet();
        byte[] marker = Long.toString(seq).getBytes(StandardCharsets.US_ASCII);
        return session.send(reactor.core.publisher.Flux.just(session.textMessage(text), session.pingMessage(f -> f.wrap(marker))))
                .then(read.asFlux().filter(n -> n >= seq).next().then());
    }
}
