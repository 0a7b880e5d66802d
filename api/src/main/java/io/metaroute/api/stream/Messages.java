package io.metaroute.api.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaroute.api.problem.ApiProblem;
import java.util.LinkedHashMap;
import java.util.Map;

/** The server's own messages on the public stream, besides the channels' updates. */
final class Messages {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Messages() {
    }

    static String subscribed(String id, String channel, double maxUpdatesPerSecond) {
        var m = new LinkedHashMap<String, Object>();
        m.put("type", "subscribed");
        m.put("id", id);
        m.put("channel", channel);
        m.put("maxUpdatesPerSecond", maxUpdatesPerSecond);
        return write(m);
    }

    static String unsubscribed(String id) {
        return write(Map.of("type", "unsubscribed", "id", id));
    }

    /** The same kind, field and detail as the HTTP API's problem+json for the same fault; {@code id} when the message named one. */
    static String problem(String id, ApiProblem p) {
        var m = new LinkedHashMap<String, Object>();
        m.put("type", "problem");
        if (id != null) {
            m.put("id", id);
        }
        m.put("kind", p.kind().wire());
        m.put("field", p.field());
        m.put("detail", p.getMessage());
        return write(m);
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
