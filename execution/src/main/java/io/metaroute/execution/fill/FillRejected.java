package io.metaroute.execution.fill;

import io.metaroute.core.chain.Address;
import java.util.Optional;

/** A fill that the settler refuses in simulation: nothing was sent, no nonce was used. */
public final class FillRejected extends RuntimeException {
    private final String reason;
    private final Address maker;

    public FillRejected(String reason, String message) {
        this(reason, message, null);
    }

    /** {@code maker}: the market maker the settler's error names (its quote failed), or null. */
    public FillRejected(String reason, String message, Address maker) {
        super(message);
        this.reason = reason;
        this.maker = maker;
    }

    /** A stable code: the settler's custom error name ({@code InsufficientOutput}, ...) or {@code SimulationFailed}. */
    public String reason() {
        return reason;
    }

    /** The maker whose quote made the settler refuse ({@code MakerTransferFailed}, {@code QuoteExpired}, ...), if any. */
    public Optional<Address> maker() {
        return Optional.ofNullable(maker);
    }
}
