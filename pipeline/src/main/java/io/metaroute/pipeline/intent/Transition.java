package io.metaroute.pipeline.intent;

import java.math.BigInteger;

/** The new status of an intent and whatever the step learned; null fields are left as they are. */
public record Transition(IntentStatus status, String detail, String reason, BigInteger quotedAmountOut,
                         BigInteger realisedAmountOut, String routeJson, String txHash, String rawTx) {

    public static Transition to(IntentStatus status, String detail) {
        return new Transition(status, detail, null, null, null, null, null, null);
    }

    public Transition reason(String r) {
        return new Transition(status, detail, r, quotedAmountOut, realisedAmountOut, routeJson, txHash, rawTx);
    }

    public Transition quoted(BigInteger q, String route) {
        return new Transition(status, detail, reason, q, realisedAmountOut, route, txHash, rawTx);
    }

    public Transition realised(BigInteger r) {
        return new Transition(status, detail, reason, quotedAmountOut, r, routeJson, txHash, rawTx);
    }

    public Transition tx(String hash, String raw) {
        return new Transition(status, detail, reason, quotedAmountOut, realisedAmountOut, routeJson, hash, raw);
    }
}
