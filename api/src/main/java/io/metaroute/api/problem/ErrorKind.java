package io.metaroute.api.problem;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import org.springframework.http.HttpStatus;

/**
 * Every refusal the service gives, with its HTTP status: the one list both the HTTP API and the
 * WebSocket stream answer from, so the same fault has the same {@code kind} everywhere. The
 * wire name ({@link #wire()}) is the constant in lower case; a client switches on it.
 */
public enum ErrorKind {
    MALFORMED_JSON(HttpStatus.BAD_REQUEST, "the body is not JSON of the expected shape"),
    MISSING_FIELD(HttpStatus.BAD_REQUEST, "a required field is absent (or null)"),
    UNKNOWN_FIELD(HttpStatus.BAD_REQUEST, "a field that is not part of the request (e.g. a misspelt one); `field` names it"),
    INVALID_FIELD(HttpStatus.BAD_REQUEST, "a field is ill-formed or out of range (wrong JSON type, empty string, fraction where an integer is due)"),
    INVALID_ADDRESS(HttpStatus.BAD_REQUEST, "not 0x + 40 hex digits, or mixed case that fails the EIP-55 checksum"),
    INVALID_AMOUNT(HttpStatus.BAD_REQUEST, "not a decimal base-unit integer string, zero, negative, or above 2^256-1"),
    INVALID_RECIPIENT(HttpStatus.BAD_REQUEST, "the recipient is the zero address, the settler, or a token contract of the rollup: funds sent there are lost"),
    UNKNOWN_CHAIN(HttpStatus.BAD_REQUEST, "the chain is not served here (see GET /v1/chains)"),
    UNKNOWN_TOKEN(HttpStatus.BAD_REQUEST, "the token is not listed on the chain (see GET /v1/tokens)"),
    DEADLINE_EXPIRED(HttpStatus.BAD_REQUEST, "the deadline has passed"),
    DEADLINE_TOO_FAR(HttpStatus.BAD_REQUEST, "the deadline is beyond metaroute.intake.max-deadline"),
    TYPED_DATA_MISMATCH(HttpStatus.BAD_REQUEST, "primaryType or types are not exactly ours"),
    DOMAIN_MISMATCH(HttpStatus.BAD_REQUEST, "the signing domain's name, version, chainId or verifyingContract is not the origin settler's"),
    SIGNATURE_MALFORMED(HttpStatus.BAD_REQUEST, "the signature is not 65 bytes of hex, has an unknown v, or r/s outside 1..n-1"),
    SIGNATURE_MALLEABLE(HttpStatus.BAD_REQUEST, "the signature is in its high-s (malleable) form"),
    SIGNATURE_INVALID(HttpStatus.BAD_REQUEST, "the signature was not made by the intent's user"),
    INTENT_NOT_FOUND(HttpStatus.NOT_FOUND, "no intent with that id"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "no such endpoint"),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "the endpoint does not answer this HTTP method (see the Allow header)"),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "the Accept header names no type the endpoint produces (it speaks application/json)"),
    NONCE_REUSED(HttpStatus.CONFLICT, "another live or finished intent of this user already holds the nonce on this chain"),
    PAYLOAD_TOO_LARGE(HttpStatus.PAYLOAD_TOO_LARGE, "the body is larger than metaroute.http.max-body"),
    URI_TOO_LONG(HttpStatus.URI_TOO_LONG, "the request target is longer than metaroute.http.max-uri-length"),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "the Content-Type is not application/json"),
    UNSUPPORTED_ROUTE(HttpStatus.UNPROCESSABLE_ENTITY, "the route is not one this service settles (a SwapIntent across rollups, or a rollup without Metalayer)"),
    NO_ROUTE(HttpStatus.UNPROCESSABLE_ENTITY, "no route; the detail starts with the reason"),
    INSUFFICIENT_BALANCE(HttpStatus.UNPROCESSABLE_ENTITY, "the user's wallet holds less of tokenIn than amountIn"),
    INSUFFICIENT_ALLOWANCE(HttpStatus.UNPROCESSABLE_ENTITY, "the user has approved the settler for less of tokenIn than amountIn"),
    VALIDATOR_NOT_HERE(HttpStatus.NOT_FOUND, "the Metalayer validator named is not run by this process (see GET /v1/metalayer/validators)"),
    MESSAGE_NOT_FOUND(HttpStatus.NOT_FOUND, "the relayer's outbox has no message with that id"),
    UNKNOWN_SUBSCRIPTION(HttpStatus.NOT_FOUND, "(stream) no subscription of this connection has that id"),
    SUBSCRIPTION_LIMIT(HttpStatus.TOO_MANY_REQUESTS, "(stream) the connection holds metaroute.stream.max-subscriptions subscriptions already"),
    READ_NOT_ATTESTED(HttpStatus.UNPROCESSABLE_ENTITY, "the validator will not attest the read: the snapshot block is not on its chain, older than it allows, or the call reverted"),
    CHAIN_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "the rollup's node did not answer the intake's balance read; nothing was stored, try again"),
    OVERLOADED(HttpStatus.SERVICE_UNAVAILABLE, "the solver's bounded queue is full; nothing was stored, try again after Retry-After seconds"),
    INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR, "an unexpected error on the server (a bug: never caused by input)");

    private final HttpStatus status;
    private final String description;

    ErrorKind(HttpStatus status, String description) {
        this.status = status;
        this.description = description;
    }

    public HttpStatus status() {
        return status;
    }

    /** What the kind means, for the API document. */
    public String description() {
        return description;
    }

    /** The stable name on the wire, e.g. {@code unknown_field}. */
    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return wire();
    }
}
