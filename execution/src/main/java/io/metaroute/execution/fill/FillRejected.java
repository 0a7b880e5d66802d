package io.metaroute.execution.fill;

/** A fill that the settler refuses in simulation: nothing was sent, no nonce was used. */
public final class FillRejected extends RuntimeException {
    private final String reason;

    public FillRejected(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** A stable code: the settler's custom error name ({@code InsufficientOutput}, ...) or {@code SimulationFailed}. */
    public String reason() {
        return reason;
    }
}
