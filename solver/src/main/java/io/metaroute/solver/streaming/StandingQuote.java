package io.metaroute.solver.streaming;

import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.solver.routing.RouteFinder;
import io.metaroute.solver.routing.RouteOutcome;
import io.metaroute.solver.routing.RouteRequest;
import java.util.Objects;
import reactor.core.publisher.Flux;

/**
 * A quote that stays standing: re-solved on every market snapshot, published only when the answer
 * changes (another route, another amount, or a change between route and no route). Latest wins:
 * a subscriber slower than the market gets the newest answer, never a backlog of stale ones.
 */
public final class StandingQuote {
    private final RouteFinder finder;

    public StandingQuote(RouteFinder finder) {
        this.finder = finder;
    }

    public Flux<RouteOutcome> watch(Flux<MarketSnapshot> snapshots, RouteRequest request) {
        return snapshots
                .onBackpressureLatest()
                .map(snapshot -> finder.best(snapshot, request))
                .distinctUntilChanged(StandingQuote::answer)
                .onBackpressureLatest();
    }

    /** What a watcher cares about: the legs and amounts, not the snapshot version they came from. */
    private static Object answer(RouteOutcome outcome) {
        return switch (outcome) {
            case RouteOutcome.Found f -> java.util.List.of(f.route().legs(), f.route().amountOut());
            case RouteOutcome.NoRoute n -> Objects.toString(n.reason());
        };
    }
}
