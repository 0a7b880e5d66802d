package io.metaroute.solver.batch.candidates;

import io.metaroute.core.intent.SwapIntent;
import io.metaroute.core.market.MarketSnapshot;
import java.util.List;

/**
 * Proposes route options for one intent on a snapshot, each for the intent's whole input. The
 * batch planner chooses among the options of all sources (or none: "not in this batch"), so a
 * source should offer a few good, different options rather than one. Sources are called from the
 * planner's own threads, possibly from several at once, and must not block on I/O.
 */
public interface CandidateSource {
    List<Candidate> candidates(SwapIntent intent, MarketSnapshot snapshot);
}
