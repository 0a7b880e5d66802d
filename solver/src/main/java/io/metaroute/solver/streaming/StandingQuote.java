package io.metaroute.solver.streaming;

import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.solver.routing.RouteOutcome;
import io.metaroute.solver.routing.RouteRequest;
import io.metaroute.solver.routing.Router;
import java.math.BigInteger;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Flux;

/**
 * A quote that stays standing: re-solved on every market snapshot, warm-started from the previous
 * solution's prices, published only when the answer changes (another route, another amount, or a
 * change between route and no route). Latest wins: a subscriber slower than the market gets the
 * newest answer, never a backlog of stale ones.
 */
public final class StandingQuote {
    private final Router router;

    public StandingQuote(Router router) {
        this.router = router;
    }

    public Flux<RouteOutcome> watch(Flux<MarketSnapshot> snapshots, RouteRequest request) {
        return Flux.defer(() -> {
            var warm = new AtomicReference<Object>();
            return snapshots
                    .onBackpressureLatest()
                    .map(snapshot -> {
                        RouteOutcome outcome = router.route(snapshot, request, BigInteger.ZERO, warm.get());
                        if (outcome instanceof RouteOutcome.Found f && f.warmStart() != null) {
                            warm.set(f.warmStart());
                        }
                        return outcome;
                    })
                    .distinctUntilChanged(StandingQuote::answer)
                    .onBackpressureLatest();
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
