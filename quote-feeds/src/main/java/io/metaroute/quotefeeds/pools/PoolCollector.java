package io.metaroute.quotefeeds.pools;

import io.metaroute.core.chain.Address;
import io.metaroute.core.network.PoolRef;
import io.metaroute.core.network.Rollup;
import io.metaroute.core.pool.PoolState;
import io.metaroute.quotefeeds.market.ChainPosition;
import io.metaroute.quotefeeds.market.MarketStore;
import io.metaroute.quotefeeds.observe.QuoteFeedEvents;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.websocket.WebSocketService;
import org.web3j.protocol.websocket.events.Log;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Keeps one rollup's pools current in the {@link MarketStore}: reads every pool's reserves at a
 * block, follows {@code Sync(uint112,uint112)} logs over a WebSocket subscription, and re-reads
 * everything every {@code resyncEvery} so that a gap (reconnect, missed log) heals by itself.
 * Without a WebSocket URL the periodic read alone keeps the picture current.
 */
public final class PoolCollector {
    /** keccak256("Sync(uint112,uint112)"). */
    public static final String SYNC_TOPIC = "0x1c411e9a96e071241c2f21f7726b17ae89e3cab4c78be50e062b03a9fffbbad1";

    private final Rollup rollup;
    private final PoolReader reader;
    private final MarketStore store;
    private final QuoteFeedEvents events;
    private final Duration resyncEvery;
    private final Map<Address, PoolRef> pools;

    public PoolCollector(Rollup rollup, Web3j http, MarketStore store, QuoteFeedEvents events, Duration resyncEvery) {
        this.rollup = rollup;
        this.reader = new PoolReader(rollup, http);
        this.store = store;
        this.events = events;
        this.resyncEvery = resyncEvery;
        this.pools = rollup.pools().stream().collect(Collectors.toMap(PoolRef::address, Function.identity()));
    }

    /** Reads every pool once at the latest block and applies it. */
    public Mono<Void> loadOnce() {
        return Mono.defer(() -> {
            long started = System.nanoTime();
            return reader.latestBlock()
                    .flatMap(block -> reader.readAll(block).doOnNext(states -> {
                        states.forEach(s -> store.apply(s, ChainPosition.endOfBlock(block)));
                        store.confirm(rollup.chainId());
                        events.poolsLoaded(rollup.chainId(), states.size(), block, Duration.ofNanos(System.nanoTime() - started));
                    }));
        }).then();
    }

    /** Loads once, then follows the chain until disposed, reconnecting with backoff on failure. */
    public Disposable start() {
        return loadOnce().thenMany(follow()).subscribe();
    }

    /** The live loop: Sync logs (when there is a WebSocket) merged with periodic full reads. */
    public Flux<Void> follow() {
        Flux<Void> resync = Flux.interval(Duration.ofMillis(250), resyncEvery)
                .onBackpressureDrop()
                .concatMap(tick -> loadOnce());
        Flux<Void> live = rollup.wsUrl() == null ? Flux.never() : syncLogs();
        return Flux.merge(live, resync)
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200))
                        .maxBackoff(Duration.ofSeconds(5))
                        .doBeforeRetry(signal -> events.subscriptionLost(rollup.chainId(), signal.failure())));
    }

    private Flux<Void> syncLogs() {
        List<String> addresses = pools.keySet().stream().map(Address::hex).toList();
        return Flux.usingWhen(
                Mono.fromCallable(this::connect).subscribeOn(Schedulers.boundedElastic()),
                ws -> Flux.from(ws.logsNotifications(addresses, List.of(SYNC_TOPIC)))
                        .map(n -> n.getParams().getResult())
                        .doOnNext(this::applySync)
                        .then(Mono.<Void>error(new IllegalStateException("log subscription ended")))
                        .flux(),
                ws -> Mono.fromRunnable(ws::shutdown).subscribeOn(Schedulers.boundedElastic()));
    }

    private Web3j connect() throws java.net.ConnectException {
        var service = new WebSocketService(rollup.wsUrl().toString(), false);
        service.connect();
        return Web3j.build(service);
    }

    private void applySync(Log log) {
        PoolRef pool = pools.get(Address.of(log.getAddress()));
        String data = log.getData().substring(2);
        if (pool == null || data.length() < 128 || log.getBlockNumber() == null) {
            return;
        }
        long block = new BigInteger(log.getBlockNumber().substring(2), 16).longValueExact();
        long index = new BigInteger(log.getLogIndex().substring(2), 16).longValueExact();
        var state = new PoolState(rollup.chainId(), pool.address(), pool.token0(), pool.token1(),
                new BigInteger(data.substring(0, 64), 16), new BigInteger(data.substring(64, 128), 16), block);
        if (store.apply(state, new ChainPosition(block, index))) {
            events.syncApplied(rollup.chainId());
        }
    }
}
