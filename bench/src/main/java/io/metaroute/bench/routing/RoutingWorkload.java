package io.metaroute.bench.routing;

import io.metaroute.bench.routing.RandomNetworks.Intent;
import io.metaroute.bench.routing.RandomNetworks.Market;
import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.core.pool.PoolKey;
import io.metaroute.core.route.Leg;
import io.metaroute.solver.routing.RouteOutcome;
import io.metaroute.solver.routing.RouteRequest;
import io.metaroute.solver.routing.Router;
import io.metaroute.solver.routing.RouterSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What the routing benchmarks solve, built once from a seed: a random market, {@value #INTENTS}
 * random intents, each intent's answer on the market's snapshot (for its warm start), and for each
 * intent {@value #CHANGES} snapshots one version later in which one pool that answer trades
 * through has changed (liquidity ±10%, price redrawn within the noise band).
 */
public final class RoutingWorkload {
    public static final int INTENTS = 64;
    public static final int CHANGES = 16;

    private final Market market;
    private final Router router;
    private final Intent[] intents;
    private final RouteRequest[] requests;
    private final MarketSnapshot[][] changed;
    private final Object[] warm;

    private RoutingWorkload(Market market, Router router, Intent[] intents, RouteRequest[] requests,
                            MarketSnapshot[][] changed, Object[] warm) {
        this.market = market;
        this.router = router;
        this.intents = intents;
        this.requests = requests;
        this.changed = changed;
        this.warm = warm;
    }

    /** Builds the research workload (no gas, no leg limit; pools over 3–8 rollups); throws if an intent has no route. */
    public static RoutingWorkload create(long seed, int pools) {
        return create(seed, pools, false, false);
    }

    /**
     * Builds the workload: with {@code oneRollup} every pool is on one rollup (else spread over 3–8);
     * with {@code shipped} the router runs as the service does ({@link RouterSettings#shipped}: gas
     * priced, the settler's leg limit; snapshots never stale, since they are recorded ones), else
     * the research settings (no gas, no leg limit). Throws if an intent has no route.
     */
    public static RoutingWorkload create(long seed, int pools, boolean oneRollup, boolean shipped) {
        Market market = oneRollup ? RandomNetworks.generate(seed, pools, 1, 0) : RandomNetworks.generate(seed, pools);
        var settings = shipped ? RouterSettings.shipped(RouterSettings.SETTLER_MAX_LEGS).withMaxSnapshotAge(null)
                : RouterSettings.withoutGas();
        var router = new Router(market.network(), settings);
        var random = new SplittableRandom(seed * 7919);
        var intents = new Intent[INTENTS];
        var requests = new RouteRequest[INTENTS];
        var changed = new MarketSnapshot[INTENTS][CHANGES];
        var warm = new Object[INTENTS];
        for (int i = 0; i < INTENTS; i++) {
            Intent intent = RandomNetworks.intent(market, random);
            intents[i] = intent;
            requests[i] = new RouteRequest(intent.chain(), intent.tokenIn(), intent.tokenOut(), intent.amountIn());
            if (!(router.route(market.snapshot(), requests[i]) instanceof RouteOutcome.Found found)) {
                throw new IllegalStateException("no route for " + intent);
            }
            warm[i] = found.warmStart();
            List<PoolKey> used = new ArrayList<>(found.route().legs().stream()
                    .map(Leg::pool).distinct().map(a -> new PoolKey(intent.chain(), a)).toList());
            for (int c = 0; c < CHANGES; c++) {
                PoolKey key = used.get(random.nextInt(used.size()));
                changed[i][c] = RandomNetworks.withPoolChanged(market, market.snapshot(), key, random);
            }
        }
        return new RoutingWorkload(market, router, intents, requests, changed, warm);
    }

    public Market market() {
        return market;
    }

    public Router router() {
        return router;
    }

    public Intent intent(int i) {
        return intents[i];
    }

    public RouteRequest request(int i) {
        return requests[i];
    }

    /** The {@code c}-th snapshot with one pool of intent {@code i}'s route changed. */
    public MarketSnapshot changed(int i, int c) {
        return changed[i][c];
    }

    /** The warm start of intent {@code i}'s answer on the base snapshot. */
    public Object warmStart(int i) {
        return warm[i];
    }
}
