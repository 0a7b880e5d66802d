package io.metaroute.api.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaroute.api.intents.IntentViews;
import io.metaroute.api.persistence.IntentActivity;
import io.metaroute.api.problem.ApiProblem;
import io.metaroute.api.problem.ErrorKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Intents followed by the stream: every {@code poll} one query asks where all the followed intents
 * stand (status and last change, single-rollup intents and cross-rollup orders alike), and those that
 * moved are read in full and sent as {@code GET /v1/intents/{id}} shows them. Read from PostgreSQL,
 * so a change made by any replica is seen. One watch per intent, shared by all its subscriptions.
 */
final class IntentFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IntentFeed.class);

    private final IntentActivity activity;
    private final IntentViews views;
    private final ObjectMapper json;
    private final Map<UUID, Watch> watched = new ConcurrentHashMap<>();
    private final Disposable polling;

    private final class Watch {
        final UUID id;
        final Sinks.Many<String> sink = Sinks.many().replay().latest();
        int watchers;
        IntentActivity.Version version;
        String last;

        Watch(UUID id) {
            this.id = id;
        }

        /** Reads the intent and sends it if it differs from what was last sent. */
        Mono<Void> load() {
            return views.find(id)
                    .map(view -> message(Map.of("type", "intent", "intent", view)))
                    .doOnNext(this::emit)
                    .switchIfEmpty(Mono.fromRunnable(() -> {
                        synchronized (this) {
                            sink.tryEmitError(ApiProblem.of(ErrorKind.INTENT_NOT_FOUND, "intentId", "no intent " + id));
                        }
                    }))
                    .then();
        }

        synchronized void emit(String message) {
            if (!message.equals(last)) {
                last = message;
                sink.tryEmitNext(message);
            }
        }
    }

    IntentFeed(IntentActivity activity, IntentViews views, ObjectMapper json, Duration poll) {
        this.activity = activity;
        this.views = views;
        this.json = json;
        this.polling = Flux.interval(poll, poll).onBackpressureDrop()
                .concatMap(tick -> poll().onErrorResume(e -> {
                    log.warn("stream: reading followed intents failed: {}", e.toString());
                    return Mono.empty();
                }), 0)
                .subscribe();
    }

    /** The intent's view now and at every change; fails with {@code intent_not_found} when there is no such intent. */
    Flux<String> watch(UUID id) {
        return Flux.defer(() -> {
            boolean[] fresh = {false};
            Watch w = watched.compute(id, (k, held) -> {
                Watch t = held == null ? new Watch(k) : held;
                fresh[0] = held == null;
                t.watchers++;
                return t;
            });
            Flux<String> messages = w.sink.asFlux().doFinally(signal -> watched.computeIfPresent(id,
                    (k, held) -> held != w ? held : --held.watchers == 0 ? null : held));
            return fresh[0] ? messages.mergeWith(w.load().then(Mono.empty())) : messages;
        });
    }

    private Mono<Void> poll() {
        if (watched.isEmpty()) {
            return Mono.empty();
        }
        List<UUID> ids = List.copyOf(watched.keySet());
        return activity.versions(ids)
                .concatMap(v -> {
                    Watch w = watched.get(v.id());
                    if (w == null || Objects.equals(w.version, v)) {
                        return Mono.empty();
                    }
                    w.version = v;
                    return w.load();
                })
                .then();
    }

    private String message(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        polling.dispose();
    }
}
