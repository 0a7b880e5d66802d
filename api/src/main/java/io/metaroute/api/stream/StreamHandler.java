package io.metaroute.api.stream;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code ws /v1/stream}: one WebSocket, any number of subscriptions, each opened and closed by a JSON
 * message (see {@link StreamCommands}); updates of each conflated to at most
 * {@code metaroute.stream.max-updates-per-second}, latest wins, and each client bounded on its own
 * ({@link StreamConnection}).
 */
public final class StreamHandler implements WebSocketHandler {
    private final StreamSettings settings;
    private final StreamCommands commands;
    private final Function<Channel, Flux<String>> sources;
    private final Set<StreamConnection> open = ConcurrentHashMap.newKeySet();
    private final StreamEvents events;

    StreamHandler(StreamSettings settings, StreamCommands commands, Function<Channel, Flux<String>> sources,
                  io.micrometer.core.instrument.MeterRegistry metrics) {
        this.settings = settings;
        this.commands = commands;
        this.sources = sources;
        this.events = new StreamEvents(metrics, open, StreamConnection::held);
    }

    @Override
    public Mono<Void> handle(WebSocketSession session) {
        var connection = new StreamConnection(session, settings, events, commands, sources);
        return Mono.defer(() -> {
            open.add(connection);
            return connection.run();
        }).doFinally(signal -> open.remove(connection));
    }
}
