package io.metaroute.quotefeeds.observe;

import io.metaroute.core.chain.ChainId;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the quote feeds do, as named events: one log line and one metric each. */
public final class QuoteFeedEvents {
    private static final Logger log = LoggerFactory.getLogger(QuoteFeedEvents.class);
    private final MeterRegistry metrics;
    private final Set<ChainId> firstLoads = ConcurrentHashMap.newKeySet();
    private final Set<ChainId> firstGas = ConcurrentHashMap.newKeySet();
    /** Gauge values by name and chain, as the bits of a double. */
    private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();

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

    /**
     * A new gas reading of a rollup: the first per chain at INFO, the rest at DEBUG; the base and
     * priority fee as gauges {@code metaroute.feeds.gas.base-fee} / {@code metaroute.feeds.gas.priority-fee}
     * (wei), readings counted in {@code metaroute.feeds.gas.updates}.
     */
    public void gasObserved(ChainId chain, BigInteger baseFeeWei, BigInteger priorityFeeWei, long block) {
        if (firstGas.add(chain)) {
            log.info("chain {}: gas base fee {} wei, priority fee {} wei at block {}", chain, baseFeeWei, priorityFeeWei, block);
        } else {
            log.debug("chain {}: gas base fee {} wei, priority fee {} wei at block {}", chain, baseFeeWei, priorityFeeWei, block);
        }
        gauge("metaroute.feeds.gas.base-fee", chain, baseFeeWei.doubleValue());
        gauge("metaroute.feeds.gas.priority-fee", chain, priorityFeeWei.doubleValue());
        gauge("metaroute.feeds.gas.fresh", chain, 1);
        metrics.counter("metaroute.feeds.gas.updates", Tags.of("chain", chain.toString())).increment();
    }

    /** No gas reading of a rollup for {@code silentFor}: the router falls back to the network file's price. */
    public void gasStale(ChainId chain, Duration silentFor) {
        log.warn("chain {}: no gas reading for {} ms, pricing gas from the network file until readings resume",
                chain, silentFor.toMillis());
        gauge("metaroute.feeds.gas.fresh", chain, 0);
        metrics.counter("metaroute.feeds.gas.stale", Tags.of("chain", chain.toString())).increment();
    }

    /** Gas readings of a rollup resumed after it went stale. */
    public void gasRecovered(ChainId chain) {
        log.info("chain {}: gas readings resumed", chain);
        gauge("metaroute.feeds.gas.fresh", chain, 1);
    }

    public void gasSubscriptionLost(ChainId chain, Throwable cause) {
        log.warn("chain {}: gas feed lost, reconnecting: {}", chain, cause.toString());
        metrics.counter("metaroute.feeds.gas.subscription.lost", Tags.of("chain", chain.toString())).increment();
    }

    private void gauge(String name, ChainId chain, double value) {
        AtomicLong bits = gauges.computeIfAbsent(name + "|" + chain, key -> {
            var holder = new AtomicLong(Double.doubleToLongBits(Double.NaN));
            metrics.gauge(name, Tags.of("chain", chain.toString()), holder, h -> Double.longBitsToDouble(h.get()));
            return holder;
        });
        bits.set(Double.doubleToLongBits(value));
    }
}
