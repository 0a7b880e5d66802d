package io.metaroute.api.intents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaroute.api.quotes.MatchedRouteDto;
import io.metaroute.api.quotes.RouteDto;
import io.metaroute.core.intent.SwapIntent;
import io.metaroute.core.route.Route;
import io.metaroute.pipeline.port.RouteRecords;
import io.metaroute.solver.cow.MatchSettlement;

/** Routes recorded as the API shows them: the JSON of {@link RouteDto} and {@link MatchedRouteDto}. */
public final class JsonRouteRecords implements RouteRecords {
    private final ObjectMapper json;

    public JsonRouteRecords(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public String route(Route route) {
        return write(RouteDto.from(route));
    }

    @Override
    public String match(SwapIntent intent, MatchSettlement match, MatchSettlement.Member member) {
        return write(MatchedRouteDto.from(intent, match, member));
    }

    private String write(Object dto) {
        try {
            return json.writeValueAsString(dto);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
