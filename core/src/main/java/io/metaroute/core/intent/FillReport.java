package io.metaroute.core.intent;

import io.metaroute.core.chain.Address;
import java.math.BigInteger;

/** What the settler's {@code IntentFilled} event says happened on chain. */
public record FillReport(
        String intentHash,
        Address user,
        Address recipient,
        Address tokenIn,
        Address tokenOut,
        BigInteger amountIn,
        BigInteger amountOut,
        Address solver,
        String txHash,
        long blockNumber) {
}
