package io.metaroute.quotefeeds.pools;

import io.metaroute.core.chain.Address;
import io.metaroute.core.network.Network;
import io.metaroute.core.network.PoolRef;
import io.metaroute.core.network.Rollup;
import io.metaroute.core.pool.PoolState;
import io.metaroute.quotefeeds.chain.domain.BlockHead;
import io.metaroute.quotefeeds.chain.domain.BlockTrail;
import io.metaroute.quotefeeds.chain.infra.ChainRpc;
import io.metaroute.quotefeeds.chain.infra.WsConnection;
import io.metaroute.quotefeeds.health.domain.FeedHealthBook;
import io.metaroute.quotefeeds.health.domain.FeedMode;
import io.metaroute.quotefeeds.health.domain.RollupHealth;
import io.metaroute.quotefeeds.market.ChainPosition;
import io.metaroute.quotefeeds.market.PoolUpdate;
import io.metaroute.quotefeeds.market.MarketStore;
import io.metaroute.quotefeeds.observe.QuoteFeedEvents;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.websocket.WebSocketService;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Keeps one rollup's pools current in the {@link MarketStore} and its freshness in the
 * {@link FeedHealthBook}. It follows {@code newHeads} and the pairs' {@code Sync} logs over the
 * rollup's WebSocket; without one, or while it is down or silent (nothing for
 * {@link Settings#silenceAfter}), it polls the latest block and its logs over HTTP once per block
 * time, and reconnects with jittered exponential backoff meanwhile. Every pool is also re-read in
 * full every {@link Settings#resyncEvery}, so a missed log heals by itself.
 *
 * <p>Reorganisations: the collector keeps the recent block hashes ({@link BlockTrail}). A head that
 * does not follow the tip, or a log the node marks {@code removed}, makes it walk the node's
 * canonical chain back to the newest block both chains share (the fork point), roll every pool back
 * to its reserves at that block, and re-apply the new chain's {@code Sync} logs after it.
 *
 * <p>Everything that changes the collector's picture runs in one serial loop per rollup, so a full
 * read, a log and a reorganisation never interleave.
 */
public final class PoolCollector {
    /** keccak256("Sync(uint112,uint112)"). */
    public static final String SYNC_TOPIC = SyncLogs.SYNC_TOPIC;
    /** The most blocks of logs one poll reads; a longer gap is bridged by a full read. */
    static final int MAX_LOG_RANGE = 1_000;

    /**
     * @param resyncEvery  how often every pool is re-read in full
     * @param webSocket    whether to follow the rollup's WebSocket where it has one (false: always poll)
     * @param silenceAfter a WebSocket that delivers nothing for this long counts as lost: poll and reconnect
     * @param trailDepth   how many recent block hashes to keep (the deepest reorganisation rolled back by logs)
     * @param rpcTimeout   how long one JSON-RPC call may take
     */
    public record Settings(Duration resyncEvery, boolean webSocket, Duration silenceAfter, int trailDepth, Duration rpcTimeout) {
        /** Silent after {@code silenceAfterBlocks} block times (at least one second), 64 blocks of trail, 5 s calls. */
        public static Settings of(Rollup rollup, Duration resyncEvery, boolean webSocket, int silenceAfterBlocks) {
            Duration silence = blockTime(rollup).multipliedBy(silenceAfterBlocks);
            return new Settings(resyncEvery, webSocket, silence.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : silence,
                    64, Duration.ofSeconds(5));
        }
    }

    private final Rollup rollup;
    private final PoolReader reader;
    private final ChainRpc rpc;
    private final SyncLogs logs;
    private final MarketStore store;
    private final FeedHealthBook health;
    private final QuoteFeedEvents events;
    private final Settings settings;
    private final Map<Address, PoolRef> pools;
    private final BlockTrail trail;
    private final AtomicReference<FeedMode> mode = new AtomicReference<>(FeedMode.NONE);
    /** The newest block whose Sync logs are applied (loop state). */
    private long logsThrough = -1;
    /** The lowest block with a log set aside because the trail held another block there (loop state). */
    private long refetchFrom = Long.MAX_VALUE;
    /** The health state last reported (guarded by this). */
    private RollupHealth.State reported = RollupHealth.State.UNKNOWN;

    /** Follows the WebSocket where there is one; silent after 5 block times; freshness in a book of its own. */
    public PoolCollector(Rollup rollup, Web3j http, MarketStore store, QuoteFeedEvents events, Duration resyncEvery) {
        this(rollup, http, store, FeedHealthBook.of(new Network(List.of(rollup)), 10, Clock.systemUTC()), events,
                Settings.of(rollup, resyncEvery, true, 5));
    }

    public PoolCollector(Rollup rollup, Web3j http, MarketStore store, FeedHealthBook health, QuoteFeedEvents events,
                         Settings settings) {
        this.rollup = rollup;
        this.reader = new PoolReader(rollup, http);
        this.rpc = new ChainRpc(rollup, http, settings.rpcTimeout());
        this.store = store;
        this.health = health;
        this.events = events;
        this.settings = settings;
        this.pools = rollup.pools().stream().collect(Collectors.toMap(PoolRef::address, Function.identity()));
        this.logs = new SyncLogs(pools.keySet(), rpc);
        this.trail = new BlockTrail(settings.trailDepth());
    }

    static Duration blockTime(Rollup r) {
        return r.blockTime() == null || r.blockTime().isZero() || r.blockTime().isNegative() ? Duration.ofSeconds(1) : r.blockTime();
    }

    public FeedHealthBook health() {
        return health;
    }

    /** Reads every pool once at the latest block and applies it. Not while {@link #follow} runs: it reads inside its loop. */
    public Mono<Void> loadOnce() {
        return rpc.latest().flatMap(head -> fullRead(head).doOnSuccess(v -> health.headSeen(rollup.chainId(), head))).then();
    }

    /** Loads once, then follows the chain until disposed. */
    public Disposable start() {
        return loadOnce().onErrorResume(e -> Mono.empty()).thenMany(follow()).subscribe();
    }

    /** The live loop; runs until cancelled, recovering from every failure by itself. */
    public Flux<Void> follow() {
        Duration blockTime = blockTime(rollup);
        boolean ws = settings.webSocket() && rollup.wsUrl() != null;
        Flux<CollectorEvent> pushed = ws ? webSocket() : Flux.empty();
        Flux<CollectorEvent> ticks = Flux.interval(Duration.ZERO, blockTime).onBackpressureDrop()
                .doOnNext(t -> reportHealth())
                .filter(t -> mode.get() != FeedMode.WEBSOCKET)
                .map(t -> (CollectorEvent) new CollectorEvent.Poll());
        Flux<CollectorEvent> resync = Flux.interval(Duration.ofMillis(250), settings.resyncEvery()).onBackpressureDrop().map(t -> new CollectorEvent.Resync());
        return Flux.defer(() -> {
                    setMode(FeedMode.POLLING); // until the WebSocket, if any, delivers
                    return Flux.merge(pushed, ticks, resync);
                })
                .onBackpressureBuffer(4_096, e -> { }, reactor.core.publisher.BufferOverflowStrategy.DROP_OLDEST)
                .concatMap(e -> handle(e).onErrorResume(failure -> {
                    health.failed(rollup.chainId(), failure);
                    events.feedFailed(rollup.chainId(), failure);
                    reportHealth();
                    return Mono.empty();
                }), 1)
                .doFinally(s -> setMode(FeedMode.NONE));
    }

    /** {@code newHeads} and Sync logs over one WebSocket, with a catch-up poll first; reconnects with jittered backoff. */
    private Flux<CollectorEvent> webSocket() {
        return Flux.usingWhen(
                        // a handshake that never completes counts as a failed connection, not a wait without end
                        Mono.fromCallable(() -> WsConnection.open(rollup.wsUrl())).subscribeOn(Schedulers.boundedElastic()).timeout(settings.rpcTimeout()),
                        connection -> {
                            WebSocketService ws = connection.service();
                            var newHeads = new org.web3j.protocol.core.Request<>("eth_subscribe", List.of("newHeads"), ws,
                                    org.web3j.protocol.core.methods.response.EthSubscribe.class);
                            Flux<CollectorEvent> heads = Flux.from(ws.subscribe(newHeads, "eth_unsubscribe",
                                            org.web3j.protocol.websocket.events.NewHeadsNotification.class))
                                    .map(n -> (CollectorEvent) new CollectorEvent.Head(ChainRpc.head(n.getParams().getResult())));
                            Flux<CollectorEvent> syncs = logs.subscribe(ws).map(CollectorEvent.Sync::new);
                            return Flux.merge(heads, syncs)
                                    .doOnNext(e -> setMode(FeedMode.WEBSOCKET))
                                    .startWith(new CollectorEvent.Poll())
                                    .timeout(settings.silenceAfter())
                                    .concatWith(Mono.error(new IllegalStateException("WebSocket subscriptions ended")));
                        },
                        connection -> Mono.fromRunnable(connection::close).subscribeOn(Schedulers.boundedElastic()))
                .onBackpressureBuffer(4_096)
                .doOnError(e -> {
                    setMode(FeedMode.POLLING);
                    events.subscriptionLost(rollup.chainId(), e);
                })
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200))
                        .maxBackoff(Duration.ofSeconds(5))
                        .jitter(0.5)
                        .transientErrors(true));
    }

    private void setMode(FeedMode m) {
        if (mode.getAndSet(m) != m) {
            health.mode(rollup.chainId(), m);
            if (m != FeedMode.NONE) {
                events.feedMode(rollup.chainId(), m.name());
            }
        }
    }

    private Mono<Void> handle(CollectorEvent e) {
        return switch (e) {
            case CollectorEvent.Head h -> onHead(h.head())
                    .then(Mono.defer(() -> refetch(h.head())))
                    .doOnSuccess(v -> logsThrough = Math.max(logsThrough, h.head().number() - 1));
            case CollectorEvent.Sync s -> onSync(s.log());
            case CollectorEvent.Poll p -> rpc.latest().flatMap(head -> onHead(head).then(Mono.defer(() -> logsUpTo(head))));
            case CollectorEvent.Resync r -> rpc.latest().flatMap(head -> onHead(head).then(Mono.defer(() -> fullRead(head))));
        };
    }

    /** A new head: the trail grows, or the chain was reorganised (or blocks missed) and is walked back. */
    private Mono<Void> onHead(BlockHead head) {
        BlockTrail.Link link = trail.link(head);
        if (link == BlockTrail.Link.UNLINKED) {
            return canonicalBelow(head).flatMap(below -> reconcile(head, below));
        }
        if (link != BlockTrail.Link.KNOWN) {
            trail.add(head);
            seen(head);
        } // the same block again is no sign of life: a node that answers but makes no blocks goes stale
        return Mono.empty();
    }

    /**
     * The node's blocks below {@code head}, newest first, down to the first one the trail holds with
     * the same hash (or the trail's depth): each checked to be the parent of the one above it.
     */
    private Mono<List<BlockHead>> canonicalBelow(BlockHead head) {
        long lowest = Math.max(0, head.number() - trail.depth());
        return Flux.range(0, (int) (head.number() - lowest))
                .concatMap(i -> rpc.block(head.number() - 1 - i))
                .takeUntil(b -> trail.at(b.number()).map(h -> h.hash().equals(b.hash())).orElse(false))
                .collectList()
                .map(below -> {
                    if (!BlockTrail.linked(head, below)) {
                        throw new IllegalStateException("chain " + rollup.chainId() + " moved while walking back from block "
                                + head.number());
                    }
                    return below;
                });
    }

    private Mono<Void> reconcile(BlockHead head, List<BlockHead> below) {
        long tip = trail.tip().map(BlockHead::number).orElse(-1L);
        var fork = trail.forkPoint(below);
        if (fork.isEmpty()) {
            // nothing held can be trusted (a reorganisation deeper than the trail, or a long gap): every pool is
            // taken as the head has it, whatever the store held
            long replaced = trail.lowestReplaced(below, head);
            long started = System.nanoTime();
            return reader.readAll(head.number())
                    .zipWhen(states -> rpc.block(head.number()))
                    .filter(read -> read.getT2().hash().equals(head.hash()))
                    .doOnNext(read -> {
                        store.rewind(read.getT1(), ChainPosition.endOfBlock(head.number()));
                        store.confirm(rollup.chainId());
                        logsThrough = head.number();
                        if (replaced >= 0) {
                            health.reorged(rollup.chainId(), tip - replaced + 1);
                            events.reorgRolledBack(rollup.chainId(), tip - replaced + 1, replaced - 1, head.number(),
                                    Duration.ofNanos(System.nanoTime() - started));
                        }
                        trail.clear();
                        trail.addChain(below, head);
                        seen(head);
                    })
                    .then();
        }
        long f = fork.get();
        if (f >= tip) {
            trail.addChain(below, head); // blocks were missed, none replaced: their logs come by subscription or poll
            seen(head);
            return Mono.empty();
        }
        long depth = tip - f;
        long started = System.nanoTime();
        return reader.readAll(f)
                .doOnNext(states -> store.rewind(states, ChainPosition.endOfBlock(f)))
                .thenMany(Flux.defer(() -> logs.range(f + 1, head.number())))
                .doOnNext(this::apply)
                .then(Mono.fromRunnable(() -> {
                    trail.rewindTo(f);
                    trail.addChain(below, head);
                    logsThrough = head.number();
                    health.reorged(rollup.chainId(), depth);
                    events.reorgRolledBack(rollup.chainId(), depth, f, head.number(), Duration.ofNanos(System.nanoTime() - started));
                    seen(head);
                }));
    }

    private void seen(BlockHead head) {
        health.headSeen(rollup.chainId(), head);
        events.headFollowed(rollup.chainId(), head.number(), head.timestamp());
        reportHealth();
    }

    private Mono<Void> onSync(SyncEvent log) {
        if (log.removed()) {
            // the block that held it left the canonical chain: find where, from the node's latest head
            return rpc.latest().flatMap(this::onHead);
        }
        if (trail.contradicts(log.block(), log.blockHash())) {
            // of a block the trail does not hold yet (a new chain's log before its head): read again once its head is in
            refetchFrom = Math.min(refetchFrom, log.block());
            return Mono.empty();
        }
        apply(log);
        return Mono.empty();
    }

    /** The logs set aside for blocks up to {@code head}, read again from the node now that the trail holds them. */
    private Mono<Void> refetch(BlockHead head) {
        if (refetchFrom > head.number()) {
            return Mono.empty();
        }
        long from = refetchFrom;
        refetchFrom = Long.MAX_VALUE;
        return logs.range(from, head.number()).doOnNext(l -> {
            if (trail.contradicts(l.block(), l.blockHash())) {
                refetchFrom = Math.min(refetchFrom, l.block());
            } else {
                apply(l);
            }
        }).then();
    }

    /** The logs after the last applied block up to {@code head}; a longer gap than {@link #MAX_LOG_RANGE} is bridged by a full read. */
    private Mono<Void> logsUpTo(BlockHead head) {
        if (logsThrough >= head.number()) {
            return Mono.empty();
        }
        if (logsThrough < 0 || head.number() - logsThrough > MAX_LOG_RANGE) {
            return fullRead(head);
        }
        long from = logsThrough + 1;
        return logs.range(from, head.number())
                .filter(l -> !trail.contradicts(l.block(), l.blockHash()))
                .bufferUntilChanged(SyncEvent::block) // the logs of one block make one version
                .doOnNext(this::applyBlock)
                .then(Mono.fromRunnable(() -> logsThrough = Math.max(logsThrough, head.number())));
    }

    private void apply(SyncEvent log) {
        applyBlock(List.of(log));
    }

    /** Logs of one block, applied as one version. */
    private void applyBlock(List<SyncEvent> block) {
        List<PoolUpdate> updates = new java.util.ArrayList<>(block.size());
        for (SyncEvent log : block) {
            PoolRef pool = pools.get(log.pool());
            if (pool != null) {
                updates.add(new PoolUpdate(new PoolState(rollup.chainId(), pool.address(), pool.token0(), pool.token1(),
                        log.reserve0(), log.reserve1(), log.block()), new ChainPosition(log.block(), log.logIndex())));
            }
        }
        if (updates.isEmpty()) {
            return;
        }
        int taken = store.applyAll(updates);
        for (int i = 0; i < taken; i++) {
            events.syncApplied(rollup.chainId(), trail.at(block.get(0).block()).map(BlockHead::timestamp).orElse(null));
        }
    }

    /**
     * Every pool read at {@code head}, applied only when the block is still canonical after the read
     * (a reorganisation meanwhile would mix two chains' states).
     */
    private Mono<Void> fullRead(BlockHead head) {
        long started = System.nanoTime();
        return reader.readAll(head.number())
                .zipWhen(states -> rpc.block(head.number()))
                .doOnNext(read -> {
                    if (!read.getT2().hash().equals(head.hash())) {
                        return; // replaced while reading; the next head reconciles
                    }
                    List<PoolState> states = read.getT1();
                    ChainPosition at = ChainPosition.endOfBlock(head.number());
                    store.applyAll(states.stream().map(s -> new PoolUpdate(s, at)).toList()); // one version for the whole read
                    store.confirm(rollup.chainId());
                    logsThrough = Math.max(logsThrough, head.number());
                    events.poolsLoaded(rollup.chainId(), states.size(), head.number(), Duration.ofNanos(System.nanoTime() - started));
                })
                .then();
    }

    /** Logs a change of the rollup's health state (down, stale, recovered) once. */
    private synchronized void reportHealth() {
        RollupHealth now = health.health(rollup.chainId());
        RollupHealth.State was = reported;
        reported = now.state();
        if ((was == RollupHealth.State.UP) != now.routable()) {
            store.touch(); // routes through the rollup change although no pool did
        }
        events.rollupHealth(rollup.chainId(), was.name(), now.state().name(), now.routable(),
                now.reason(health.clock().instant()).orElse(null));
    }
}
