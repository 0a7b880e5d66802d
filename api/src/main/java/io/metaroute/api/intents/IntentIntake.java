package io.metaroute.api.intents;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaroute.api.config.MetarouteProperties;
import io.metaroute.api.persistence.InsertOutcome;
import io.metaroute.api.persistence.IntentRepository;
import io.metaroute.api.problem.ApiProblem;
import io.metaroute.core.intent.IntentSignature;
import io.metaroute.core.intent.IntentTypedData;
import io.metaroute.core.intent.SignatureRejected;
import io.metaroute.core.intent.SigningDomain;
import io.metaroute.core.intent.SwapIntent;
import io.metaroute.core.network.Network;
import io.metaroute.core.network.Rollup;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Mono;

/**
 * Takes a signed intent in: checks every field, the signing domain and the signature, then stores
 * it exactly once. Nothing is stored unless every check passed.
 */
public final class IntentIntake {

    /** The stored intent's id; {@code duplicate} when the same signed intent had been posted before. */
    public record Accepted(UUID id, boolean duplicate) {
    }

    /** A verified intent, ready to be stored. */
    public record Verified(SwapIntent intent, String intentHash, IntentSignature signature) {
    }

    private final Network network;
    private final IntentRepository repository;
    private final Duration maxDeadline;
    private final Clock clock;

    public IntentIntake(Network network, IntentRepository repository, MetarouteProperties.Intake intake, Clock clock) {
        this.network = network;
        this.repository = repository;
        this.maxDeadline = intake.maxDeadline();
        this.clock = clock;
    }

    public Mono<Accepted> accept(JsonNode body) {
        return Mono.fromCallable(() -> verify(body))
                .flatMap(v -> repository.insert(v.intentHash(), v.intent(), v.signature().toHex()))
                .map(outcome -> switch (outcome) {
                    case InsertOutcome.Created c -> new Accepted(c.id(), false);
                    case InsertOutcome.Duplicate d -> new Accepted(d.id(), true);
                    case InsertOutcome.NonceTaken t -> throw new ApiProblem(HttpStatus.CONFLICT, "nonce_reused",
                            "typedData.message.nonce", "this nonce was already used by intent " + t.existingId());
                });
    }

    /** Every check that needs no database; throws {@link ApiProblem} naming the field at fault. */
    public Verified verify(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiProblem.badRequest("malformed_json", "body", "the body must be a JSON object with typedData and signature");
        }
        JsonNode typedData = body.get("typedData");
        SwapIntent intent = TypedDataParser.message(typedData);
        Rollup origin = network.rollup(intent.originChainId()).orElseThrow(() -> ApiProblem.badRequest("unknown_chain",
                "typedData.message.originChainId", "chain " + intent.originChainId() + " is not served here; see GET /v1/chains"));
        if (network.rollup(intent.destinationChainId()).isEmpty()) {
            throw ApiProblem.badRequest("unknown_chain", "typedData.message.destinationChainId",
                    "chain " + intent.destinationChainId() + " is not served here; see GET /v1/chains");
        }
        if (!intent.sameChain()) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "unsupported_route", "typedData.message.destinationChainId",
                    "cross-rollup intents are not settled yet: destinationChainId must equal originChainId");
        }
        if (origin.token(intent.tokenIn()).isEmpty()) {
            throw ApiProblem.badRequest("unknown_token", "typedData.message.tokenIn",
                    intent.tokenIn() + " is not a token on chain " + origin.chainId() + "; see GET /v1/tokens");
        }
        if (origin.token(intent.tokenOut()).isEmpty()) {
            throw ApiProblem.badRequest("unknown_token", "typedData.message.tokenOut",
                    intent.tokenOut() + " is not a token on chain " + origin.chainId() + "; see GET /v1/tokens");
        }
        long now = clock.instant().getEpochSecond();
        if (intent.deadline() <= now) {
            throw ApiProblem.badRequest("deadline_expired", "typedData.message.deadline",
                    "deadline " + intent.deadline() + " has passed (now " + now + ")");
        }
        if (intent.deadline() > now + maxDeadline.toSeconds()) {
            throw ApiProblem.badRequest("deadline_too_far", "typedData.message.deadline",
                    "deadline must be within " + maxDeadline + " from now");
        }
        SigningDomain domain = SigningDomain.of(origin.chainId(), origin.settler());
        TypedDataParser.checkDomain(typedData, domain);
        JsonNode sigNode = body.get("signature");
        if (sigNode == null || !sigNode.isTextual()) {
            throw ApiProblem.badRequest("missing_field", "signature", "signature (0x-prefixed 65-byte hex) is required");
        }
        byte[] digest = IntentTypedData.digest(domain, intent);
        IntentSignature signature;
        try {
            signature = IntentSignature.parse(sigNode.asText());
            signature.verify(digest, intent.user());
        } catch (SignatureRejected e) {
            String kind = switch (e.reason()) {
                case MALFORMED -> "signature_malformed";
                case MALLEABLE -> "signature_malleable";
                case UNRECOVERABLE, WRONG_SIGNER -> "signature_invalid";
            };
            throw ApiProblem.badRequest(kind, "signature", e.getMessage());
        }
        return new Verified(intent, "0x" + HexFormat.of().formatHex(digest), signature);
    }
}
