package io.metaroute.api.intents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaroute.api.persistence.IntentRepository;
import io.metaroute.pipeline.single.IntentProcessor;
import io.metaroute.api.problem.ApiProblem;
import io.metaroute.api.problem.ErrorKind;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "intents", description = "signed swap intents: intake and status")
public class IntentController {
    private final IntentIntake intake;
    private final IntentProcessor processor;
    private final IntentRepository repository;
    private final ObjectMapper json;
    private final boolean executionEnabled;
    private final CrossOrderIntake crossIntake;
    private final io.metaroute.api.persistence.CrossOrderRepository crossOrders;
    private final io.metaroute.quotefeeds.rfq.RfqHub rfq;
    private final IntentViews views;

    public IntentController(IntentIntake intake, IntentProcessor processor, IntentRepository repository, ObjectMapper json,
                            io.metaroute.api.config.MetarouteProperties props, CrossOrderIntake crossIntake,
                            io.metaroute.api.persistence.CrossOrderRepository crossOrders,
                            io.metaroute.quotefeeds.rfq.RfqHub rfq) {
        this.rfq = rfq;
        this.crossIntake = crossIntake;
        this.crossOrders = crossOrders;
        this.intake = intake;
        this.processor = processor;
        this.repository = repository;
        this.json = json;
        this.executionEnabled = props.execution().enabled();
        this.views = new IntentViews(repository, crossOrders, json);
    }

    /** 202 with the intent's id; the same signed intent again answers with the first one's id. */
    @Operation(summary = "Submit a signed intent",
            description = "Checks every field, the signing domain, the signature, the recipient and the wallet's balance and allowance, "
                    + "then stores the intent once and routes it. The same signed intent again (also concurrently) answers with the "
                    + "first one's id and `duplicate: true`. A nonce is held by a live or finished intent; a rejected intent "
                    + "releases it for a new signed intent.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(mediaType = "application/json", schema = @Schema(implementation = IntentSubmission.class))))
    @ApiResponse(responseCode = "202", description = "accepted: {id, status: received, duplicate}")
    @PostMapping(path = "/v1/intents", consumes = "application/json", produces = "application/json")
    public Mono<ResponseEntity<Map<String, Object>>> post(@RequestBody JsonNode body) {
        if (CrossOrderIntake.isCrossOrder(body)) {
            // a cross-rollup order: the saga picks it up from the store on its next tick
            return crossIntake.accept(body).map(accepted -> ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.<String, Object>of(
                    "id", accepted.id().toString(), "status", "received", "duplicate", accepted.duplicate())));
        }
        return intake.accept(body).map(accepted -> {
            if (executionEnabled && !accepted.duplicate()) {
                // the makers are asked for a firm quote while the intent waits for its batch
                var i = accepted.intent();
                rfq.ask(i.originChainId(), i.tokenIn(), i.tokenOut(), i.amountIn());
                processor.submit(accepted.id());
            }
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.<String, Object>of(
                    "id", accepted.id().toString(), "status", "received", "duplicate", accepted.duplicate()));
        });
    }

    @Operation(summary = "An intent's status and history",
            description = "status (received → routed → submitted → filled | rejected | failed), reason, signed terms, quoted and "
                    + "realised output, transaction hash, route, and every step with its time. A cross-rollup order's status runs "
                    + "received → opening → opened → filling → filled → releasing → released, or → unfilled → refunding → refunded, "
                    + "or rejected; each step names its rollup and transaction.")
    @ApiResponse(responseCode = "200", description = "the intent (IntentView), or a cross-rollup order (CrossOrderView)",
            content = @Content(mediaType = "application/json", schema = @Schema(oneOf = {IntentView.class, CrossOrderView.class})))
    @GetMapping(path = "/v1/intents/{id}", produces = "application/json")
    public Mono<Object> get(@io.swagger.v3.oas.annotations.Parameter(description = "the id POST /v1/intents answered (a UUID)") @PathVariable("id") String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return Mono.error(ApiProblem.of(ErrorKind.INVALID_FIELD, "id", "intent id must be a UUID, got " + id));
        }
        return views.find(uuid)
                .switchIfEmpty(Mono.error(() -> ApiProblem.of(ErrorKind.INTENT_NOT_FOUND, "id", "no intent " + id)));
    }
}
