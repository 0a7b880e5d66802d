package io.metaroute.pipeline.cross;

import java.math.BigInteger;

/** The new status of a cross-rollup order and what the step learned; null fields are left as they are. */
public record CrossChange(CrossStatus status, String detail, String reason, Long txChain, String txHash, String rawTx,
                          BigInteger filledAmount, String messageId) {

    public static CrossChange to(CrossStatus status, String detail) {
        return new CrossChange(status, detail, null, null, null, null, null, null);
    }

    public CrossChange reason(String r) {
        return new CrossChange(status, detail, r, txChain, txHash, rawTx, filledAmount, messageId);
    }

    public CrossChange tx(long chain, String hash, String raw) {
        return new CrossChange(status, detail, reason, chain, hash, raw, filledAmount, messageId);
    }

    public CrossChange filled(BigInteger amount) {
        return new CrossChange(status, detail, reason, txChain, txHash, rawTx, amount, messageId);
    }

    public CrossChange message(String id) {
        return new CrossChange(status, detail, reason, txChain, txHash, rawTx, filledAmount, id);
    }
}
