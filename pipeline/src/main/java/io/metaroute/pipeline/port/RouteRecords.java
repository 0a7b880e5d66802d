package io.metaroute.pipeline.port;

import io.metaroute.core.intent.SwapIntent;
import io.metaroute.core.route.Route;
import io.metaroute.solver.cow.MatchSettlement;

/**
 * How a routed intent's route is recorded with it (the text the store keeps and the API shows):
 * the pipeline decides what is recorded, the adapter how it is written.
 */
public interface RouteRecords {
    /** A route the intent is filled by alone. */
    String route(Route route);

    /** The share of a match that {@code member}, the stored {@code intent}, settles by. */
    String match(SwapIntent intent, MatchSettlement match, MatchSettlement.Member member);
}
