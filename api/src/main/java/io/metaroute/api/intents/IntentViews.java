package io.metaroute.api.intents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaroute.api.persistence.CrossOrderRepository;
import io.metaroute.api.persistence.IntentRepository;
import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * An intent as {@code GET /v1/intents/{id}} and the stream's {@code intent} channel show it: a
 * single-rollup intent ({@link IntentView}) or a cross-rollup order ({@link CrossOrderView}).
 */
public final class IntentViews {
    private final IntentRepository intents;
    private final CrossOrderRepository crossOrders;
    private final ObjectMapper json;

    public IntentViews(IntentRepository intents, CrossOrderRepository crossOrders, ObjectMapper json) {
        this.intents = intents;
        this.crossOrders = crossOrders;
        this.json = json;
    }

    /** The intent or order with this id; empty when there is none. */
    public Mono<Object> find(UUID id) {
        // History after the row, not beside it: a status and its event commit together, so the
        // history read afterwards holds every step up to the status shown.
        Mono<Object> cross = crossOrders.find(id).flatMap(row -> crossOrders.history(id).collectList()
                .map(history -> (Object) CrossOrderView.of(row, history)));
        return intents.find(id)
                .flatMap(row -> intents.history(id).collectList()
                        .map(history -> (Object) IntentView.of(row, readRoute(row.routeJson()), history)))
                .switchIfEmpty(cross);
    }

    private JsonNode readRoute(String routeJson) {
        try {
            return routeJson == null ? null : json.readTree(routeJson);
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
