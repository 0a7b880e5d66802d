package io.metaroute.pipeline.intent;

import java.util.Locale;

/** received → routed → submitted → filled | rejected | failed. */
public enum IntentStatus {
    RECEIVED, ROUTED, SUBMITTED, FILLED, REJECTED, FAILED;

    public String db() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static IntentStatus fromDb(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }

    public boolean finished() {
        return this == FILLED || this == REJECTED || this == FAILED;
    }
}
