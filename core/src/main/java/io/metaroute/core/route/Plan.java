package io.metaroute.core.route;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import java.math.BigInteger;

/** How an intent's input becomes its output: on one rollup ({@link Route}) or across two ({@link CrossRollupRoute}). */
public sealed interface Plan permits Route, CrossRollupRoute {
    ChainId originChain();

    ChainId destinationChain();

    Address tokenIn();

    Address tokenOut();

    BigInteger amountIn();

    /** What the recipient receives on the destination, in base units of {@code tokenOut}. */
    BigInteger amountOut();

    long snapshotVersion();
}
