package io.metaroute.quotefeeds.observe;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.quotefeeds.rfq.FadeBook;
import io.metaroute.quotefeeds.rfq.QuoteRefused;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the market-maker RFQ does, as named events, each one log line and one metric:
 * {@code metaroute.rfq.quotes.received} (per chain), {@code .refused} (per reason),
 * {@code .used} and {@code .failed} (per maker; failed also per reason), {@code metaroute.rfq.requests}
 * (RFQ requests sent to makers), and gauges {@code metaroute.rfq.makers.connected} and
 * {@code metaroute.rfq.maker.fail-rate} (per maker, decayed, as the {@link FadeBook} ranks it).
 * Makers are tags: they are an allowlist, so their number is bounded.
 */
public final class RfqEvents {
    private static final Logger log = LoggerFactory.getLogger(RfqEvents.class);
    private final MeterRegistry metrics;
    private final FadeBook fades;
    private final AtomicInteger connected = new AtomicInteger();
    private final Set<Address> gauged = ConcurrentHashMap.newKeySet();

    public RfqEvents(MeterRegistry metrics, FadeBook fades) {
        this.metrics = metrics;
        this.fades = fades;
        Gauge.builder("metaroute.rfq.makers.connected", connected, AtomicInteger::get)
                .description("market makers logged in on the RFQ socket").register(metrics);
        for (QuoteRefused.Reason r : QuoteRefused.Reason.values()) {
            metrics.counter("metaroute.rfq.quotes.refused", "reason", r.wire());
        }
    }

    public static RfqEvents noMetrics(FadeBook fades) {
        return new RfqEvents(new SimpleMeterRegistry(), fades);
    }

    public void received(ChainId chain) {
        metrics.counter("metaroute.rfq.quotes.received", Tags.of("chain", chain.toString())).increment();
    }

    /** A quote refused: counted by reason; a maker's fault, so logged at DEBUG only. */
    public void refused(QuoteRefused.Reason reason, String detail) {
        log.debug("quote refused ({}): {}", reason.wire(), detail);
        metrics.counter("metaroute.rfq.quotes.refused", "reason", reason.wire()).increment();
    }

    public void loggedIn(Address maker) {
        log.info("market maker {} logged in on the RFQ socket", maker.checksummed());
        connected.incrementAndGet();
        gauge(maker);
    }

    public void loggedOut(Address maker) {
        log.info("market maker {} left the RFQ socket", maker.checksummed());
        connected.decrementAndGet();
    }

    /** A maker's quote settled in a fill. */
    public void used(Address maker) {
        fades.used(maker);
        gauge(maker);
        metrics.counter("metaroute.rfq.quotes.used", "maker", maker.hex()).increment();
    }

    /** A maker's quote failed at execution: its fade record counts it. */
    public void failed(Address maker, String reason) {
        fades.failed(maker);
        gauge(maker);
        var s = fades.standing(maker);
        log.warn("market maker {} failed its quote ({}); fail rate now {}{}", maker.checksummed(), reason,
                String.format(java.util.Locale.ROOT, "%.2f", s.failRate()), s.declined() ? ", its quotes are declined" : "");
        metrics.counter("metaroute.rfq.quotes.failed", "maker", maker.hex(), "reason", reason).increment();
    }

    public void requested(ChainId chain, int makers) {
        metrics.counter("metaroute.rfq.requests", Tags.of("chain", chain.toString())).increment(makers);
    }

    private void gauge(Address maker) {
        if (gauged.add(maker)) {
            Gauge.builder("metaroute.rfq.maker.fail-rate", fades, f -> f.standing(maker).failRate())
                    .tags("maker", maker.hex()).register(metrics);
        }
    }
}
