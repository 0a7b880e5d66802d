package io.metaroute.api.config;

import io.metaroute.api.config.NetworkConfig.NetworkContext;
import io.metaroute.api.intents.CrossOrderIntake;
import io.metaroute.api.persistence.CrossOrderRepository;
import io.metaroute.api.persistence.IntentRepository;
import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.execution.tx.ChainClient;
import io.metaroute.pipeline.cross.CrossSaga;
import io.metaroute.pipeline.cross.RouterFillPlanner;
import io.metaroute.pipeline.cross.SettlerCrossChains;
import io.metaroute.pipeline.wiring.SolverWiring;
import io.metaroute.quotefeeds.market.MarketStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Cross-rollup orders: their store, their intake and the saga that opens, fills, releases and
 * refunds them ({@code metaroute.cross.*}). The saga runs when execution is enabled and the network
 * has a Metalayer deployment; the relayer delivering its messages is one of the roles.
 */
@Configuration(proxyBeanMethods = false)
public class CrossConfig {
    /** The repository needs the schema migrated first, as the intents' repository does it: depend on that one. */
    @Bean
    CrossOrderRepository crossOrderRepository(DatabaseClient db, TransactionalOperator tx,
                                              org.springframework.transaction.ReactiveTransactionManager transactions,
                                              IntentRepository migrated) {
        var oneMoment = new org.springframework.transaction.support.DefaultTransactionDefinition();
        oneMoment.setIsolationLevel(org.springframework.transaction.TransactionDefinition.ISOLATION_REPEATABLE_READ);
        oneMoment.setReadOnly(true);
        return new CrossOrderRepository(db, tx, TransactionalOperator.create(transactions, oneMoment));
    }

    @Bean
    CrossOrderIntake crossOrderIntake(NetworkContext ctx, CrossOrderRepository repository, MetarouteProperties props,
                                      @Value("${metaroute.cross.fee-bps:5}") int feeBps, Clock clock) {
        return new CrossOrderIntake(ctx.network(), repository, props.intake().maxDeadline(), feeBps, clock);
    }

    @Bean
    io.metaroute.api.quotes.CrossQuotes crossQuotes(NetworkContext ctx, MarketStore market, SolverWiring wiring,
                                                    MetarouteProperties props, @Value("${metaroute.cross.fee-bps:5}") int feeBps,
                                                    @Value("${metaroute.cross.finalized-from:}") java.util.List<String> finalizedFrom,
                                                    Clock clock) {
        return new io.metaroute.api.quotes.CrossQuotes(ctx.network(), market, wiring.router(), feeBps, props.intake().maxDeadline(),
                clock, InventoryLimits.parse(ctx.network(), finalizedFrom.stream().filter(e -> !e.isBlank()).toList(),
                        "metaroute.cross.finalized-from"));
    }

    /** The solver's side of every rollup's cross settler: one for the saga and the reconciliation (one cache of fee accounts). */
    @Bean
    SettlerCrossChains settlerCrossChains(NetworkContext ctx, Map<ChainId, ChainClient> executorChains, MetarouteProperties props) {
        return new SettlerCrossChains(ctx.network(), executorChains, Address.of(ctx.executor().getAddress()),
                props.executor().receiptTimeout());
    }

    @Bean
    CrossSaga crossSaga(NetworkContext ctx, CrossOrderRepository repository, SettlerCrossChains chains,
                        SolverWiring wiring, MarketStore market, MetarouteProperties props, Clock clock,
                        @Value("${metaroute.cross.tick:250ms}") Duration tick,
                        @Value("${metaroute.cross.batch-size:32}") int batchSize,
                        @Value("${metaroute.cross.max-batch-wait:2s}") Duration maxBatchWait,
                        @Value("${metaroute.cross.fill-margin:5s}") Duration fillMargin,
                        @Value("${metaroute.cross.stuck-after:15s}") Duration stuckAfter,
                        @Value("${metaroute.cross.instant-exposure:}") java.util.List<String> instantExposure,
                        @Value("${metaroute.cross.instant-exposure-total:}") java.util.List<String> instantExposureTotal,
                        @Value("${metaroute.cross.price-risk-bps:100}") long priceRiskBps,
                        io.micrometer.core.instrument.MeterRegistry metrics) {
        var exposure = new io.metaroute.pipeline.cross.InstantExposure(InventoryLimits.parse(ctx.network(),
                instantExposure.stream().filter(e -> !e.isBlank()).toList(), "metaroute.cross.instant-exposure"),
                InventoryLimits.parsePerChain(ctx.network(), instantExposureTotal.stream().filter(e -> !e.isBlank()).toList(),
                        "metaroute.cross.instant-exposure-total"),
                (chain, token, amount) -> wiring.router().nativeValue(market.current(), chain, token, amount));
        exposure.totalLimits().forEach((chain, limit) -> {
            var tags = io.micrometer.core.instrument.Tags.of("chain", String.valueOf(chain.value()));
            io.micrometer.core.instrument.Gauge.builder("metaroute.cross.instant.exposure.total", exposure,
                            e -> e.currentTotal(chain).map(java.math.BigInteger::doubleValue).orElse(Double.NaN))
                    .description("worth of the INSTANT orders filled and not yet released on this origin, all tokens, "
                            + "in wei of its native coin at the pools' mid price (NaN while some input cannot be valued)")
                    .tags(tags).register(metrics);
            io.micrometer.core.instrument.Gauge.builder("metaroute.cross.instant.exposure.total.limit", limit,
                            java.math.BigInteger::doubleValue)
                    .tags(tags).register(metrics);
        });
        exposure.limits().forEach((k, limit) -> {
            var tags = io.micrometer.core.instrument.Tags.of("chain", String.valueOf(k.chain().value()), "token", k.token().checksummed());
            io.micrometer.core.instrument.Gauge.builder("metaroute.cross.instant.exposure", exposure,
                            e -> e.current().getOrDefault(k, java.math.BigInteger.ZERO).doubleValue())
                    .description("input of INSTANT orders filled and not yet released, per origin and token (base units)")
                    .tags(tags).register(metrics);
            io.micrometer.core.instrument.Gauge.builder("metaroute.cross.instant.exposure.limit", limit, java.math.BigInteger::doubleValue)
                    .tags(tags).register(metrics);
        });
        io.micrometer.core.instrument.FunctionCounter.builder("metaroute.cross.instant.deferred", exposure,
                        io.metaroute.pipeline.cross.InstantExposure::deferred)
                .description("times an INSTANT order waited for finality because the exposure limit was reached")
                .register(metrics);
        var planner = new RouterFillPlanner(wiring.router(), market, priceRiskBps);
        io.micrometer.core.instrument.FunctionCounter.builder("metaroute.cross.price-risk.fills", planner, RouterFillPlanner::topUps)
                .description("fills in which the solver spent more than its repayment so that the user got the signed minimum")
                .register(metrics);
        ctx.network().rollups().forEach(rollup -> rollup.tokens().forEach(token -> {
            var key = new io.metaroute.solver.routing.Inventory.Key(rollup.chainId(), token.address());
            io.micrometer.core.instrument.FunctionCounter.builder("metaroute.cross.price-risk.spent", planner,
                            p -> p.toppedUp().getOrDefault(key, java.math.BigInteger.ZERO).doubleValue())
                    .description("carried tokens spent beyond repayments to reach signed minimums, per destination and token (base units)")
                    .tags("chain", String.valueOf(rollup.chainId().value()), "token", token.address().checksummed())
                    .register(metrics);
        }));
        return new CrossSaga(repository, chains, planner,
                new CrossSaga.Settings(tick, batchSize, maxBatchWait, fillMargin, stuckAfter), clock, exposure,
                // every step of every cross order, by the status it reached: opened, filled, released, refunded, ...;
                // a transaction replaced within a step is counted apart
                (from, to) -> metrics.counter(from == to ? "metaroute.cross.updates" : "metaroute.cross.steps", "to", to.db())
                        .increment());
    }

    /** The live Metalayer fee per rollup pair; a reading counts for three refresh periods. */
    @Bean
    io.metaroute.quotefeeds.fees.MessageFeeBook messageFeeBook(Clock clock,
                                                               @Value("${metaroute.feeds.message-fees.every:5s}") Duration every) {
        return new io.metaroute.quotefeeds.fees.MessageFeeBook(every.multipliedBy(3), clock);
    }

    /** Asks every rollup's router what a settlement message to every other rollup costs, every {@code every}. */
    @Bean
    SmartLifecycle messageFeeFeed(NetworkContext ctx, Map<ChainId, ChainClient> executorChains, MetarouteProperties props,
                                  io.metaroute.quotefeeds.fees.MessageFeeBook book,
                                  @Value("${metaroute.feeds.message-fees.every:5s}") Duration every) {
        var network = ctx.network();
        var quotes = new java.util.ArrayList<reactor.core.publisher.Mono<Void>>();
        for (var from : network.rollups()) {
            for (var to : network.rollups()) {
                var fromContracts = network.metalayer().contracts(from.domain());
                var toContracts = network.metalayer().contracts(to.domain());
                if (from.equals(to) || fromContracts.isEmpty() || toContracts.isEmpty()) {
                    continue;
                }
                var executor = new io.metaroute.execution.cross.CrossExecutor(executorChains.get(from.chainId()), fromContracts.get(),
                        props.executor().receiptTimeout());
                quotes.add(executor.quoteSettle(to.domain().value(), toContracts.get().crossSettler(), to.chainId().value(), 0,
                                io.metaroute.pipeline.cross.SettlerCrossChains.SETTLE_GAS_BASE
                                        + io.metaroute.pipeline.cross.SettlerCrossChains.SETTLE_GAS_PER_ORDER)
                        .doOnNext(fee -> book.put(from.chainId(), to.chainId(), fee))
                        .onErrorResume(e -> reactor.core.publisher.Mono.empty())
                        .then());
            }
        }
        return new SmartLifecycle() {
            private reactor.core.Disposable running;

            @Override
            public void start() {
                running = reactor.core.publisher.Flux.interval(Duration.ZERO, every).onBackpressureDrop()
                        .concatMap(t -> reactor.core.publisher.Flux.merge(quotes).then(), 1).subscribe();
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

    @Bean
    CrossSagaLifecycle crossSagaLifecycle(CrossSaga saga, NetworkContext ctx, MetarouteProperties props,
                                          @Value("${metaroute.cross.enabled:true}") boolean enabled) {
        return new CrossSagaLifecycle(saga, enabled && props.execution().enabled() && ctx.network().metalayer().deployed());
    }

    /** Runs the saga while the application runs. */
    public static final class CrossSagaLifecycle implements SmartLifecycle {
        private final CrossSaga saga;
        private final boolean enabled;
        private volatile boolean running;

        CrossSagaLifecycle(CrossSaga saga, boolean enabled) {
            this.saga = saga;
            this.enabled = enabled;
        }

        /** Whether the saga runs (execution on, a Metalayer deployed, {@code metaroute.cross.enabled}). */
        public boolean enabled() {
            return enabled;
        }

        @Override
        public void start() {
            if (enabled) {
                saga.start();
            }
            running = true;
        }

        @Override
        public void stop() {
            saga.stop();
            running = false;
        }

        @Override
        public boolean isRunning() {
            return running;
        }
    }
}
