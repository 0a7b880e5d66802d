package io.metaroute.api.metalayer;

import io.metaroute.settlement.metalayer.domain.HyperlaneMessage;
import io.metaroute.settlement.metalayer.domain.OutboxEntry;
import io.metaroute.settlement.metalayer.infra.OutboxRelayer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * The relayer's events as Micrometer meters, per rollup pair (tags {@code origin}, {@code destination}
 * by domain): {@code metaroute.metalayer.deliveries} (confirmed deliveries),
 * {@code metaroute.metalayer.delivery.latency} (from the relayer seeing the Dispatch to the delivery
 * confirmed at depth), {@code metaroute.metalayer.delivery.retries} and
 * {@code metaroute.metalayer.delivery.failures} (entries given up on, with their reason in the outbox).
 */
@Component
public class MetalayerEvents {
    private final MeterRegistry meters;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    public MetalayerEvents(MeterRegistry meters) {
        this.meters = meters;
    }

    public OutboxRelayer.Listener relayerListener() {
        return new OutboxRelayer.Listener() {
            @Override
            public void queued(HyperlaneMessage message) {
                counter("metaroute.metalayer.dispatches.seen", "Dispatch events the relayer took into its outbox", message).increment();
            }

            @Override
            public void delivered(OutboxEntry entry, Duration sinceDispatch) {
                delivered.incrementAndGet();
                counter("metaroute.metalayer.deliveries", "messages this relayer delivered (confirmed at depth)", entry.message())
                        .increment();
                Timer.builder("metaroute.metalayer.delivery.latency").description("from the Dispatch seen to the delivery confirmed")
                        .tags(pair(entry.message())).publishPercentiles(0.5, 0.99).register(meters).record(sinceDispatch);
            }

            @Override
            public void retried(OutboxEntry entry, String reason) {
                counter("metaroute.metalayer.delivery.retries", "delivery attempts that failed or were undone by a reorg",
                        entry.message()).increment();
            }

            @Override
            public void failed(OutboxEntry entry, String reason) {
                failed.incrementAndGet();
                counter("metaroute.metalayer.delivery.failures", "messages given up on (reason in the outbox)", entry.message())
                        .increment();
            }
        };
    }

    public long delivered() {
        return delivered.get();
    }

    public long failed() {
        return failed.get();
    }

    private Counter counter(String name, String description, HyperlaneMessage m) {
        return Counter.builder(name).description(description).tags(pair(m)).register(meters);
    }

    static String[] pair(HyperlaneMessage m) {
        return new String[] {"origin", Long.toString(m.origin().value()), "destination", Long.toString(m.destination().value())};
    }
}
