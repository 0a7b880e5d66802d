package io.metaroute.api.metalayer;

import io.metaroute.api.config.MetalayerRoles.Running;
import io.metaroute.api.problem.ApiProblem;
import io.metaroute.api.problem.ErrorKind;
import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.Domain;
import io.metaroute.core.network.FinalityState;
import io.metaroute.settlement.metalayer.domain.OutboxEntry;
import io.metaroute.settlement.metalayer.infra.StateSigner;
import io.metaroute.settlement.metalayer.wire.CheckpointSignatureJson;
import io.metaroute.settlement.metalayer.wire.ReadAttestationJson;
import io.metaroute.settlement.metalayer.wire.ReadRequestJson;
import io.metaroute.settlement.metalayer.wire.SnapshotJson;
import io.metaroute.settlement.metalayer.wire.ValidatorsJson;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import java.util.Locale;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * What this process's Metalayer validators signed, for relayers in other processes (the way
 * Hyperlane validators publish to checkpoint storage), read attestation on request, and the
 * relayer's outbox per message.
 */
@RestController
public class MetalayerController {
    private final Running running;

    public MetalayerController(Running running) {
        this.running = running;
    }

    @Operation(summary = "The Metalayer validator keys this process runs, by role")
    @GetMapping(path = "/v1/metalayer/validators", produces = "application/json")
    public ValidatorsJson validators() {
        return new ValidatorsJson(checkpointSigners(FinalityState.INSTANT), checkpointSigners(FinalityState.FINALIZED),
                running.stateSigners.stream().map(s -> s.validator().hex()).toList());
    }

    private List<String> checkpointSigners(FinalityState f) {
        return running.checkpointSigners.stream().filter(s -> s.finality() == f).map(s -> s.validator().hex()).toList();
    }

    @Operation(summary = "Validators' signatures of the checkpoint of a message, for one finality")
    @GetMapping(path = "/v1/metalayer/checkpoints/{origin}/{messageId}", produces = "application/json")
    public Mono<List<CheckpointSignatureJson>> checkpoints(@PathVariable("origin") long origin, @PathVariable("messageId") String messageId,
            @RequestParam(name = "finality", defaultValue = "INSTANT") String finality,
            @RequestParam(name = "validator", required = false) String validator) {
        FinalityState f = finality(finality);
        Address only = validator == null ? null : address(validator, "validator");
        return store().signatures().find(Domain.of(origin), word(messageId), f).filter(s -> only == null || s.validator().equals(only))
                .map(CheckpointSignatureJson::from).collectList();
    }

    @Operation(summary = "Every validator's latest signed state snapshot of a rollup")
    @GetMapping(path = "/v1/metalayer/snapshots/{domain}", produces = "application/json")
    public Mono<List<SnapshotJson>> snapshots(@PathVariable("domain") long domain) {
        return store().snapshots().all().filter(s -> s.snapshot().domain().value() == domain).map(SnapshotJson::from).collectList();
    }

    @Operation(summary = "Asks a validator of this process to attest a read of a message at a snapshot block")
    @PostMapping(path = "/v1/metalayer/reads", consumes = "application/json", produces = "application/json")
    public Mono<ReadAttestationJson> attest(@RequestBody ReadRequestJson request) {
        Address validator = address(request.validator(), "validator");
        StateSigner signer = running.stateSigners.stream().filter(s -> s.validator().equals(validator)).findFirst()
                .orElseThrow(() -> ApiProblem.of(ErrorKind.VALIDATOR_NOT_HERE, "validator", "validator " + validator
                        + " is not run here"));
        return Mono.defer(() -> signer.attest(word(request.messageId()), request.read(), request.snapshot()))
                .map(ReadAttestationJson::from)
                .onErrorMap(e -> !(e instanceof ApiProblem), e -> ApiProblem.of(ErrorKind.READ_NOT_ATTESTED, null, e.getMessage()));
    }

    @Operation(summary = "The read attestations this process's validators gave for a message")
    @GetMapping(path = "/v1/metalayer/reads/{messageId}", produces = "application/json")
    public Mono<List<ReadAttestationJson>> reads(@PathVariable("messageId") String messageId) {
        return store().reads().find(word(messageId)).map(ReadAttestationJson::from).collectList();
    }

    /** An outbox entry as served: where its delivery is, with the reason of its last failure. */
    public record OutboxView(String messageId, long origin, long destination, String status, int attempts, String reason, String txHash,
                             Long txNonce, String gasPriceWei, Long minedBlock, String dispatchedAt, String deliveredAt) {
        static OutboxView of(OutboxEntry e) {
            return new OutboxView(e.id(), e.message().origin().value(), e.message().destination().value(),
                    e.status().name().toLowerCase(Locale.ROOT), e.attempts(), e.reason(), e.txHash(), e.txNonce(),
                    e.gasPriceWei() == null ? null : e.gasPriceWei().toString(), e.minedBlock(), String.valueOf(e.dispatchedAt()),
                    e.deliveredAt() == null ? null : e.deliveredAt().toString());
        }
    }

    @Operation(summary = "The relayer's outbox entry of a message: status, attempts, last failure")
    @GetMapping(path = "/v1/metalayer/outbox/{messageId}", produces = "application/json")
    public Mono<OutboxView> outbox(@PathVariable("messageId") String messageId) {
        return store().outbox().find(word(messageId)).map(OutboxView::of)
                .switchIfEmpty(Mono.error(() -> ApiProblem.of(ErrorKind.MESSAGE_NOT_FOUND, "messageId", "no outbox entry for "
                        + messageId)));
    }

    private Running store() {
        if (running.signatures() == null) {
            throw ApiProblem.of(ErrorKind.NOT_FOUND, null, "this network has no Metalayer deployment");
        }
        return running;
    }

    private static FinalityState finality(String s) {
        try {
            return FinalityState.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.of(ErrorKind.INVALID_FIELD, "finality", "finality is INSTANT or FINALIZED, got " + s);
        }
    }

    private static Address address(String s, String field) {
        try {
            return Address.of(s);
        } catch (RuntimeException e) {
            throw ApiProblem.of(ErrorKind.INVALID_ADDRESS, field, e.getMessage());
        }
    }

    private static String word(String s) {
        if (s == null || !s.matches("0x[0-9a-fA-F]{64}")) {
            throw ApiProblem.of(ErrorKind.INVALID_FIELD, "messageId", "a message id is 0x and 64 hex digits, got " + s);
        }
        return s.toLowerCase(Locale.ROOT);
    }
}
