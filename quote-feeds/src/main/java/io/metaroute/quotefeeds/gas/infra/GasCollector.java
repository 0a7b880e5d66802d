package io.metaroute.quotefeeds.gas.infra;

import io.metaroute.core.network.Rollup;
import io.metaroute.quotefeeds.gas.domain.GasBook;
import io.metaroute.quotefeeds.gas.domain.GasQuote;
import io.metaroute.quotefeeds.gas.domain.GasStatus;
import io.metaroute.quotefeeds.observe.QuoteFeedEvents;
import java.math.BigInteger;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.websocket.WebSocketService;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Keeps one rollup's gas price current in the {@link GasBook}: the EIP-1559 base fee of every new
 * block ({@code baseFeePerGas} of {@code eth_getBlockByNumber}) and the node's suggested priority fee
 * ({@code eth_maxPriorityFeePerGas}). New blocks arrive through a WebSocket {@code newHeads}
 * subscription where the rollup has a WebSocket URL; otherwise the latest block is polled once per
 * block time. A failure reconnects with jittered exponential backoff, without end; the book marks the
 * price stale meanwhile.
 */
public final class GasCollector {
    private static final Duration RPC_TIMEOUT = Duration.ofSeconds(5);
    /** Most blocks a poll reads back to catch up on those mined since the last. */
    static final int CATCH_UP = 16;

    private final Rollup rollup;
    private final Web3j http;
    private final GasBook book;
    private final QuoteFeedEvents events;
    private final Clock clock;
    private final boolean webSocket;
    private volatile boolean wasStale;

    /** {@code webSocket}: follow {@code newHeads} when the rollup has a WebSocket URL (false: always poll). */
    public GasCollector(Rollup rollup, Web3j http, GasBook book, QuoteFeedEvents events, Clock clock, boolean webSocket) {
        this.rollup = rollup;
        this.http = http;
        this.book = book;
        this.events = events;
        this.clock = clock;
        this.webSocket = webSocket && rollup.wsUrl() != null;
    }

    /** Reads the gas price at {@code block} (fees of that block's header, the node's tip suggestion now). */
    public Mono<GasQuote> read(DefaultBlockParameter block) {
        Mono<EthBlock.Block> header = call(http.ethGetBlockByNumber(block, false)).map(EthBlock::getBlock);
        Mono<BigInteger> tip = call(http.ethMaxPriorityFeePerGas()).map(r -> r.getMaxPriorityFeePerGas());
        return Mono.zip(header, tip).map(ht -> {
            EthBlock.Block b = ht.getT1();
            if (b.getBaseFeePerGas() == null) {
                throw new IllegalStateException("chain " + rollup.chainId() + " block " + b.getNumber()
                        + " has no baseFeePerGas (not an EIP-1559 chain)");
            }
            return new GasQuote(rollup.chainId(), b.getBaseFeePerGas(), ht.getT2(), b.getNumber().longValueExact(), clock.instant());
        });
    }

    /** Reads the latest block's gas price and records it. */
    public Mono<GasQuote> loadOnce() {
        return read(DefaultBlockParameterName.LATEST).doOnNext(this::record);
    }

    /** Follows the chain until cancelled: every reading recorded, reconnecting with jittered backoff. */
    public Flux<GasQuote> follow() {
        return Flux.defer(() -> webSocket ? heads() : polling())
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200))
                        .maxBackoff(Duration.ofSeconds(5))
                        .jitter(0.5)
                        .doBeforeRetry(signal -> events.gasSubscriptionLost(rollup.chainId(), signal.failure())));
    }

    /** Follows the chain and reports the book's stale and recovered transitions, until disposed. */
    public Disposable start() {
        Disposable following = follow().subscribe();
        Disposable watching = book.statuses(rollup.chainId())
                .map(GasStatus::state)
                .distinctUntilChanged()
                .subscribe(state -> {
                    if (state == GasStatus.State.STALE) {
                        events.gasStale(rollup.chainId(), book.staleAfter(rollup.chainId()));
                    } else if (state == GasStatus.State.UP && wasStale) {
                        events.gasRecovered(rollup.chainId());
                    }
                    wasStale = state == GasStatus.State.STALE;
                });
        return Disposables.composite(following, watching);
    }

    /**
     * Once per block time: every block since the last one read (at most {@link #CATCH_UP} of the
     * newest), so a block mined between two polls is not skipped.
     */
    private Flux<GasQuote> polling() {
        return Flux.defer(() -> {
            long[] last = {book.latest(rollup.chainId()).map(GasQuote::block).orElse(-1L)};
            return Flux.interval(Duration.ZERO, GasBook.blockTime(rollup))
                    .onBackpressureDrop()
                    .concatMap(tick -> call(http.ethBlockNumber()).flatMapMany(r -> {
                        long head = r.getBlockNumber().longValueExact();
                        long from = last[0] < 0 ? head : Math.max(last[0] + 1, head - CATCH_UP + 1);
                        return Flux.range(0, (int) Math.max(0, head - from + 1))
                                .concatMap(i -> read(DefaultBlockParameter.valueOf(BigInteger.valueOf(from + i))))
                                .doOnNext(q -> {
                                    record(q);
                                    last[0] = q.block();
                                });
                    }));
        });
    }

    private Flux<GasQuote> heads() {
        return Flux.usingWhen(
                Mono.fromCallable(this::connect).subscribeOn(Schedulers.boundedElastic()),
                ws -> loadOnce().concatWith(Flux.from(ws.newHeadsNotifications())
                                .map(n -> new BigInteger(n.getParams().getResult().getNumber().substring(2), 16))
                                .onBackpressureLatest()
                                .concatMap(number -> read(DefaultBlockParameter.valueOf(number)).doOnNext(this::record), 1))
                        .concatWith(Mono.error(new IllegalStateException("newHeads subscription ended"))),
                ws -> Mono.fromRunnable(ws::shutdown).subscribeOn(Schedulers.boundedElastic()));
    }

    private Web3j connect() throws ConnectException {
        var service = new WebSocketService(rollup.wsUrl().toString(), false);
        service.connect();
        return Web3j.build(service);
    }

    private void record(GasQuote quote) {
        if (book.offer(quote)) {
            events.gasObserved(quote.chain(), quote.baseFeeWei(), quote.priorityFeeWei(), quote.block());
        }
    }

    private <T extends Response<?>> Mono<T> call(Request<?, T> request) {
        return Mono.fromFuture(request::sendAsync)
                .timeout(RPC_TIMEOUT)
                .flatMap(r -> r.hasError()
                        ? Mono.error(new IllegalStateException(request.getMethod() + " on chain " + rollup.chainId()
                                + " failed: " + r.getError().getMessage()))
                        : Mono.just(r));
    }
}
