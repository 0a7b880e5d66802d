package io.metaroute.api.config;

import io.metaroute.api.config.NetworkConfig.NetworkContext;
import io.metaroute.api.persistence.CrossOrderRepository;
import io.metaroute.pipeline.cross.CrossReconciler;
import io.metaroute.pipeline.cross.SettlerCrossChains;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The cross-rollup ledger's reconciliation against the chain, every
 * {@code metaroute.cross.reconcile-every} (10 s) while the cross saga runs: its result is in
 * {@code /actuator/health} ({@code crossLedger}) and in the metrics {@code metaroute.cross.ledger.*}.
 */
@Configuration(proxyBeanMethods = false)
public class CrossLedgerConfig {
    private static final Logger log = LoggerFactory.getLogger(CrossLedgerConfig.class);

    @Bean
    CrossReconciler crossReconciler(NetworkContext ctx, CrossOrderRepository repository, SettlerCrossChains chains, Clock clock,
                                    MeterRegistry metrics) {
        var reconciler = new CrossReconciler(repository, chains, ctx.network(), clock);
        Gauge.builder("metaroute.cross.ledger.differences", reconciler, r -> r.last().map(x -> x.differences().size()).orElse(0))
                .description("holdings whose on-chain balance two reconciliations in a row found different from the ledger")
                .register(metrics);
        Gauge.builder("metaroute.cross.ledger.holdings", reconciler, r -> r.last().map(CrossReconciler.Report::holdings).orElse(0))
                .description("holdings (settler escrow and fee accounts, per rollup and token) the last reconciliation compared")
                .register(metrics);
        return reconciler;
    }

    @Bean
    SmartLifecycle crossReconciliation(CrossReconciler reconciler, CrossConfig.CrossSagaLifecycle saga, MeterRegistry metrics,
                                       @Value("${metaroute.cross.reconcile-every:10s}") Duration every) {
        return new SmartLifecycle() {
            private Disposable running;

            @Override
            public void start() {
                if (!saga.enabled()) {
                    return;
                }
                running = Flux.interval(every, every).onBackpressureDrop()
                        .concatMap(t -> reconciler.reconcile()
                                .doOnNext(r -> {
                                    metrics.counter("metaroute.cross.ledger.runs", "outcome", r.balanced() ? "balanced" : "difference")
                                            .increment();
                                    if (!r.balanced()) {
                                        log.error("cross ledger does not reconcile: {}", r.differences());
                                    }
                                })
                                .onErrorResume(e -> {
                                    metrics.counter("metaroute.cross.ledger.runs", "outcome", "failed").increment();
                                    log.warn("cross ledger reconciliation failed, tried again in {}: {}", every, e.toString());
                                    return Mono.empty();
                                }), 1)
                        .subscribe();
            }

            @Override
            public void stop() {
                if (running != null) {
                    running.dispose();
                }
            }

            @Override
            public boolean isRunning() {
                return running != null && !running.isDisposed();
            }
        };
    }
}
