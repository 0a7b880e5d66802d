package io.metaroute.execution.fill;

import io.metaroute.core.intent.FillReport;

/** How a broadcast fill ended on chain. */
public sealed interface FillOutcome {
    record Filled(FillReport report) implements FillOutcome {
    }

    record Reverted(String txHash, String reason) implements FillOutcome {
    }
}
