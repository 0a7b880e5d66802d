package io.metaroute.execution.observe;

import io.metaroute.core.chain.ChainId;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What execution does, as named events: a log line and a metric each. */
public final class ExecutionEvents {
    private static final Logger log = LoggerFactory.getLogger(ExecutionEvents.class);
    private final MeterRegistry metrics;

    public ExecutionEvents(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    public static ExecutionEvents noMetrics() {
        return new ExecutionEvents(new SimpleMeterRegistry());
    }

    public void simulationRejected(ChainId chain, String reason) {
        log.info("chain {}: settler refused fill in simulation: {}", chain, reason);
        metrics.counter("metaroute.execution.rejected", Tags.of("chain", chain.toString(), "reason", reason)).increment();
    }

    public void submitted(ChainId chain, String txHash) {
        log.info("chain {}: fill submitted {}", chain, txHash);
        metrics.counter("metaroute.execution.submitted", Tags.of("chain", chain.toString())).increment();
    }

    public void filled(ChainId chain, String txHash, BigInteger amountOut) {
        log.info("chain {}: fill {} paid {}", chain, txHash, amountOut);
        metrics.counter("metaroute.execution.filled", Tags.of("chain", chain.toString())).increment();
    }

    public void reverted(ChainId chain, String txHash) {
        log.warn("chain {}: fill {} reverted", chain, txHash);
        metrics.counter("metaroute.execution.reverted", Tags.of("chain", chain.toString())).increment();
    }
}
