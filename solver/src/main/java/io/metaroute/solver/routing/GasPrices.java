package io.metaroute.solver.routing;

import io.metaroute.core.chain.ChainId;
import java.math.BigInteger;
import java.util.Optional;

/**
 * Where the router's gas price comes from: the live price of a rollup (base fee plus priority fee, in
 * wei per gas) while one is known and current; empty when there is none, and the router then prices
 * gas at the network file's {@code gasPriceWei} of that rollup.
 */
@FunctionalInterface
public interface GasPrices {
    Optional<BigInteger> gasPriceWei(ChainId chain);

    /**
     * The live Metalayer fee, in wei of {@code dispatchedOn}'s native coin, of the message that settles a
     * cross-rollup transfer into {@code dispatchedOn} from {@code settledOn} (the release dispatched on the
     * transfer's destination to its origin), as the router's {@code quoteDispatch} answers it; empty when none
     * is known, and the router then prices the configured message fee.
     */
    default Optional<BigInteger> messageFeeWei(ChainId dispatchedOn, ChainId settledOn) {
        return Optional.empty();
    }

    /** No live prices: every rollup at its network file price. */
    GasPrices NETWORK_FILE = chain -> Optional.empty();
}
