package io.metaroute.pipeline.cross;

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
     */
    record Snapshot(Map<Holding, BigInteger> balances, List<CrossRow> inFlight) {
    }

    Mono<Snapshot> snapshot();
}
