package io.metaroute.core.network;

/** How final a message's origin state must be before delivery: Metalayer's {@code FinalityState}, in its order. */
public enum FinalityState {
    /** Soft finality: validators attest the sequencer's head. */
    INSTANT,
    /** The origin block is final ({@code finalized} tag). */
    FINALIZED;

    /** The Solidity enum value. */
    public int code() {
        return ordinal();
    }

    public static FinalityState ofCode(int code) {
        if (code < 0 || code >= values().length) {
            throw new IllegalArgumentException("no finality state " + code);
        }
        return values()[code];
    }
}
