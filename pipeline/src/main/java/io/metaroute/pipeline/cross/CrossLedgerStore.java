package io.metaroute.pipeline.cross;

import io.metaroute.core.chain.ChainId;
import io.metaroute.settlement.ledger.Posting;
import io.metaroute.settlement.ledger.Posting.Holding;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/** The cross-rollup ledger as booked, for reconciliation against the chain. */
public interface CrossLedgerStore {
    /**
     * The ledger's balances and the orders whose current step may be mined but not yet booked (received,
     * opening, releasing, refunding), read as of one moment: no booking falls between the two.
     * {@code opened}: whether the ledger has taken its opening balances ({@link #open}).
     */
    record Snapshot(Map<Holding, BigInteger> balances, List<CrossRow> inFlight, boolean opened) {
    }

    Mono<Snapshot> snapshot();

    /**
     * Books the opening balances once: {@code lines} (each holding against the opening equity account)
     * and the mark that the ledger is open, as of {@code blocks}, in one transaction. False, booking
     * nothing, when the ledger was already open (another replica, or an earlier run, took them).
     */
    Mono<Boolean> open(List<Posting> lines, Map<ChainId, Long> blocks);
}
