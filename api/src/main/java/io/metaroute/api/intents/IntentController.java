package io.metaroute.api.intents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaroute.api.persistence.IntentRepository;
import io.metaroute.api.problem.ApiProblem;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
public class IntentController {
    private final IntentIntake intake;
    private final IntentProcessor processor;
    private final IntentRepository repository;
    private final ObjectMapper json;
    private final boolean executionEnabled;

    public IntentController(IntentIntake intake, IntentProcessor processor, IntentRepository repository, ObjectMapper json,
                            io.metaroute.api.config.MetarouteProperties props) {
        this.intake = intake;
        this.processor = processor;
        this.repository = repository;
        this.json = json;
        this.executionEnabled = props.execution().enabled();
    }

    /** 202 with the intent's id; the same signed intent again answers with the first one's id. */
    @PostMapping(path = "/v1/intents", consumes = "application/json", produces = "application/json")
    public Mono<ResponseEntity<Map<String, Object>>> post(@RequestBody JsonNode body) {
        return intake.accept(body).map(accepted -> {
            if (executionEnabled && !accepted.duplicate()) {
                processor.submit(accepted.id());
            }
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.<String, Object>of(
                    "id", accepted.id().toString(), "status", "received", "duplicate", accepted.duplicate()));
        });
    }

    @GetMapping(path = "/v1/intents/{id}", produces = "application/json")
    public Mono<IntentView> get(@PathVariable("id") String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return Mono.error(ApiProblem.badRequest("invalid_field", "id", "intent id must be a UUID, got " + id));
        }
        return repository.find(uuid)
                .switchIfEmpty(Mono.error(() -> new ApiProblem(HttpStatus.NOT_FOUND, "intent_not_found", "id", "no intent " + id)))
                // History after the row, not beside it: a status and its event commit together, so the
                // history read afterwards holds every step up to the status shown.
                .flatMap(row -> repository.history(uuid).collectList()
                        .map(history -> IntentView.of(row, readRoute(row.routeJson()), history)));
    }

    private JsonNode readRoute(String routeJson) {
        try {
            return routeJson == null ? null : json.readTree(routeJson);
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
