package io.metaroute.pipeline.port;

import io.metaroute.core.chain.Address;
import io.metaroute.core.route.Route;
import java.util.Optional;

/**
 * What became of the market makers' quotes a fill takes, for the quote book and the makers' fade
 * record: a quote being sent is routed no more; one that settled was used; one the settler refused
 * because of its maker (balance or allowance short, expired, already taken) counts against that maker.
 * Every method is called only for routes that take quotes.
 */
public interface QuoteOutcomes {
    /** The fill of {@code route} is about to be simulated and sent: its quotes may not be offered to another fill. */
    void taking(Route route);

    /** The fill was not sent, for a reason that is not a maker's: its quotes may be offered again. */
    void released(Route route);

    /** The fill of {@code route} settled on chain: each of its quotes was used. */
    void settled(Route route);

    /**
     * The settler refused the fill (in simulation or on chain) because of {@code maker}'s quote ({@code reason},
     * the settler's error name); empty {@code maker} when the error did not name one.
     */
    void failed(Route route, Optional<Address> maker, String reason);

    /** No market makers: nothing to record. */
    QuoteOutcomes NONE = new QuoteOutcomes() {
        @Override
        public void taking(Route route) {
        }

        @Override
        public void released(Route route) {
        }

        @Override
        public void settled(Route route) {
        }

        @Override
        public void failed(Route route, Optional<Address> maker, String reason) {
        }
    };
}
