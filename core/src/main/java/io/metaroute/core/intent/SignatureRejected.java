package io.metaroute.core.intent;

/** A signature that must not be accepted, with the reason as a stable code. */
public final class SignatureRejected extends RuntimeException {
    public enum Reason {
        /** Not 65 bytes of hex, or a {@code v} other than 0, 1, 27 or 28. */
        MALFORMED,
        /** {@code s} in the upper half of the curve order: a malleable copy of a valid signature. */
        MALLEABLE,
        /** No public key recovers from it. */
        UNRECOVERABLE,
        /** It recovers to someone other than the intent's user. */
        WRONG_SIGNER
    }

    private final Reason reason;

    public SignatureRejected(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
