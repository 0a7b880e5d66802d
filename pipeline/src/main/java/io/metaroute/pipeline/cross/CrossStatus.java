package io.metaroute.pipeline.cross;

import java.util.Locale;

/**
 * Where a cross-rollup order is in its saga: received → opening → opened → filling → filled →
 * releasing → released; or, when it is not (or can no longer be) filled, → refunding → refunded.
 * An order the origin settler refuses to open is rejected (nothing was escrowed). {@code UNFILLED}
 * is an opened order the solver gave up on (the route stopped being safe or profitable, or the fill
 * deadline came): it waits for its fill deadline to pass and is then refunded.
 */
public enum CrossStatus {
    RECEIVED, OPENING, OPENED, FILLING, FILLED, RELEASING, RELEASED, UNFILLED, REFUNDING, REFUNDED, REJECTED;

    public String db() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CrossStatus fromDb(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }

    public boolean finished() {
        return this == RELEASED || this == REFUNDED || this == REJECTED;
    }
}
