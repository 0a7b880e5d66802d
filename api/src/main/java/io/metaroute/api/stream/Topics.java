package io.metaroute.api.stream;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import reactor.core.publisher.Flux;

/**
 * One source per key, shared by every subscription to that key on every connection: a thousand
 * clients watching the same route cost one standing quote, not a thousand. A newcomer gets the
 * latest message at once; the source starts with its first watcher and stops with its last, and
 * its entry goes with it, so keys nobody watches hold nothing.
 *
 * <p>Watchers must never hold the source up: each takes every message into a slot of its own
 * ({@link Outbox}) and conflates there, so a slow client cannot slow a shared source.
 */
final class Topics<K> {
    private final Function<K, Flux<String>> source;
    private final Map<K, Topic> topics = new ConcurrentHashMap<>();

    private final class Topic {
        final Flux<String> shared;
        int watchers;

        Topic(K key) {
            shared = source.apply(key).replay(1).refCount();
        }
    }

    Topics(Function<K, Flux<String>> source) {
        this.source = source;
    }

    Flux<String> watch(K key) {
        return Flux.defer(() -> {
            Topic topic = topics.compute(key, (k, held) -> {
                Topic t = held == null ? new Topic(k) : held;
                t.watchers++;
                return t;
            });
            return topic.shared.doFinally(signal -> topics.computeIfPresent(key, (k, held) -> {
                if (held != topic) {
                    return held;
                }
                return --held.watchers == 0 ? null : held;
            }));
        });
    }

    /** Keys watched now. */
    int size() {
        return topics.size();
    }
}
