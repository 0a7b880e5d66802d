package io.metaroute.api.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public stream's named events: each logs (at DEBUG: they are the clients' doing) and records
 * its Micrometer metric. Gauges {@code metaroute.stream.subscribers} (open connections),
 * {@code metaroute.stream.subscriptions} (by {@code channel}) and {@code metaroute.stream.held.max}
 * (the most messages any one connection holds: waiting replies and updates plus those sent and not
 * yet read); counters {@code metaroute.stream.updates.sent}, {@code .conflated} (replaced within a
 * subscription's rate interval) and {@code .dropped} (replaced because the client had not read what
 * it was sent), by {@code channel}; {@code metaroute.stream.refused} by {@code kind};
 * {@code metaroute.stream.closed} by {@code reason}.
 */
final class StreamEvents {
    private static final Logger log = LoggerFactory.getLogger(StreamEvents.class);

    private final MeterRegistry metrics;
    private final Map<String, AtomicInteger> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    /** {@code held}: how many messages a connection holds now. */
    <C> StreamEvents(MeterRegistry metrics, Set<C> open, ToIntFunction<C> held) {
        this.metrics = metrics;
        Gauge.builder("metaroute.stream.subscribers", open, Set::size)
                .description("open connections of the public stream").register(metrics);
        Gauge.builder("metaroute.stream.held.max", open, s -> s.stream().mapToInt(held).max().orElse(0))
                .description("the most messages one connection holds: waiting replies and updates, and those sent but not yet read")
                .register(metrics);
        for (String channel : Channel.NAMES) {
            gaugeOf(channel);
        }
    }

    private AtomicInteger gaugeOf(String channel) {
        return subscriptions.computeIfAbsent(channel, c -> {
            var n = new AtomicInteger();
            Gauge.builder("metaroute.stream.subscriptions", n, AtomicInteger::get).tag("channel", c)
                    .description("subscriptions of the public stream").register(metrics);
            return n;
        });
    }

    private Counter counter(String name, String tag, String value) {
        return counters.computeIfAbsent(name + '|' + tag + '|' + value, k -> Counter.builder(name).tag(tag, value).register(metrics));
    }

    void subscribed(String channel) {
        gaugeOf(channel).incrementAndGet();
    }

    void unsubscribed(String channel) {
        gaugeOf(channel).decrementAndGet();
    }

    void sent(String channel) {
        counter("metaroute.stream.updates.sent", "channel", channel).increment();
    }

    void offered(String channel, Outbox.Offer outcome) {
        switch (outcome) {
            case CONFLATED -> counter("metaroute.stream.updates.conflated", "channel", channel).increment();
            case DROPPED -> counter("metaroute.stream.updates.dropped", "channel", channel).increment();
            default -> {
            }
        }
    }

    void refused(String kind, String field, String detail) {
        counter("metaroute.stream.refused", "kind", kind).increment();
        log.debug("stream: refused {} at {}: {}", kind, field, detail);
    }

    /** A connection the server closed: {@code not_reading} (nothing read for the unread timeout), {@code replies_unread}. */
    void closed(String reason, String detail) {
        counter("metaroute.stream.closed", "reason", reason).increment();
        log.debug("stream: connection closed ({}): {}", reason, detail);
    }
}
