package io.metaroute.api.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaroute.api.config.NetworkConfig.NetworkContext;
import io.metaroute.api.intents.IntentIntake;
import io.metaroute.api.intents.JsonRouteRecords;
import io.metaroute.pipeline.port.ExecutorChain;
import io.metaroute.pipeline.port.FillChain;
import io.metaroute.pipeline.single.IntentProcessor;
import io.metaroute.pipeline.wiring.SolverInventory;
import io.metaroute.pipeline.wiring.SolverWiring;
import io.metaroute.api.persistence.IntentRepository;
import io.metaroute.api.quotes.QuoteService;
import io.metaroute.api.quotes.QuoteStreamHandler;
import io.metaroute.solver.streaming.StandingQuote;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.network.Rollup;
import io.metaroute.execution.fill.FillExecutor;
import io.metaroute.execution.observe.ExecutionEvents;
import io.metaroute.execution.tx.ChainClient;
import io.metaroute.quotefeeds.gas.domain.GasBook;
import io.metaroute.quotefeeds.gas.infra.GasCollector;
import io.metaroute.quotefeeds.health.domain.FeedHealthBook;
import io.metaroute.quotefeeds.market.MarketStore;
import io.metaroute.quotefeeds.observe.QuoteFeedEvents;
import io.metaroute.settlement.fill.FillVerifier;
import io.metaroute.pipeline.single.BatchRouting;
import io.metaroute.solver.batch.BatchSettings;
import io.metaroute.solver.routing.Router;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.beans.factory.annotation.Qualifier;
import org.web3j.protocol.Web3j;
import reactor.core.scheduler.Scheduler;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/** Wires the modules together: feeds → market store → solver → execution → settlement. */
@Configuration(proxyBeanMethods = false)
public class ServiceConfig {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    MarketStore marketStore() {
        return new MarketStore();
    }

    /**
     * The one wiring of router, batch candidates, gas and inventory ({@link SolverWiring}, the batch
     * benchmark's too); a rollup's market counts as fresh while its collector confirms it by full reads,
     * and routes avoid a rollup while its feed health is not up.
     */
    @Bean
    SolverWiring solverWiring(NetworkContext ctx, MarketStore store, Clock clock, MetarouteProperties props,
                              SolverInventory inventory, GasBook gas, io.metaroute.quotefeeds.fees.MessageFeeBook messageFees,
                              FeedHealthBook feedHealth, io.metaroute.solver.routing.FirmQuotes firmQuotes,
                              @org.springframework.beans.factory.annotation.Value("${metaroute.router.max-legs:32}") int maxLegs) {
        var batch = props.batch();
        var settings = batch == null ? BatchSettings.defaults()
                : new BatchSettings(batch.window(), batch.maxSize(), batch.spentLimit(), batch.unimprovedLimit());
        return new SolverWiring(ctx.network(), SolverWiring.Settings.service(maxLegs, settings, batch != null && batch.matching()),
                inventory, clock, FeedsConfig.freshness(store, feedHealth), new io.metaroute.solver.routing.GasPrices() {
                    @Override
                    public java.util.Optional<java.math.BigInteger> gasPriceWei(ChainId chain) {
                        return gas.gasPriceWei(chain);
                    }

                    @Override
                    public java.util.Optional<java.math.BigInteger> messageFeeWei(ChainId dispatchedOn, ChainId settledOn) {
                        return messageFees.feeWei(dispatchedOn, settledOn);
                    }
                }, firmQuotes);
    }

    /**
     * The live gas price of every rollup, stale after {@code metaroute.feeds.gas.stale-after-blocks}
     * block times without a reading; with {@code metaroute.feeds.gas.enabled=false} it stays empty
     * and the router prices gas from the network file.
     */
    @Bean
    GasBook gasBook(NetworkContext ctx, Clock clock,
                    @org.springframework.beans.factory.annotation.Value("${metaroute.feeds.gas.stale-after-blocks:10}") int staleAfterBlocks) {
        return GasBook.of(ctx.network(), staleAfterBlocks, clock);
    }

    /** One gas collector per rollup, started with the application and stopped on shutdown. */
    @Bean
    SmartLifecycle gasFeeds(NetworkContext ctx, Map<ChainId, Web3j> rpc, GasBook book, MeterRegistry metrics, Clock clock,
                            @org.springframework.beans.factory.annotation.Value("${metaroute.feeds.gas.enabled:true}") boolean enabled,
                            @org.springframework.beans.factory.annotation.Value("${metaroute.feeds.gas.websocket:true}") boolean webSocket) {
        if (!enabled) {
            return new Running(() -> null);
        }
        var events = new QuoteFeedEvents(metrics);
        List<GasCollector> collectors = ctx.network().rollups().stream()
                .map(r -> new GasCollector(r, rpc.get(r.chainId()), book, events, clock, webSocket))
                .toList();
        return new Running(() -> {
            // a first reading before the service answers, where the node answers at once; the collectors retry the rest
            Flux.fromIterable(collectors).flatMap(c -> c.loadOnce().onErrorResume(e -> reactor.core.publisher.Mono.empty()))
                    .then().block(Duration.ofSeconds(10));
            reactor.core.Disposable.Composite running = reactor.core.Disposables.composite(
                    collectors.stream().map(GasCollector::start).toList());
            return running::dispose;
        });
    }

    /** The optimal router, as the wiring builds it. */
    @Bean
    Router router(SolverWiring wiring) {
        return wiring.router();
    }

    /**
     * The solver's inventory: configured limits, bounded by the executor's balances on chain. On the
     * embedded devnet with none configured, all the executor holds of every token (the devnet funds it).
     */
    @Bean
    SolverInventory solverInventory(NetworkContext ctx, MetarouteProperties props, NetworkConfig.EmbeddedDevnet embedded,
                                    Map<ChainId, io.metaroute.execution.fill.WalletFunds> walletFunds) {
        var limits = InventoryLimits.parse(ctx.network(), props.inventory() == null ? List.of() : props.inventory().limits());
        if (limits.isEmpty() && embedded.devnet() != null) {
            limits = InventoryLimits.everything(ctx.network());
        }
        if (limits.isEmpty()) {
            return SolverInventory.none();
        }
        var executor = io.metaroute.core.chain.Address.of(ctx.executor().getAddress());
        return new SolverInventory(limits, (chain, token) -> walletFunds.get(chain).of(executor, token)
                .map(io.metaroute.execution.fill.WalletFunds.Funds::balance));
    }

    /** Re-reads the inventory's balances while the application runs (nothing to do when none is configured). */
    @Bean
    SmartLifecycle inventoryRefresh(SolverInventory inventory, MetarouteProperties props) {
        if (!inventory.configured()) {
            return new Running(() -> null);
        }
        Duration every = props.inventory().refreshEvery();
        return new Running(() -> {
            Disposable refreshing = Flux.interval(Duration.ZERO, every).onBackpressureDrop()
                    .concatMap(tick -> inventory.refresh())
                    .subscribe();
            return refreshing::dispose;
        });
    }

    /** A lifecycle whose start returns how to stop (or null when there is nothing to run). */
    static final class Running implements SmartLifecycle {
        private final java.util.function.Supplier<Runnable> starter;
        private Runnable stopper;
        private volatile boolean running;

        Running(java.util.function.Supplier<Runnable> starter) {
            this.starter = starter;
        }

        @Override
        public void start() {
            stopper = starter.get();
            running = true;
        }

        @Override
        public void stop() {
            if (stopper != null) {
                stopper.run();
            }
            running = false;
        }

        @Override
        public boolean isRunning() {
            return running;
        }
    }

    /** The executor's client per rollup: one nonce counter per rollup for every transaction it sends, same-rollup or cross. */
    @Bean
    Map<ChainId, ChainClient> executorChains(NetworkContext ctx, Map<ChainId, Web3j> rpc, MetarouteProperties props,
                                            RpcProperties rpcPolicy) {
        return ctx.network().rollups().stream().collect(Collectors.toUnmodifiableMap(Rollup::chainId, r -> new ChainClient(
                r.chainId(), rpc.get(r.chainId()), ctx.executor(), props.executor().receiptPoll(), rpcPolicy.policy())));
    }

    @Bean
    Map<ChainId, FillExecutor> fillExecutors(NetworkContext ctx, Map<ChainId, ChainClient> executorChains, MeterRegistry metrics,
                                             MetarouteProperties props) {
        var events = new ExecutionEvents(metrics);
        return ctx.network().rollups().stream().collect(Collectors.toUnmodifiableMap(Rollup::chainId, r -> new FillExecutor(
                executorChains.get(r.chainId()), r.settler(), events, props.executor().receiptTimeout())));
    }

    @Bean
    QuoteService quoteService(NetworkContext ctx, MarketStore store, Router finder, MetarouteProperties props, Clock clock,
                              io.metaroute.quotefeeds.rfq.RfqHub rfq) {
        return new QuoteService(ctx.network(), store, finder, props.intake().maxDeadline(), clock,
                r -> rfq.ask(r.chain(), r.tokenIn(), r.tokenOut(), r.amountIn()));
    }

    /** WebSocket quote streams: {@code /v1/quotes/stream}. */
    @Bean
    org.springframework.web.reactive.HandlerMapping quoteStreamMapping(QuoteService quotes, MarketStore store, Router finder,
                                                                      ObjectMapper json,
                                                                      @Qualifier(SolverSchedulerConfig.SOLVER) Scheduler solver,
                                                                      @org.springframework.beans.factory.annotation.Value("${metaroute.stream.solve-every:20ms}") Duration solveEvery) {
        var handler = new QuoteStreamHandler(quotes, store, new StandingQuote(finder, solver, solveEvery), json);
        return new org.springframework.web.reactive.handler.SimpleUrlHandlerMapping(Map.of("/v1/quotes/stream", handler), -1);
    }

    @Bean
    IntentIntake intentIntake(NetworkContext ctx, IntentRepository repository, MetarouteProperties props, Clock clock,
                              Map<ChainId, io.metaroute.execution.fill.WalletFunds> walletFunds) {
        return new IntentIntake(ctx.network(), repository, props.intake(), clock, walletFunds);
    }

    @Bean
    IntentProcessor intentProcessor(IntentRepository repository, MarketStore store, SolverWiring wiring,
                                    Map<ChainId, FillExecutor> executors, ObjectMapper json, Clock clock,
                                    MetarouteProperties props, SolverProperties solving, FeedHealthBook health,
                                    io.metaroute.pipeline.port.QuoteOutcomes quoteOutcomes,
                                    @Qualifier(SolverSchedulerConfig.SOLVER) Scheduler solver) {
        Map<ChainId, FillChain> chains = executors.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> new ExecutorChain(e.getValue())));
        return new IntentProcessor(repository, store, wiring.router(),
                batchRouting(wiring, store, health, props.batch(), clock, solving.batchTimeout(), solver),
                chains, new FillVerifier(), new JsonRouteRecords(json), clock, solver, quoteOutcomes);
    }

    /** Null when batch routing is off. */
    private static BatchRouting batchRouting(SolverWiring wiring, MarketStore store, FeedHealthBook health,
                                             MetarouteProperties.Batch batch, Clock clock, Duration timeout, Scheduler solver) {
        if (batch == null || !batch.enabled()) {
            return null;
        }
        return new BatchRouting(wiring.batchSolver(() -> health.routable(store.current())), wiring.settings().batch(),
                batch.maxWindows(), timeout, clock, solver);
    }

    @Bean
    ProcessorLifecycle processorLifecycle(IntentProcessor processor, MetarouteProperties props) {
        return new ProcessorLifecycle(processor, props.execution());
    }

    /** Starts the intent pipeline and resumes what a previous process left unfinished. */
    public static final class ProcessorLifecycle implements SmartLifecycle {
        private final IntentProcessor processor;
        private final MetarouteProperties.Execution execution;
        private volatile boolean running;

        ProcessorLifecycle(IntentProcessor processor, MetarouteProperties.Execution execution) {
            this.processor = processor;
            this.execution = execution;
        }

        @Override
        public void start() {
            if (execution.enabled()) {
                processor.start(execution.concurrency());
                processor.recover().subscribe();
            }
            running = true;
        }

        @Override
        public void stop() {
            processor.stop();
            running = false;
        }

        @Override
        public boolean isRunning() {
            return running;
        }
    }
}
