package io.metaroute.execution.fill;

import io.metaroute.core.intent.FillReport;

/** How a broadcast fill ended on chain. */
public sealed interface FillOutcome {
    /**
     * @param settledTogether how many intents the same transaction settled (1 for a fill; more when
     *                        matched intents were settled together and paid each other)
     */
    record Filled(FillReport report, int settledTogether) implements FillOutcome {
        public Filled(FillReport report) {
            this(report, 1);
        }
    }

    /** {@code maker}: the market maker the settler's error names (its quote failed on chain), or null. */
    record Reverted(String txHash, String reason, io.metaroute.core.chain.Address maker) implements FillOutcome {
        public Reverted(String txHash, String reason) {
            this(txHash, reason, null);
        }
    }
}
