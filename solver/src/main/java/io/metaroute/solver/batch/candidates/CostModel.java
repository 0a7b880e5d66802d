package io.metaroute.solver.batch.candidates;

import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.core.route.Plan;
import io.metaroute.solver.routing.Costs;

/** What carrying out a plan costs beyond pool fees, for sources whose search does not price it itself. */
@FunctionalInterface
public interface CostModel {
    CostModel NONE = (plan, snapshot) -> Costs.NONE;

    Costs of(Plan plan, MarketSnapshot snapshot);
}
