package io.metaroute.solver.routing;

import io.metaroute.core.chain.ChainId;
import io.metaroute.core.rfq.SignedQuote;
import java.util.List;

/**
 * Where the router finds market makers' firm quotes: those it may take on a rollup now, each signed by
 * its maker and not expiring before a fill could land (the quote book decides). The router treats each
 * as a venue beside the pools, a fixed price up to its amount.
 */
@FunctionalInterface
public interface FirmQuotes {
    List<SignedQuote> on(ChainId chain);

    /** No market makers. */
    FirmQuotes NONE = chain -> List.of();
}
