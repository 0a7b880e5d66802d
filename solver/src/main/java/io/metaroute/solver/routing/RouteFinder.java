package io.metaroute.solver.routing;

import io.metaroute.core.chain.Address;
import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.core.pool.PoolState;
import io.metaroute.core.route.Leg;
import io.metaroute.core.route.Route;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the single path of constant-product pools, up to {@code maxHops} long, that pays the most
 * for an exact input on one rollup. Every path is evaluated with exact integer pool math, so the
 * route's {@code amountOut} is what the settler pays when the pools have not moved. A path never
 * visits a token or a pool twice. Splitting across paths and rollups comes on top of this.
 */
public final class RouteFinder {
    public static final int DEFAULT_MAX_HOPS = 3;

    private final int maxHops;

    public RouteFinder() {
        this(DEFAULT_MAX_HOPS);
    }

    public RouteFinder(int maxHops) {
        if (maxHops < 1 || maxHops > 4) {
            throw new IllegalArgumentException("maxHops must be between 1 and 4");
        }
        this.maxHops = maxHops;
    }

    public RouteOutcome best(MarketSnapshot snapshot, RouteRequest request) {
        Map<Address, List<PoolState>> byToken = index(snapshot.poolsOn(request.chain()));
        var search = new Search(request, byToken);
        search.extend(request.tokenIn(), request.amountIn(), new ArrayList<>(), new HashSet<>(List.of(request.tokenIn())));
        if (search.bestLegs == null) {
            if (search.paths == 0) {
                return new RouteOutcome.NoRoute(RouteOutcome.Reason.NO_PATH,
                        "no pools connect " + request.tokenIn() + " to " + request.tokenOut()
                                + " on chain " + request.chain() + " within " + maxHops + " hops");
            }
            return new RouteOutcome.NoRoute(RouteOutcome.Reason.INSUFFICIENT_LIQUIDITY,
                    search.paths + " paths exist but none pays out anything for " + request.amountIn());
        }
        var route = new Route(request.chain(), request.tokenIn(), request.tokenOut(), request.amountIn(),
                search.bestOut, search.bestLegs, snapshot.version());
        return new RouteOutcome.Found(route, search.paths);
    }

    /** Like {@link #best}, but refuses a route paying less than {@code minAmountOut}. */
    public RouteOutcome best(MarketSnapshot snapshot, RouteRequest request, BigInteger minAmountOut) {
        RouteOutcome outcome = best(snapshot, request);
        if (outcome instanceof RouteOutcome.Found found && found.route().amountOut().compareTo(minAmountOut) < 0) {
            return new RouteOutcome.NoRoute(RouteOutcome.Reason.BOUND_UNREACHABLE,
                    "best route pays " + found.route().amountOut() + ", less than the signed minimum " + minAmountOut);
        }
        return outcome;
    }

    private static Map<Address, List<PoolState>> index(List<PoolState> pools) {
        var byToken = new HashMap<Address, List<PoolState>>();
        for (PoolState p : pools) {
            byToken.computeIfAbsent(p.token0(), k -> new ArrayList<>()).add(p);
            byToken.computeIfAbsent(p.token1(), k -> new ArrayList<>()).add(p);
        }
        return byToken;
    }

    private final class Search {
        private final RouteRequest request;
        private final Map<Address, List<PoolState>> byToken;
        private int paths;
        private BigInteger bestOut = BigInteger.ZERO;
        private List<Leg> bestLegs;

        Search(RouteRequest request, Map<Address, List<PoolState>> byToken) {
            this.request = request;
            this.byToken = byToken;
        }

        void extend(Address token, BigInteger amount, List<Leg> legs, Set<Address> visited) {
            for (PoolState pool : byToken.getOrDefault(token, List.of())) {
                Address next = pool.other(token);
                if (visited.contains(next) && !next.equals(request.tokenOut())) {
                    continue;
                }
                BigInteger out = pool.amountOut(token, amount);
                legs.add(new Leg(pool.address(), token, next, amount, out));
                if (next.equals(request.tokenOut())) {
                    paths++;
                    if (out.compareTo(bestOut) > 0) {
                        bestOut = out;
                        bestLegs = List.copyOf(legs);
                    }
                } else if (legs.size() < maxHops && out.signum() > 0) {
                    visited.add(next);
                    extend(next, out, legs, visited);
                    visited.remove(next);
                }
                legs.removeLast();
            }
        }
    }
}
