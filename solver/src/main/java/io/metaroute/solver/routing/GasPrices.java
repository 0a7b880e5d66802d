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

    /** No live prices: every rollup at its network file price. */
    GasPrices NETWORK_FILE = chain -> Optional.empty();
}
