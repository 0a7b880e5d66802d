package io.metaroute.quotefeeds.observe;

import io.metaroute.core.chain.ChainId;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the quote feeds do, as named events: one log line and one metric each. */
public final class QuoteFeedEvents {
    private static final Logger log = LoggerFactory.getLogger(QuoteFeedEvents.class);
    private final MeterRegistry metrics;

    public QuoteFeedEvents(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    public static QuoteFeedEvents noMetrics() {
        return new QuoteFeedEvents(new SimpleMeterRegistry());
    }

    public void poolsLoaded(ChainId chain, int pools, long block) {
        log.info("chain {}: loaded reserves of {} pools at block {}", chain, pools, block);
        metrics.counter("metaroute.feeds.loads", Tags.of("chain", chain.toString())).increment();
    }

    public void syncApplied(ChainId chain) {
        metrics.counter("metaroute.feeds.sync.applied", Tags.of("chain", chain.toString())).increment();
    }

    public void subscriptionLost(ChainId chain, Throwable cause) {
        log.warn("chain {}: pool event subscription lost, reconnecting: {}", chain, cause.toString());
        metrics.counter("metaroute.feeds.subscription.lost", Tags.of("chain", chain.toString())).increment();
    }
}
