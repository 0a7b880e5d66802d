package io.metaroute.solver.streaming;

import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.solver.routing.RouteOutcome;
import io.metaroute.solver.routing.RouteRequest;
import io.metaroute.solver.routing.Router;
import java.math.BigInteger;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A quote that stays standing: re-solved on every market snapshot, warm-started from the previous
 * solution's prices, published only when the answer changes (another route, another amount, or a
 * change between route and no route).
 *
 * <p>Threads and backpressure: every re-solve runs on the {@code solver} scheduler, never on the
 * thread that publishes the snapshot (a feed, or the market store's emitter). One watcher solves
 * one snapshot at a time; snapshots arriving meanwhile are conflated to the latest, so a watcher
 * never solves a backlog. Answers are conflated the same way: a subscriber slower than the market
 * gets the newest answer, never a backlog of stale ones.
 *
 * <p>Every snapshot a watcher takes is solved: a route depends on more than its rollup's pools (the
 * rollup's health and freshness, its gas price, the makers' quotes), so a version that left the pools
 * alone can still change the answer. What bounds the work is the pacing ({@code every}) and the
 * conflation to the latest snapshot, not skipping.
 */
public final class StandingQuote {
    private final Router router;
    private final Scheduler solver;
    private final java.time.Duration every;

    /** Re-solves on {@code solver}, the scheduler shared by every routing call of the service. */
    public StandingQuote(Router router, Scheduler solver) {
        this(router, solver, java.time.Duration.ZERO);
    }

    /**
     * As above, a watcher solving at most once every {@code every} (zero: as often as snapshots come), always the
     * latest snapshot: on a market making thousands of versions a second, the answers stay that fresh and the
     * solving costs a bounded share of the cores, however fast the market moves.
     */
    public StandingQuote(Router router, Scheduler solver, java.time.Duration every) {
        this.router = Objects.requireNonNull(router, "router");
        this.solver = Objects.requireNonNull(solver, "solver");
        this.every = Objects.requireNonNull(every, "every");
        if (every.isNegative()) {
            throw new IllegalArgumentException("every must not be negative");
        }
    }

    /** Re-solves on the thread that delivers each snapshot: for tests and single-threaded tools only. */
    public StandingQuote(Router router) {
        this(router, Schedulers.immediate());
    }

    public Flux<RouteOutcome> watch(Flux<MarketSnapshot> snapshots, RouteRequest request) {
        return Flux.defer(() -> {
            var warm = new AtomicReference<Object>();
            return watch(snapshots, snapshot -> solve(snapshot, request, warm));
        });
    }

    /**
     * A standing cross-rollup quote as the cross settler executes it today: the input carried as it
     * is ({@link Router#routeCarryingInput}), the same conflation and the same scheduler.
     */
    public Flux<RouteOutcome> watchCarryingInput(Flux<MarketSnapshot> snapshots, RouteRequest request) {
        return Flux.defer(() -> watch(snapshots, snapshot -> router.routeCarryingInput(snapshot, request)));
    }

    private Flux<RouteOutcome> watch(Flux<MarketSnapshot> snapshots, java.util.function.Function<MarketSnapshot, RouteOutcome> solve) {
        return snapshots
                .onBackpressureLatest()
                // prefetch 0: the next snapshot is taken only once this solve is done; meanwhile only the latest is kept
                .concatMap(snapshot -> paced(Mono.fromCallable(() -> solve.apply(snapshot)).subscribeOn(solver)), 0)
                .distinctUntilChanged(StandingQuote::answer)
                .onBackpressureLatest();
    }

    private RouteOutcome solve(MarketSnapshot snapshot, RouteRequest request, AtomicReference<Object> warm) {
        RouteOutcome outcome = router.route(snapshot, request, BigInteger.ZERO, warm.get());
        if (outcome instanceof RouteOutcome.Found f && f.warmStart() != null) {
            warm.set(f.warmStart());
        }
        return outcome;
    }

    /** The answer at once; the next snapshot is taken only {@link #every} after this solve began. */
    private Flux<RouteOutcome> paced(Mono<RouteOutcome> solve) {
        if (every.isZero()) {
            return solve.flux();
        }
        return Flux.defer(() -> {
            long started = System.nanoTime();
            return solve.flux().concatWith(Mono.defer(() -> {
                long left = every.toNanos() - (System.nanoTime() - started);
                return left <= 0 ? Mono.empty() : Mono.delay(java.time.Duration.ofNanos(left)).then(Mono.<RouteOutcome>empty());
            }));
        });
    }

    /** What a watcher cares about: the legs and amounts, not the snapshot version they came from. */
    private static Object answer(RouteOutcome outcome) {
        return switch (outcome) {
            case RouteOutcome.Found f -> java.util.List.of(f.plan(), f.plan().amountOut()).toString()
                    .replaceAll("snapshotVersion=\\d+", "");
            case RouteOutcome.NoRoute n -> Objects.toString(n.reason());
        };
    }
}
