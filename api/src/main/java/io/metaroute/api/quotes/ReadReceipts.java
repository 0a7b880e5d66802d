package io.metaroute.api.quotes;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
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
 *
 * <p>Two ways to use it: {@link #write} sends and waits until the client has read (one message in
 * flight, as the single-route quote stream does); {@link #send} only sends, and the caller keeps as
 * many messages unread as it allows, watching {@link #unread()} and {@link #reads()} (the
 * multi-subscription stream). A handler that reads the socket itself passes every frame to
 * {@link #accept} instead of calling {@link #listen}.
 */
public final class ReadReceipts {
    private final WebSocketSession session;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong readUpTo = new AtomicLong();
    /** The highest sequence number a pong has come back with. */
    private final Sinks.Many<Long> read = Sinks.many().replay().latest();

    public ReadReceipts(WebSocketSession session) {
        this.session = session;
        read.tryEmitNext(0L);
    }

    /** Reads the client's frames for pongs; completes when the client closes. Other frames are ignored. */
    public Mono<Void> listen() {
        return session.receive().filter(this::accept).then();
    }

    /**
     * Takes a frame the client sent: true (and the receipt noted) when it is a pong, false for any
     * other frame, which the caller handles.
     */
    public boolean accept(WebSocketMessage m) {
        if (m.getType() != WebSocketMessage.Type.PONG) {
            return false;
        }
        try {
            long seq = Long.parseLong(m.getPayloadAsText(StandardCharsets.US_ASCII));
            if (readUpTo.accumulateAndGet(seq, Math::max) == seq) {
                synchronized (read) {
                    read.tryEmitNext(seq);
                }
            }
        } catch (NumberFormatException e) {
            // an unsolicited pong (allowed by RFC 6455) carries no sequence number of ours
        }
        return true;
    }

    /** Sends {@code text} and completes once the client has read it. */
    public Mono<Void> write(String text) {
        return send(text).flatMap(seq -> read.asFlux().filter(n -> n >= seq).next()).then();
    }

    /** Sends {@code text} followed by its ping; completes with its sequence number once the socket has taken both. */
    public Mono<Long> send(String text) {
        return Mono.defer(() -> {
            long seq = sent.incrementAndGet();
            byte[] marker = Long.toString(seq).getBytes(StandardCharsets.US_ASCII);
            return session.send(Flux.just(session.textMessage(text), session.pingMessage(f -> f.wrap(marker))))
                    .thenReturn(seq);
        });
    }

    /** Messages sent that the client has not yet read. */
    public long unread() {
        return sent.get() - readUpTo.get();
    }

    /** The sequence number read up to, now and on every receipt after. */
    public Flux<Long> reads() {
        return read.asFlux();
    }
}
