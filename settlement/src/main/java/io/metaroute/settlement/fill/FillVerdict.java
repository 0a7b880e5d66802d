package io.metaroute.settlement.fill;

import java.util.List;

/** Whether an on-chain fill honours the signed intent; every broken rule is listed. */
public record FillVerdict(List<String> violations, List<LedgerEntry> entries) {
    public FillVerdict {
        violations = List.copyOf(violations);
        entries = List.copyOf(entries);
    }

    public boolean honoured() {
        return violations.isEmpty();
    }
}
