package io.metaroute.solver.batch.candidates;

import io.metaroute.core.intent.SwapIntent;
import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.solver.routing.RouteOutcome;
import io.metaroute.solver.routing.RouteRequest;
import io.metaroute.solver.routing.Router;
import java.math.BigInteger;
import java.util.List;
import java.util.Objects;

/**
 * The optimal router's plan for the intent's whole amount (a split, possibly across rollups), with
 * the router's own costs. No minimum is passed: a plan below the minimum on the snapshot can still
 * clear it after an opposite trade earlier in the batch, so the planner decides.
 */
public final class RouterCandidates implements CandidateSource {
    public static final String SOURCE = "router";

    private final Router router;

    public RouterCandidates(Router router) {
        this.router = Objects.requireNonNull(router, "router");
    }

    @Override
    public List<Candidate> candidates(SwapIntent intent, MarketSnapshot snapshot) {
        var request = new RouteRequest(intent.originChainId(), intent.destinationChainId(), intent.tokenIn(),
                intent.tokenOut(), intent.amountIn());
        if (router.route(snapshot, request, BigInteger.ZERO) instanceof RouteOutcome.Found found) {
            return List.of(new Candidate(found.plan(), found.costs(), SOURCE));
        }
        return List.of();
    }
}
