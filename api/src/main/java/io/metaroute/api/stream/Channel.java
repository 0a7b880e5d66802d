package io.metaroute.api.stream;

import io.metaroute.solver.routing.RouteRequest;
import java.util.List;
import java.util.UUID;

/**
 * What a subscription of the public stream follows: the best route for a prospective trade (on one
 * rollup, or across two as the cross settler executes it), one intent's status (a single-rollup
 * intent or a cross-rollup order, by the id {@code POST /v1/intents} answered), or the most recently
 * changed intents of the service.
 */
sealed interface Channel {
    String ROUTE = "route";
    String INTENT = "intent";
    String INTENTS = "intents";
    List<String> NAMES = List.of(ROUTE, INTENT, INTENTS);

    String name();

    record Route(RouteRequest request) implements Channel {
        @Override
        public String name() {
            return ROUTE;
        }
    }

    record Intent(UUID id) implements Channel {
        @Override
        public String name() {
            return INTENT;
        }
    }

    record RecentIntents(int limit) implements Channel {
        @Override
        public String name() {
            return INTENTS;
        }
    }
}
