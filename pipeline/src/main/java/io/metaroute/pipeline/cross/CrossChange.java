package io.metaroute.pipeline.cross;

import io.metaroute.core.chain.Address;
import io.metaroute.settlement.ledger.Posting;
import java.math.BigInteger;
import java.util.List;

/**
 * The new status of a cross-rollup order and what the step learned; null fields are left as they are.
 * {@code postings} are the ledger lines the step books, in the same transaction as the move.
 */
public record CrossChange(CrossStatus status, String detail, String reason, Long txChain, String txHash, String rawTx,
                          BigInteger filledAmount, String messageId, Address filler, List<Posting> postings) {

    public CrossChange {
        postings = postings == null ? List.of() : List.copyOf(postings);
    }

    public static CrossChange to(CrossStatus status, String detail) {
        return new CrossChange(status, detail, null, null, null, null, null, null, null, List.of());
    }

    public CrossChange reason(String r) {
        return new CrossChange(status, detail, r, txChain, txHash, rawTx, filledAmount, messageId, filler, postings);
    }

    public CrossChange tx(long chain, String hash, String raw) {
        return new CrossChange(status, detail, reason, chain, hash, raw, filledAmount, messageId, filler, postings);
    }

    /** The fill record: what the recipient received and who filled it (the one the release repays). */
    public CrossChange filled(BigInteger amount, Address by) {
        return new CrossChange(status, detail, reason, txChain, txHash, rawTx, amount, messageId, by, postings);
    }

    public CrossChange message(String id) {
        return new CrossChange(status, detail, reason, txChain, txHash, rawTx, filledAmount, id, filler, postings);
    }

    public CrossChange booking(List<Posting> lines) {
        return new CrossChange(status, detail, reason, txChain, txHash, rawTx, filledAmount, messageId, filler, lines);
    }
}
