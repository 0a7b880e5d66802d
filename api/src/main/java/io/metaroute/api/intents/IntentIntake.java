package io.metaroute.api.intents;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaroute.api.config.MetarouteProperties;
import io.metaroute.api.input.Strict;
import io.metaroute.api.persistence.InsertOutcome;
import io.metaroute.api.persistence.IntentRepository;
import io.metaroute.api.problem.ApiProblem;
import io.metaroute.api.problem.ErrorKind;
import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.intent.IntentSignature;
import io.metaroute.core.intent.IntentTypedData;
import io.metaroute.core.intent.SignatureRejected;
import io.metaroute.core.intent.SigningDomain;
import io.metaroute.core.intent.SwapIntent;
import io.metaroute.core.network.Network;
import io.metaroute.core.network.Rollup;
import io.metaroute.execution.fill.WalletFunds;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.web3j.crypto.Sign;
import reactor.core.publisher.Mono;

/**
 * Takes a signed intent in: checks every field, the signing domain and the signature, that the
 * wallet holds and has approved the input, then stores it exactly once. Nothing is stored unless
 * every check passed.
 *
 * <p>Nonce policy: an intent's nonce is single-use per (origin chain, user) while the intent is
 * live or finished, as on the settler. A <em>rejected</em> intent was never sent, so its nonce is
 * unused on chain and is released: the user may sign a new intent with it. A <em>failed</em>
 * intent's transaction was sent and keeps its nonce.
 */
public final class IntentIntake {
    private static final List<String> BODY_FIELDS = List.of("typedData", "signature");
    private static final BigInteger CURVE_ORDER = Sign.CURVE_PARAMS.getN();
    private static final Duration FUNDS_TIMEOUT = Duration.ofSeconds(5);

    /** The stored intent's id; {@code duplicate} when the same signed intent had been posted before; the intent (null for cross orders). */
    public record Accepted(UUID id, boolean duplicate, SwapIntent intent) {
    }

    /** A verified intent, ready to be stored. */
    public record Verified(SwapIntent intent, String intentHash, IntentSignature signature) {
    }

    private final Network network;
    private final IntentRepository repository;
    private final Duration maxDeadline;
    private final Clock clock;
    private final Map<ChainId, WalletFunds> funds;

    /** Without wallet reads: balance and allowance are left to the settler's simulation. */
    public IntentIntake(Network network, IntentRepository repository, MetarouteProperties.Intake intake, Clock clock) {
        this(network, repository, intake, clock, Map.of());
    }

    public IntentIntake(Network network, IntentRepository repository, MetarouteProperties.Intake intake, Clock clock,
                        Map<ChainId, WalletFunds> funds) {
        this.network = network;
        this.repository = repository;
        this.maxDeadline = intake.maxDeadline();
        this.clock = clock;
        this.funds = Map.copyOf(funds);
    }

    public Mono<Accepted> accept(JsonNode body) {
        return Mono.fromCallable(() -> verify(body))
                .flatMap(v -> fundsCover(v)
                        .then(repository.insert(v.intentHash(), v.intent(), v.signature().toHex()))
                        // a wallet re-posting an intent it posted before gets the first answer, funded or not now
                        .onErrorResume(this::fundsProblem, e -> repository.idByHash(v.intentHash())
                                .<InsertOutcome>map(InsertOutcome.Duplicate::new)
                                .switchIfEmpty(Mono.error(e)))
                        .map(outcome -> switch (outcome) {
                            case InsertOutcome.Created c -> new Accepted(c.id(), false, v.intent());
                            case InsertOutcome.Duplicate d -> new Accepted(d.id(), true, v.intent());
                            case InsertOutcome.NonceTaken t -> throw ApiProblem.of(ErrorKind.NONCE_REUSED, "typedData.message.nonce",
                                    "this nonce is held by intent " + t.existingId() + " (only a rejected intent releases its nonce)");
                        }));
    }

    private boolean fundsProblem(Throwable e) {
        return e instanceof ApiProblem p && (p.kind() == ErrorKind.INSUFFICIENT_BALANCE || p.kind() == ErrorKind.INSUFFICIENT_ALLOWANCE);
    }

    /** Completes empty when the user's balance of tokenIn and allowance to the settler cover amountIn. */
    private Mono<Void> fundsCover(Verified v) {
        SwapIntent intent = v.intent();
        WalletFunds wallet = funds.get(intent.originChainId());
        if (wallet == null) {
            return Mono.empty();
        }
        String token = intent.tokenIn().checksummed();
        return wallet.of(intent.user(), intent.tokenIn())
                .timeout(FUNDS_TIMEOUT)
                .onErrorMap(e -> !(e instanceof ApiProblem), e -> ApiProblem.of(ErrorKind.CHAIN_UNAVAILABLE, null,
                        "chain " + intent.originChainId() + " did not answer the balance read"
                                + (e instanceof TimeoutException ? " within " + FUNDS_TIMEOUT : ": " + e.getMessage())))
                .flatMap(f -> {
                    if (f.balance().compareTo(intent.amountIn()) < 0) {
                        return Mono.error(ApiProblem.of(ErrorKind.INSUFFICIENT_BALANCE, "typedData.message.amountIn",
                                "user " + intent.user().checksummed() + " holds " + f.balance() + " of " + token + ", less than amountIn "
                                        + intent.amountIn()));
                    }
                    if (f.allowance().compareTo(intent.amountIn()) < 0) {
                        return Mono.error(ApiProblem.of(ErrorKind.INSUFFICIENT_ALLOWANCE, "typedData.message.amountIn",
                                "user " + intent.user().checksummed() + " has approved the settler for " + f.allowance() + " of " + token
                                        + ", less than amountIn " + intent.amountIn() + "; approve the settler (GET /v1/chains) first"));
                    }
                    return Mono.<Void>empty();
                });
    }

    /** Every check that needs no database or chain; throws {@link ApiProblem} naming the field at fault. */
    public Verified verify(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiProblem.of(ErrorKind.MALFORMED_JSON, "body", "the body must be a JSON object with typedData and signature");
        }
        Strict.onlyFields(body, BODY_FIELDS, null);
        JsonNode typedData = body.get("typedData");
        SwapIntent intent = TypedDataParser.message(typedData);
        Rollup origin = network.rollup(intent.originChainId()).orElseThrow(() -> ApiProblem.of(ErrorKind.UNKNOWN_CHAIN,
                "typedData.message.originChainId", "chain " + intent.originChainId() + " is not served here; see GET /v1/chains"));
        if (network.rollup(intent.destinationChainId()).isEmpty()) {
            throw ApiProblem.of(ErrorKind.UNKNOWN_CHAIN, "typedData.message.destinationChainId",
                    "chain " + intent.destinationChainId() + " is not served here; see GET /v1/chains");
        }
        if (!intent.sameChain()) {
            throw ApiProblem.of(ErrorKind.UNSUPPORTED_ROUTE, "typedData.message.destinationChainId",
                    "a SwapIntent settles on one rollup: sign a cross-rollup swap as a GaslessCrossChainOrder "
                            + "(POST /v1/quotes with destinationChainId answers its typed data)");
        }
        if (origin.token(intent.tokenIn()).isEmpty()) {
            throw ApiProblem.of(ErrorKind.UNKNOWN_TOKEN, "typedData.message.tokenIn",
                    intent.tokenIn() + " is not a token on chain " + origin.chainId() + "; see GET /v1/tokens");
        }
        if (origin.token(intent.tokenOut()).isEmpty()) {
            throw ApiProblem.of(ErrorKind.UNKNOWN_TOKEN, "typedData.message.tokenOut",
                    intent.tokenOut() + " is not a token on chain " + origin.chainId() + "; see GET /v1/tokens");
        }
        if (intent.tokenIn().equals(intent.tokenOut())) {
            throw ApiProblem.of(ErrorKind.INVALID_FIELD, "typedData.message.tokenOut", "tokenOut must differ from tokenIn");
        }
        Recipients.check(origin, intent.recipient(), "typedData.message.recipient");
        long now = clock.instant().getEpochSecond();
        if (intent.deadline() <= now) {
            throw ApiProblem.of(ErrorKind.DEADLINE_EXPIRED, "typedData.message.deadline",
                    "deadline " + intent.deadline() + " has passed (now " + now + ")");
        }
        if (intent.deadline() > now + maxDeadline.toSeconds()) {
            throw ApiProblem.of(ErrorKind.DEADLINE_TOO_FAR, "typedData.message.deadline",
                    "deadline must be within " + maxDeadline + " from now");
        }
        SigningDomain domain = SigningDomain.of(origin.chainId(), origin.settler());
        TypedDataParser.checkDomain(typedData, domain);
        byte[] digest = IntentTypedData.digest(domain, intent);
        IntentSignature signature = verifiedSignature(body.get("signature"), digest, intent.user());
        return new Verified(intent, "0x" + HexFormat.of().formatHex(digest), signature);
    }

    /**
     * The body's {@code signature}, checked to be well-formed, low-s and by {@code user} over {@code digest};
     * throws {@link ApiProblem} naming the field otherwise. Every signed body the API takes is checked so.
     */
    static IntentSignature verifiedSignature(JsonNode sigNode, byte[] digest, Address user) {
        if (Strict.absent(sigNode)) {
            throw ApiProblem.of(ErrorKind.MISSING_FIELD, "signature", "signature (0x-prefixed 65-byte hex) is required");
        }
        if (!sigNode.isTextual()) {
            throw ApiProblem.of(ErrorKind.SIGNATURE_MALFORMED, "signature", "signature must be a JSON string of 0x-prefixed hex");
        }
        try {
            checkScalars(sigNode.textValue());
            IntentSignature signature = IntentSignature.parse(sigNode.textValue());
            signature.verify(digest, user);
            return signature;
        } catch (SignatureRejected e) {
            ErrorKind kind = switch (e.reason()) {
                case MALFORMED -> ErrorKind.SIGNATURE_MALFORMED;
                case MALLEABLE -> ErrorKind.SIGNATURE_MALLEABLE;
                case UNRECOVERABLE, WRONG_SIGNER -> ErrorKind.SIGNATURE_INVALID;
            };
            throw ApiProblem.of(kind, "signature", e.getMessage());
        } catch (ArithmeticException | IllegalArgumentException e) {
            // recovery arithmetic on a point that is not on the curve: no signer, not a server fault
            throw ApiProblem.of(ErrorKind.SIGNATURE_INVALID, "signature", "no signer recovers from this signature");
        }
    }

    /** {@code r} and {@code s} must each lie in 1..n−1 (n the secp256k1 order); recovery is undefined outside. */
    private static void checkScalars(String hex) {
        if (hex.length() != 132 || !hex.startsWith("0x")) {
            return; // the length and form are IntentSignature.parse's to judge
        }
        BigInteger r;
        BigInteger s;
        try {
            r = new BigInteger(hex.substring(2, 66), 16);
            s = new BigInteger(hex.substring(66, 130), 16);
        } catch (NumberFormatException e) {
            return;
        }
        if (r.signum() == 0 || r.compareTo(CURVE_ORDER) >= 0) {
            throw ApiProblem.of(ErrorKind.SIGNATURE_MALFORMED, "signature", "signature r must be between 1 and n-1 (the secp256k1 order)");
        }
        if (s.signum() == 0 || s.compareTo(CURVE_ORDER) >= 0) {
            throw ApiProblem.of(ErrorKind.SIGNATURE_MALFORMED, "signature", "signature s must be between 1 and n-1 (the secp256k1 order)");
        }
    }
}
