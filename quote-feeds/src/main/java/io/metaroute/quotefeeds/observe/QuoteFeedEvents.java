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
        syncApplied(chain, null);
    }

    /**
     * A pool's reserves changed by a {@code Sync} log: counted in {@code metaroute.feeds.sync.applied}
     * (its rate is the updates per second); with the time of its block, the lag from that block's
     * timestamp to now in {@code metaroute.feeds.event.lag}.
     */
    public void syncApplied(ChainId chain, java.time.Instant blockTime) {
        Tags tags = Tags.of("chain", chain.toString());
        metrics.counter("metaroute.feeds.sync.applied", tags).increment();
        if (blockTime != null) {
            metrics.timer("metaroute.feeds.event.lag", tags.and("event", "sync")).record(lagSince(blockTime));
        }
    }

    /**
     * A block the pool feed followed: its number as the gauge {@code metaroute.feeds.head.block}, the lag
     * from its timestamp (whole seconds on anvil) to now in {@code metaroute.feeds.event.lag} ({@code event=head}).
     */
    public void headFollowed(ChainId chain, long block, java.time.Instant blockTime) {
        gauge("metaroute.feeds.head.block", chain, block);
        metrics.timer("metaroute.feeds.event.lag", Tags.of("chain", chain.toString(), "event", "head")).record(lagSince(blockTime));
    }

    private static Duration lagSince(java.time.Instant blockTime) {
        Duration lag = Duration.between(blockTime, java.time.Instant.now());
        return lag.isNegative() ? Duration.ZERO : lag;
    }

    /**
     * A reorganisation replaced {@code depth} blocks above {@code forkPoint}: the pools were rolled back to
     * that block and the new chain's logs up to {@code head} re-applied. Counted in {@code metaroute.feeds.reorgs},
     * depths in {@code metaroute.feeds.reorg.depth}.
     */
    public void reorgRolledBack(ChainId chain, long depth, long forkPoint, long head, Duration took) {
        log.warn("chain {}: reorganisation replaced {} block(s) above {}; pools rolled back to it and re-applied up to block {} in {} ms",
                chain, depth, forkPoint, head, took.toMillis());
        Tags tags = Tags.of("chain", chain.toString());
        metrics.counter("metaroute.feeds.reorgs", tags).increment();
        metrics.summary("metaroute.feeds.reorg.depth", tags).record(depth);
    }

    /** How the pool feed follows the rollup now (WEBSOCKET or POLLING), as the gauge {@code metaroute.feeds.websocket} (1/0). */
    public void feedMode(ChainId chain, String mode) {
        log.info("chain {}: pool feed follows the chain by {}", chain, mode.toLowerCase());
        gauge("metaroute.feeds.websocket", chain, "WEBSOCKET".equals(mode) ? 1 : 0);
    }

    /** A call of the pool feed failed (the rollup counts as down until its next block): {@code metaroute.feeds.failures}. */
    public void feedFailed(ChainId chain, Throwable cause) {
        log.debug("chain {}: pool feed call failed: {}", chain, cause.toString());
        metrics.counter("metaroute.feeds.failures", Tags.of("chain", chain.toString())).increment();
    }

    /**
     * The rollup's pool feed health, checked once per block time: the gauge {@code metaroute.feeds.rollup.up}
     * (1 while routes may use it, else 0); a change of state is logged once.
     */
    public void rollupHealth(ChainId chain, String was, String now, boolean routable, String reason) {
        gauge("metaroute.feeds.rollup.up", chain, routable ? 1 : 0);
        if (was.equals(now)) {
            return;
        }
        if (routable) {
            log.info("chain {}: rollup {} (was {}): routes use it again", chain, now, was);
        } else {
            log.warn("chain {}: rollup {} (was {}), routes avoid it: {}", chain, now, was, reason);
            metrics.counter("metaroute.feeds.rollup.unhealthy", Tags.of("chain", chain.toString(), "state", now)).increment();
        }
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
