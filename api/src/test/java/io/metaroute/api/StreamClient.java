package io.metaroute.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A client of {@code ws /v1/stream} over the JDK's WebSocket: it records every message with the
 * time it arrived. A client made {@code reading = false} never asks its WebSocket for a message
 * (demand 0): it subscribes and then reads nothing, and its WebSocket leaves the socket unread.
 */
final class StreamClient implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    record Received(JsonNode message, long atNanos) {
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    private final WebSocket socket;
    private volatile boolean closed;

    StreamClient(int port, boolean reading) {
        var text = new StringBuilder();
        socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/v1/stream"), new WebSocket.Listener() {
                    @Override
                    public void onOpen(WebSocket ws) {
                        if (reading) {
                            ws.request(1);
                        }
                    }

                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            try {
                                received.add(new Received(JSON.readTree(text.toString()), System.nanoTime()));
                            } catch (java.io.IOException e) {
                                throw new IllegalStateException(e);
                            }
                            text.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                        closed = true;
                        return null;
                    }

                    @Override
                    public void onError(WebSocket ws, Throwable error) {
                        closed = true;
                    }
                }).join();
    }

    StreamClient send(Map<String, Object> message) {
        try {
            socket.sendText(JSON.writeValueAsString(message), true).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    StreamClient sendRaw(String text) {
        socket.sendText(text, true).join();
        return this;
    }

    /** The messages received so far that match. */
    List<Received> where(Predicate<JsonNode> match) {
        return received.stream().filter(r -> match.test(r.message())).toList();
    }

    /** Those of subscription {@code id} whose type is {@code type}. */
    List<Received> of(String id, String type) {
        return where(m -> id.equals(m.path("id").asText()) && type.equals(m.path("type").asText()));
    }

    /** Waits up to {@code within} for a message that matches; returns it. */
    JsonNode await(String what, Duration within, Predicate<JsonNode> match) throws InterruptedException {
        long until = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < until) {
            for (Received r : received) {
                if (match.test(r.message())) {
                    return r.message();
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no message within " + within + ": " + what + "; received " + received.stream()
                .map(r -> r.message().toString()).map(s -> s.length() > 300 ? s.substring(0, 300) + "…" : s).toList());
    }

    boolean closedByServer() {
        return closed || socket.isInputClosed();
    }

    @Override
    public void close() {
        socket.abort();
    }
}
