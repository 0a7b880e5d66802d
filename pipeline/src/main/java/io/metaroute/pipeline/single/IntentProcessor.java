package io.metaroute.pipeline.single;

import io.metaroute.core.chain.ChainId;
import io.metaroute.core.intent.IntentSignature;
import io.metaroute.core.intent.SwapIntent;
import io.metaroute.core.route.Route;
import io.metaroute.execution.fill.FillOutcome;
import io.metaroute.execution.fill.FillRejected;
import io.metaroute.execution.tx.PreparedTransaction;
import io.metaroute.execution.tx.RpcException;
import io.metaroute.pipeline.intent.IntentRow;
import io.metaroute.pipeline.intent.IntentStatus;
import io.metaroute.pipeline.intent.Transition;
import io.metaroute.pipeline.port.FillChain;
import io.metaroute.pipeline.port.IntentStore;
import io.metaroute.pipeline.port.QuoteOutcomes;
import io.metaroute.pipeline.port.RouteRecords;
import io.metaroute.quotefeeds.market.MarketStore;
import io.metaroute.settlement.fill.FillVerifier;
import io.metaroute.solver.cow.MatchSettlement;
import io.metaroute.solver.routing.Router;
import io.metaroute.solver.routing.RouteOutcome;
import io.metaroute.solver.routing.RouteRequest;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.util.retry.Retry;
import java.time.Duration;

/**
 * Moves stored intents through their lifecycle: route against the current market, simulate,
 * persist the signed transaction, broadcast, await, verify, book. Every step is a
 * compare-and-set on the stored status, and the signed bytes are stored before they are sent:
 * after a crash {@link #recover()} resends the same bytes (accepted at most once by the chain,
 * and the settler's nonce refuses any second fill), so no intent is lost or filled twice.
 */
public final class IntentProcessor {
    private static final Logger log = LoggerFactory.getLogger(IntentProcessor.class);

    private final IntentStore repository;
    private final MarketStore market;
    private final Router finder;
    private final BatchRouting batch;
    private final Map<ChainId, FillChain> executors;
    private final FillVerifier verifier;
    private final RouteRecords records;
    private final Clock clock;
    private final Sinks.Many<UUID> queue = Sinks.many().unicast().onBackpressureBuffer();
    private final Set<UUID> inFlight = ConcurrentHashMap.newKeySet();
    private final Scheduler solver;
    private final QuoteOutcomes quotes;
    private final SendRefusals refusals;
    private Disposable running;

    /**
     * With {@code batch} set, new intents are routed in batches; without (null), one by one on the
     * live market. Routing alone runs on {@code solver}, the scheduler every routing call shares.
     * Intents are kept in {@code repository}, each rollup's settler is reached through its port in
     * {@code executors}, and routes are recorded as {@code records} writes them.
     */
    public IntentProcessor(IntentStore repository, MarketStore market, Router finder, BatchRouting batch,
                           Map<ChainId, FillChain> executors, FillVerifier verifier, RouteRecords records, Clock clock,
                           Scheduler solver) {
        this(repository, market, finder, batch, executors, verifier, records, clock, solver, QuoteOutcomes.NONE);
    }

    /**
     * As above; a fill that takes market makers' quotes reports them to {@code quotes}, and one the
     * settler refuses because of a maker's quote is routed once more on the market without it.
     */
    public IntentProcessor(IntentStore repository, MarketStore market, Router finder, BatchRouting batch,
                           Map<ChainId, FillChain> executors, FillVerifier verifier, RouteRecords records, Clock clock,
                           Scheduler solver, QuoteOutcomes quotes) {
        this.quotes = quotes;
        this.solver = solver;
        this.batch = batch;
        this.repository = repository;
        this.market = market;
        this.finder = finder;
        this.executors = executors;
        this.verifier = verifier;
        this.records = records;
        this.clock = clock;
        this.refusals = new SendRefusals(repository, clock);
    }

    /**
     * Starts processing. Before any intent is routed or signed, the transactions a previous process
     * stored and may not have sent are sent again, per chain in nonce order: a fresh nonce counter
     * starts from the chain's pending count, and a new fill signed before them would take a stored
     * one's nonce (the stored one then answers "nonce too low", and a settlement of several matched
     * intents cannot be re-signed). Sending bytes the chain already has is harmless.
     */
    public void start(int concurrency) {
        running = resendStored().thenMany(queue.asFlux())
                .flatMap(id -> process(id)
                        // each attempt re-reads the row and moves it by compare-and-set: a retry never repeats a step
                        .retryWhen(Retry.backoff(5, Duration.ofMillis(250)).maxBackoff(Duration.ofSeconds(5))
                                .doBeforeRetry(r -> log.warn("intent {}: retrying after {}", id, r.failure().toString())))
                        .onErrorResume(e -> {
                            log.error("intent {}: processing stopped, it stays where it was and resumes on restart", id, e);
                            return Mono.empty();
                        })
                        .doFinally(s -> inFlight.remove(id)), concurrency)
                .subscribe();
    }

    public void stop() {
        if (running != null) {
            running.dispose();
        }
        if (batch != null) {
            batch.close();
        }
    }

    public void submit(UUID id) {
        if (inFlight.add(id)) {
            queue.emitNext(id, Sinks.EmitFailureHandler.busyLooping(java.time.Duration.ofSeconds(1)));
        }
    }

    private Mono<Void> resendStored() {
        return repository.unfinished()
                .concatMap(repository::find)
                .filter(row -> row.status() == IntentStatus.SUBMITTED && row.rawTx() != null)
                .collectList()
                .flatMapMany(rows -> {
                    Map<String, IntentRow> byTx = new java.util.LinkedHashMap<>();
                    rows.forEach(r -> byTx.putIfAbsent(r.txHash(), r));
                    return Flux.fromIterable(byTx.values().stream()
                            .sorted(java.util.Comparator.comparing((IntentRow r) -> r.intent().originChainId().value())
                                    .thenComparing(this::storedNonce))
                            .toList());
                })
                .concatMap(row -> {
                    FillChain executor = executors.get(row.intent().originChainId());
                    return executor == null ? Mono.<String>empty()
                            : executor.broadcast(new PreparedTransaction(row.txHash(), row.rawTx(), null))
                                    // the intent's own resume decides what a refusal means
                                    .onErrorResume(e -> Mono.empty());
                })
                .then()
                .onErrorResume(e -> {
                    log.warn("resending stored transactions before start failed: {}", e.toString());
                    return Mono.empty();
                });
    }

    /** Re-enqueues every intent a previous process left unfinished. */
    public Mono<Long> recover() {
        return repository.unfinished().doOnNext(this::submit).count()
                .doOnNext(n -> {
                    if (n > 0) {
                        log.info("resuming {} unfinished intents", n);
                    }
                });
    }

    Mono<Void> process(UUID id) {
        return repository.find(id).flatMap(row -> switch (row.status()) {
            case RECEIVED -> route(row);
            case ROUTED -> execute(row);
            case SUBMITTED -> resume(row);
            default -> Mono.<Void>empty();
        });
    }

    private Mono<Void> route(IntentRow row) {
        if (expired(row)) {
            return move(row, IntentStatus.RECEIVED, Transition.to(IntentStatus.REJECTED, "deadline passed before routing")
                    .reason("deadline_expired"));
        }
        Mono<BatchRouting.Answer> answer = batch != null ? batch.route(row.id(), row.intent())
                : Mono.<BatchRouting.Answer>fromCallable(() -> new BatchRouting.Answer.Single(bestRoute(row))).subscribeOn(solver);
        return answer.flatMap(a -> switch (a) {
            case BatchRouting.Answer.Joint joint when !joint.leads() -> Mono.<Void>empty(); // its first member sends it
            case BatchRouting.Answer.Joint joint -> settleMatch(joint);
            case BatchRouting.Answer.Single single -> routed(row, single.outcome());
            case BatchRouting.Answer.Refused refused -> move(row, IntentStatus.RECEIVED,
                    Transition.to(IntentStatus.REJECTED, refused.detail()).reason(refused.reason()));
        });
    }

    private Mono<Void> routed(IntentRow row, RouteOutcome outcome) {
        return Mono.just(outcome).flatMap(best -> switch (best) {
            case RouteOutcome.NoRoute none -> move(row, IntentStatus.RECEIVED,
                    Transition.to(IntentStatus.REJECTED, none.detail()).reason(none.reason().name().toLowerCase()));
            case RouteOutcome.Found found -> repository.transition(row.id(), IntentStatus.RECEIVED,
                            Transition.to(IntentStatus.ROUTED, found.route().legs().size() + "-leg route, snapshot v"
                                    + found.route().snapshotVersion()).quoted(found.route().amountOut(), records.route(found.route())))
                    .flatMap(moved -> moved ? submitFill(row, found.route(), true) : Mono.empty());
        });
    }

    /** A routed intent whose route was not yet sent (a crash in between): route it again. */
    private Mono<Void> execute(IntentRow row) {
        return execute(row, true);
    }

    private Mono<Void> execute(IntentRow row, boolean mayRouteAgain) {
        return Mono.fromCallable(() -> bestRoute(row)).subscribeOn(solver).flatMap(outcome -> {
            if (outcome instanceof RouteOutcome.Found found && !expired(row)) {
                return submitFill(row, found.route(), mayRouteAgain);
            }
            String why = outcome instanceof RouteOutcome.NoRoute n ? n.detail() : "deadline passed";
            return move(row, IntentStatus.ROUTED, Transition.to(IntentStatus.REJECTED, why).reason("no_route"));
        });
    }

    /** A routed intent whose route the settler refused for a maker's sake: routed once more, the new route recorded. */
    private Mono<Void> routeAgain(IntentRow row, String why) {
        return Mono.fromCallable(() -> bestRoute(row)).subscribeOn(solver).flatMap(outcome -> {
            if (outcome instanceof RouteOutcome.Found found && !expired(row)) {
                Route route = found.route();
                return repository.transition(row.id(), IntentStatus.ROUTED, Transition.to(IntentStatus.ROUTED, why + "; routed again: "
                                + route.legs().size() + "-leg route, snapshot v" + route.snapshotVersion())
                                .quoted(route.amountOut(), records.route(route)))
                        .flatMap(moved -> moved ? submitFill(row, route, false) : Mono.empty());
            }
            String detail = outcome instanceof RouteOutcome.NoRoute n ? n.detail() : "deadline passed";
            return move(row, IntentStatus.ROUTED, Transition.to(IntentStatus.REJECTED, why + "; " + detail).reason("no_route"));
        });
    }

    /** The best route on the current market that pays at least the signed minimum. */
    private RouteOutcome bestRoute(IntentRow row) {
        var intent = row.intent();
        return finder.route(market.current(),
                new RouteRequest(intent.originChainId(), intent.tokenIn(), intent.tokenOut(), intent.amountIn()), intent.minAmountOut());
    }

    private Mono<Void> submitFill(IntentRow row, Route route, boolean mayRouteAgain) {
        FillChain executor = executors.get(row.intent().originChainId());
        var signature = IntentSignature.parse(row.signature());
        if (route.takesQuotes()) {
            quotes.taking(route);
        }
        return executor.simulate(row.intent(), signature, route)
                .then(executor.prepare(row.intent(), signature, route))
                .flatMap(tx -> repository.transition(row.id(), IntentStatus.ROUTED,
                                Transition.to(IntentStatus.SUBMITTED, "fill transaction signed").tx(tx.hash(), tx.raw()))
                        .flatMap(moved -> moved ? broadcastAndAwait(row, executor, tx, route) : Mono.empty()))
                .onErrorResume(FillRejected.class, e -> {
                    if (route.takesQuotes() && e.maker().isPresent()) {
                        // The maker's side failed, not the intent: record the fade and route once more without that quote.
                        quotes.failed(route, e.maker(), e.reason());
                        if (mayRouteAgain) {
                            log.info("intent {}: maker {} failed its quote ({}); routing again", row.id(), e.maker().get(), e.reason());
                            return routeAgain(row, "maker " + e.maker().get().checksummed() + " failed its quote (" + e.reason() + ")");
                        }
                    } else if (route.takesQuotes()) {
                        quotes.released(route);
                    }
                    return move(row, IntentStatus.ROUTED, Transition.to(IntentStatus.REJECTED, e.getMessage()).reason(e.reason()));
                });
    }

    /**
     * Settles a match: every member is quoted its payout (RECEIVED to ROUTED), the one transaction is
     * simulated and signed, and it is stored on every member at once (ROUTED to SUBMITTED, all or
     * none) before it is sent; then each member follows it to its own {@code IntentFilled}. When the
     * match no longer settles (the settler refuses it on the current chain state, or a member was
     * moved elsewhere), no transaction exists and the members that were quoted are routed alone.
     * After a crash, members in ROUTED are routed alone and members in SUBMITTED resend the stored
     * bytes, as single fills do.
     */
    private Mono<Void> settleMatch(BatchRouting.Answer.Joint joint) {
        MatchSettlement match = joint.match();
        return Flux.fromIterable(joint.members()).concatMap(repository::find).collectList().flatMap(rows -> {
            if (rows.size() != match.members().size()) {
                return Mono.error(new IllegalStateException("a member of the match is not stored"));
            }
            return Flux.range(0, rows.size())
                    .concatMap(k -> repository.transition(rows.get(k).id(), IntentStatus.RECEIVED,
                            Transition.to(IntentStatus.ROUTED, "matched with " + (rows.size() - 1) + " opposite intent(s), "
                                            + match.legs().size() + " pool leg(s) for the imbalance")
                                    .quoted(match.members().get(k).amountOut(),
                                            records.match(rows.get(k).intent(), match, match.members().get(k)))))
                    .all(Boolean::booleanValue)
                    .flatMap(all -> all ? sendMatch(rows, match) : routeAlone(rows));
        }).onErrorResume(e -> {
            // The first member's own retry picks it up from where it stands; the other members would
            // have nobody to carry them on, so each goes back into the pipeline from its stored status.
            joint.members().stream().skip(1).forEach(this::submit);
            return Mono.error(e);
        });
    }

    private Mono<Void> sendMatch(List<IntentRow> rows, MatchSettlement match) {
        FillChain executor = executors.get(match.chain());
        List<SwapIntent> intents = rows.stream().map(IntentRow::intent).toList();
        List<IntentSignature> signatures = rows.stream().map(r -> IntentSignature.parse(r.signature())).toList();
        List<UUID> ids = rows.stream().map(IntentRow::id).toList();
        return executor.simulateSettle(intents, signatures, match.steps(), match.amountsOut())
                .then(executor.prepareSettle(intents, signatures, match.steps(), match.amountsOut()))
                .flatMap(tx -> repository.transitionAll(ids, IntentStatus.ROUTED, Transition.to(IntentStatus.SUBMITTED,
                                "settlement transaction signed for " + rows.size() + " matched intents").tx(tx.hash(), tx.raw()))
                        .flatMap(moved -> moved
                                ? Flux.fromIterable(rows).concatMap(r -> broadcastAndAwait(r, executor, tx, null)).then()
                                : routeAlone(rows)))
                .onErrorResume(FillRejected.class, e -> {
                    log.info("match of {} intents no longer settles ({}); routing them alone", rows.size(), e.getMessage());
                    return routeAlone(rows);
                });
    }

    /** Members of a match that did not settle and were quoted for it: each is routed and filled by itself. */
    private Mono<Void> routeAlone(List<IntentRow> rows) {
        return Flux.fromIterable(rows)
                .concatMap(r -> repository.find(r.id()))
                .filter(r -> r.status() == IntentStatus.ROUTED)
                .concatMap(this::execute)
                .then();
    }

    /** A submitted intent after a restart: send the stored bytes again and follow them. */
    private Mono<Void> resume(IntentRow row) {
        FillChain executor = executors.get(row.intent().originChainId());
        return broadcastAndAwait(row, executor, new PreparedTransaction(row.txHash(), row.rawTx(), null), null);
    }

    /** {@code route}: the route the fill runs, when this process routed it (its quotes are reported), else null. */
    private Mono<Void> broadcastAndAwait(IntentRow row, FillChain executor, PreparedTransaction tx, Route route) {
        boolean quoted = route != null && route.takesQuotes();
        return executor.broadcast(tx)
                .onErrorResume(RpcException.class, e -> refusals.resigned(row, executor, tx, e))
                .flatMap(hash -> executor.await(hash, row.intentHash()))
                .onErrorResume(RpcException.class, e -> refusals.neverMined(row, executor, tx.hash(), e).then(Mono.empty()))
                .doOnNext(outcome -> {
                    if (quoted && outcome instanceof FillOutcome.Filled) {
                        quotes.settled(route);
                    } else if (quoted && outcome instanceof FillOutcome.Reverted r) {
                        quotes.failed(route, java.util.Optional.ofNullable(r.maker()), r.reason());
                    }
                })
                .flatMap(outcome -> switch (outcome) {
                    case FillOutcome.Filled filled -> settle(row, filled);
                    case FillOutcome.Reverted reverted -> move(row, IntentStatus.SUBMITTED,
                            Transition.to(IntentStatus.FAILED, reverted.reason() + " (" + reverted.txHash() + ")").reason("reverted"));
                });
    }

    private Mono<Void> settle(IntentRow row, FillOutcome.Filled filled) {
        var verdict = verifier.verify(row.intent(), row.intentHash(), filled.report(),
                filled.settledTogether() > 1 ? FillVerifier.MATCHED_ACCOUNT : FillVerifier.POOLS_ACCOUNT);
        if (!verdict.honoured()) {
            return move(row, IntentStatus.SUBMITTED, Transition.to(IntentStatus.FAILED, String.join("; ", verdict.violations()))
                    .reason("fill_mismatch"));
        }
        return repository.completeFill(row.id(), Transition.to(IntentStatus.FILLED,
                        "paid " + filled.report().amountOut() + " in block " + filled.report().blockNumber())
                        .realised(filled.report().amountOut()), verdict.entries())
                .then();
    }

    private Mono<Void> move(IntentRow row, IntentStatus from, Transition change) {
        return repository.transition(row.id(), from, change).then();
    }

    private boolean expired(IntentRow row) {
        return row.intent().deadline() <= clock.instant().getEpochSecond();
    }

    /** The sender nonce of a stored transaction, read by its rollup's port (zero for a rollup not served). */
    private java.math.BigInteger storedNonce(IntentRow row) {
        FillChain chain = executors.get(row.intent().originChainId());
        return chain == null ? java.math.BigInteger.ZERO : chain.nonceOf(new PreparedTransaction(row.txHash(), row.rawTx(), null));
    }
}
