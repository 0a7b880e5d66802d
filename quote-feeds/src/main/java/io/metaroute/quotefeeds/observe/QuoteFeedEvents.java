package io.metaroute.quotefeeds.observe;

import io.metaroute.core.chain.ChainId;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the quote feeds do, as named events: one log line and one metric each. */
public final class QuoteFeedEvents {
    private static final Logger log = LoggerFactory.getLogger(QuoteFeedEvents.class);
    private final MeterRegistry metrics;
    private final Set<ChainId> firstLoads = ConcurrentHashMap.newKeySet();

    public QuoteFeedEvents(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    public static QuoteFeedEvents noMetrics() {
        return new QuoteFeedEvents(new SimpleMeterRegistry());
    }

    /**
     * A full read of a rollup's pools. The first per chain is news (INFO); the periodic re-reads
     * after it are routine (DEBUG), counted in {@code metaroute.feeds.loads} and timed in
     * {@code metaroute.feeds.load.duration}.
     */
    public void poolsLoaded(ChainId chain, int pools, long block, Duration took) {
        if (firstLoads.add(chain)) {
            log.info("chain {}: first read of {} pools at block {} in {} ms", chain, pools, block, took.toMillis());
        } else {
            log.debug("chain {}: loaded reserves of {} pools at block {} in {} ms", chain, pools, block, took.toMillis());
        }
        Tags tags = Tags.of("chain", chain.toString());
        metrics.counter("metaroute.feeds.loads", tags).increment();
        metrics.timer("metaroute.feeds.load.duration", tags).record(took);
    }

    public void syncApplied(ChainId chain) {
        metrics.counter("metaroute.feeds.sync.applied", Tags.of("chain", chain.toString())).increment();
    }

    public void subscriptionLost(ChainId chain, Throwable cause) {
        log.warn("chain {}: pool event subscription lost, reconnecting: {}", chain, cause.toString());
        metrics.counter("metaroute.feeds.subscription.lost", Tags.of("chain", chain.toString())).increment();
    }
}
