package io.metaroute.solver.batch.candidates;

import io.metaroute.core.intent.SwapIntent;
import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.core.pool.PoolKey;
import io.metaroute.core.pool.PoolState;
import io.metaroute.core.route.Route;
import io.metaroute.solver.routing.RouteFinder;
import io.metaroute.solver.routing.RouteOutcome;
import io.metaroute.solver.routing.RouteRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Same-rollup options from the exhaustive single-path search: the best path, then the best path
 * that avoids every pool of the paths already offered, and so on up to {@code alternatives} paths.
 * Pool-disjoint alternatives are what lets the batch planner send two intents that want the same
 * shallow pool down different paths.
 */
public final class RouteFinderCandidates implements CandidateSource {
    public static final String SOURCE = "single-path";

    private final RouteFinder finder;
    private final int alternatives;
    private final CostModel costs;

    public RouteFinderCandidates(RouteFinder finder, int alternatives, CostModel costs) {
        this.finder = Objects.requireNonNull(finder, "finder");
        this.costs = Objects.requireNonNull(costs, "costs");
        if (alternatives < 1) {
            throw new IllegalArgumentException("alternatives must be at least 1, got " + alternatives);
        }
        this.alternatives = alternatives;
    }

    public RouteFinderCandidates(RouteFinder finder) {
        this(finder, 3, CostModel.NONE);
    }

    @Override
    public List<Candidate> candidates(SwapIntent intent, MarketSnapshot snapshot) {
        if (!intent.sameChain()) {
            return List.of();
        }
        var request = new RouteRequest(intent.originChainId(), intent.tokenIn(), intent.tokenOut(), intent.amountIn());
        var pools = new HashMap<PoolKey, PoolState>();
        for (PoolState p : snapshot.poolsOn(intent.originChainId())) {
            pools.put(p.key(), p);
        }
        var out = new ArrayList<Candidate>(alternatives);
        Set<PoolKey> used = new HashSet<>();
        MarketSnapshot view = new MarketSnapshot(snapshot.version(), snapshot.takenAt(), pools);
        for (int i = 0; i < alternatives; i++) {
            if (!(finder.best(view, request) instanceof RouteOutcome.Found found)) {
                break;
            }
            Route route = found.route();
            out.add(new Candidate(route, costs.of(route, snapshot), SOURCE));
            for (var pool : route.pools()) {
                used.add(new PoolKey(route.chain(), pool));
            }
            if (i + 1 < alternatives) {
                Map<PoolKey, PoolState> rest = new HashMap<>(pools);
                rest.keySet().removeAll(used);
                if (rest.isEmpty()) {
                    break;
                }
                view = new MarketSnapshot(snapshot.version(), snapshot.takenAt(), rest);
            }
        }
        return out;
    }
}
