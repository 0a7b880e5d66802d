package io.metaroute.solver.cow;

import io.metaroute.core.chain.ChainId;
import java.util.Optional;
import java.util.Set;

/**
 * Where the uniform clearing price of an asset pair comes from. Every match of the pair in a
 * batch clears at this one price, in both directions.
 */
@FunctionalInterface
public interface ClearingPrices {

    /**
     * The price of the pair (quote per base, in base units), for a batch whose intents of this pair
     * give or receive on {@code chains}; empty when there is no price, and then the pair is not matched.
     */
    Optional<Price> price(AssetPair pair, Set<ChainId> chains);
}
