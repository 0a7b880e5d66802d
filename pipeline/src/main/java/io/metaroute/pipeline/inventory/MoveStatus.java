package io.metaroute.pipeline.inventory;

import java.util.Locale;

/**
 * Where a move of the solver's inventory between rollups is: planned (written, nothing signed) → signed (the
 * warp transfer's raw transaction stored, possibly sent) → dispatched (mined: the collateral router took the
 * tokens and the Mailbox dispatched the message) → delivered (the destination's router paid them out); or
 * failed (the transfer reverted or could not be built: nothing moved).
 */
public enum MoveStatus {
    PLANNED, SIGNED, DISPATCHED, DELIVERED, FAILED;

    public String db() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MoveStatus fromDb(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }

    public boolean finished() {
        return this == DELIVERED || this == FAILED;
    }
}
