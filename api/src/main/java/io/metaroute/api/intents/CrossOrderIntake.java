package io.metaroute.api.intents;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaroute.api.input.Strict;
import io.metaroute.api.persistence.CrossOrderRepository;
import io.metaroute.api.persistence.InsertOutcome;
import io.metaroute.api.problem.ApiProblem;
import io.metaroute.api.problem.ErrorKind;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.chain.InvalidValueException;
import io.metaroute.core.cross.CrossOrder;
import io.metaroute.core.cross.CrossOrderTypedData;
import io.metaroute.core.intent.IntentSignature;
import io.metaroute.core.intent.SigningDomain;
import io.metaroute.core.network.FinalityState;
import io.metaroute.core.network.MetalayerContracts;
import io.metaroute.core.network.Network;
import io.metaroute.core.network.Rollup;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Takes a signed cross-rollup order in: the wallet's {@code eth_signTypedData_v4} object of a
 * {@code GaslessCrossChainOrder} whose {@code orderData} is the {@code MetarouteOrder} it encodes,
 * read strictly (types, when given, exactly ours; exactly our fields), its domain the origin's cross
 * settler, every term checked against the network and the service's protocol fee, the signature
 * verified against the pinned typed data; then stored once. Nothing is stored unless every check passed.
 */
public final class CrossOrderIntake {
    private static final String M = "typedData.message.";
    private static final String D = "typedData.message.orderData.";

    private final Network network;
    private final CrossOrderRepository repository;
    private final Duration maxDeadline;
    private final int feeBps;
    private final Clock clock;

    public CrossOrderIntake(Network network, CrossOrderRepository repository, Duration maxDeadline, int feeBps, Clock clock) {
        this.network = network;
        this.repository = repository;
        this.maxDeadline = maxDeadline;
        this.feeBps = feeBps;
        this.clock = clock;
    }

    /** Whether {@code body} is a cross-rollup order (its typed data's primary type says so). */
    public static boolean isCrossOrder(JsonNode body) {
        return body != null && CrossOrderTypedData.PRIMARY_TYPE.equals(body.path("typedData").path("primaryType").asText(null));
    }

    public Mono<IntentIntake.Accepted> accept(JsonNode body) {
        return Mono.fromCallable(() -> verify(body))
                .flatMap(v -> repository.insert(v.order(), v.signature().toHex()))
                .map(outcome -> switch (outcome) {
                    case InsertOutcome.Created c -> new IntentIntake.Accepted(c.id(), false, null);
                    case InsertOutcome.Duplicate d -> new IntentIntake.Accepted(d.id(), true, null);
                    case InsertOutcome.NonceTaken t -> throw ApiProblem.of(ErrorKind.NONCE_REUSED, M + "nonce",
                            "this nonce is held by order " + t.existingId());
                });
    }

    public record Verified(CrossOrder order, IntentSignature signature) {
    }

    public Verified verify(JsonNode body) {
        Strict.onlyFields(body, List.of("typedData", "signature"), null);
        JsonNode typedData = body.get("typedData");
        Strict.onlyFields(typedData, List.of("types", "primaryType", "domain", "message"), "typedData");
        checkTypes(typedData.get("types"));
        JsonNode m = object(typedData.get("message"), "typedData.message");
        exactFields(m, CrossOrderTypedData.ORDER_FIELDS.keySet().stream().filter(f -> !f.equals("orderData")).toList(),
                "typedData.message", "orderData");
        JsonNode d = object(m.get("orderData"), "typedData.message.orderData");
        exactFields(d, List.copyOf(CrossOrderTypedData.ORDER_DATA_FIELDS.keySet()), "typedData.message.orderData", null);
        if (!CrossOrderTypedData.ORDER_DATA_TYPEHASH.equalsIgnoreCase(Strict.text(m.get("orderDataType"), M + "orderDataType"))) {
            throw ApiProblem.of(ErrorKind.TYPED_DATA_MISMATCH, M + "orderDataType",
                    "orderDataType must be " + CrossOrderTypedData.ORDER_DATA_TYPEHASH + " (the MetarouteOrder type hash)");
        }
        CrossOrder order = order(m, d);
        Rollup origin = rollup(order.originChainId(), M + "originChainId");
        Rollup destination = rollup(order.destinationChainId(), D + "destinationChainId");
        MetalayerContracts contracts = network.metalayer().contracts(origin.domain()).orElseThrow(() -> ApiProblem.of(
                ErrorKind.UNSUPPORTED_ROUTE, M + "originChainId", "chain " + origin.chainId() + " has no Metalayer deployment"));
        if (network.metalayer().contracts(destination.domain()).isEmpty()) {
            throw ApiProblem.of(ErrorKind.UNSUPPORTED_ROUTE, D + "destinationChainId",
                    "chain " + destination.chainId() + " has no Metalayer deployment");
        }
        if (!order.originSettler().equals(contracts.crossSettler())) {
            throw ApiProblem.of(ErrorKind.DOMAIN_MISMATCH, M + "originSettler",
                    "originSettler must be the cross settler " + contracts.crossSettler().checksummed() + " of chain " + origin.chainId());
        }
        if (origin.token(order.tokenIn()).isEmpty()) {
            throw ApiProblem.of(ErrorKind.UNKNOWN_TOKEN, D + "tokenIn", order.tokenIn() + " is not a token on chain " + origin.chainId());
        }
        if (destination.token(order.tokenOut()).isEmpty()) {
            throw ApiProblem.of(ErrorKind.UNKNOWN_TOKEN, D + "tokenOut",
                    order.tokenOut() + " is not a token on chain " + destination.chainId());
        }
        Recipients.check(destination, order.recipient(), D + "recipient");
        if (order.feeBps() != feeBps) {
            throw ApiProblem.of(ErrorKind.INVALID_FIELD, D + "feeBps", "feeBps must be the protocol fee " + feeBps
                    + " (as POST /v1/quotes answers it), got " + order.feeBps());
        }
        long now = clock.instant().getEpochSecond();
        if (order.openDeadline() <= now) {
            throw ApiProblem.of(ErrorKind.DEADLINE_EXPIRED, M + "openDeadline", "openDeadline " + order.openDeadline()
                    + " has passed (now " + now + ")");
        }
        if (order.fillDeadline() > now + maxDeadline.toSeconds()) {
            throw ApiProblem.of(ErrorKind.DEADLINE_TOO_FAR, M + "fillDeadline", "fillDeadline must be within " + maxDeadline + " from now");
        }
        TypedDataParser.checkDomain(typedData, SigningDomain.of(origin.chainId(), contracts.crossSettler()));
        return new Verified(order, IntentIntake.verifiedSignature(body.get("signature"), CrossOrderTypedData.digest(order), order.user()));
    }

    private CrossOrder order(JsonNode m, JsonNode d) {
        try {
            int finality = Strict.uint(d.get("finality"), D + "finality", ErrorKind.INVALID_FIELD).intValueExact();
            if (finality > 1) {
                throw ApiProblem.of(ErrorKind.INVALID_FIELD, D + "finality", "finality must be 0 (INSTANT) or 1 (FINALIZED)");
            }
            BigInteger fee = Strict.uint(d.get("feeBps"), D + "feeBps", ErrorKind.INVALID_FIELD);
            return new CrossOrder(Strict.address(m.get("originSettler"), M + "originSettler"), Strict.address(m.get("user"), M + "user"),
                    Strict.uint(m.get("nonce"), M + "nonce", ErrorKind.INVALID_FIELD), chain(m.get("originChainId"), M + "originChainId"),
                    seconds(m.get("openDeadline"), M + "openDeadline"), seconds(m.get("fillDeadline"), M + "fillDeadline"),
                    Strict.address(d.get("tokenIn"), D + "tokenIn"), Strict.amount(d.get("amountIn"), D + "amountIn"),
                    chain(d.get("destinationChainId"), D + "destinationChainId"), Strict.address(d.get("tokenOut"), D + "tokenOut"),
                    Strict.amount(d.get("minAmountOut"), D + "minAmountOut"), Strict.address(d.get("recipient"), D + "recipient"),
                    FinalityState.ofCode(finality), fee.bitLength() > 16 ? Integer.MAX_VALUE : fee.intValueExact());
        } catch (InvalidValueException e) {
            String path = switch (e.field()) {
                case "nonce", "openDeadline", "fillDeadline" -> M + e.field();
                default -> D + e.field();
            };
            throw ApiProblem.of(e.field().equals("recipient") ? ErrorKind.INVALID_RECIPIENT : ErrorKind.INVALID_FIELD, path,
                    path + ": " + e.getMessage());
        }
    }

    private Rollup rollup(ChainId chain, String path) {
        return network.rollup(chain).orElseThrow(() -> ApiProblem.of(ErrorKind.UNKNOWN_CHAIN, path,
                "chain " + chain + " is not served here; see GET /v1/chains"));
    }

    private static ChainId chain(JsonNode v, String path) {
        BigInteger id = Strict.uint(v, path, ErrorKind.INVALID_FIELD);
        if (id.signum() == 0 || id.bitLength() > 62) {
            throw ApiProblem.of(ErrorKind.UNKNOWN_CHAIN, path, "no chain has id " + id);
        }
        return ChainId.of(id.longValueExact());
    }

    private static long seconds(JsonNode v, String path) {
        BigInteger s = Strict.uint(v, path, ErrorKind.INVALID_FIELD);
        if (s.bitLength() > 32) {
            throw ApiProblem.of(ErrorKind.DEADLINE_TOO_FAR, path, path + " must fit a uint32 of unix seconds, got " + s);
        }
        return s.longValueExact();
    }

    private static JsonNode object(JsonNode v, String path) {
        if (Strict.absent(v)) {
            throw ApiProblem.of(ErrorKind.MISSING_FIELD, path, path + " is required");
        }
        if (!v.isObject()) {
            throw ApiProblem.of(ErrorKind.INVALID_FIELD, path, path + " must be an object");
        }
        return v;
    }

    private static void exactFields(JsonNode node, List<String> values, String path, String objectField) {
        var allowed = new java.util.ArrayList<>(values);
        if (objectField != null) {
            allowed.add(objectField);
        }
        Strict.onlyFields(node, allowed, path);
        for (String f : values) {
            JsonNode v = node.get(f);
            if (Strict.absent(v)) {
                throw ApiProblem.of(ErrorKind.MISSING_FIELD, path + "." + f, path + "." + f + " is required");
            }
            if (!v.isValueNode()) {
                throw ApiProblem.of(ErrorKind.INVALID_FIELD, path + "." + f, path + "." + f + " must be a string");
            }
        }
    }

    private static void checkTypes(JsonNode types) {
        if (types == null) {
            return; // optional: the pinned types are what is hashed
        }
        var want = Map.of(CrossOrderTypedData.PRIMARY_TYPE, CrossOrderTypedData.ORDER_FIELDS,
                CrossOrderTypedData.ORDER_DATA_TYPE, CrossOrderTypedData.ORDER_DATA_FIELDS);
        boolean ok = types.isObject() && types.size() == 3 && types.has("EIP712Domain");
        for (var e : want.entrySet()) {
            JsonNode list = types.get(e.getKey());
            ok &= list != null && list.isArray() && list.size() == e.getValue().size();
            if (ok) {
                int i = 0;
                for (var f : e.getValue().entrySet()) {
                    JsonNode t = list.get(i++);
                    ok &= t.path("name").asText().equals(f.getKey()) && t.path("type").asText().equals(f.getValue());
                }
            }
        }
        if (!ok) {
            throw ApiProblem.of(ErrorKind.TYPED_DATA_MISMATCH, "typedData.types",
                    "types must be exactly EIP712Domain, GaslessCrossChainOrder and MetarouteOrder as signed on chain");
        }
    }
}
