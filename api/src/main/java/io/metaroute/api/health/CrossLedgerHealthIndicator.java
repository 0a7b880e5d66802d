package io.metaroute.api.health;

import io.metaroute.pipeline.cross.CrossReconciler;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code crossLedger} under {@code /actuator/health}: DOWN while the last reconciliation found holdings
 * whose on-chain balance differs from the ledger (each listed with both amounts, exact), UP when it found
 * none, UNKNOWN before the first run. The run that opened the ledger lists the opening balances it
 * booked ({@code openedWith}). Only the overall status reflects it, not the probes.
 */
@Component("crossLedger")
public class CrossLedgerHealthIndicator implements HealthIndicator {
    private final CrossReconciler reconciler;

    public CrossLedgerHealthIndicator(CrossReconciler reconciler) {
        this.reconciler = reconciler;
    }

    @Override
    public Health health() {
        return reconciler.last().map(r -> {
            var details = new LinkedHashMap<String, Object>();
            details.put("at", r.at().toString());
            details.put("blocks", r.blocks().entrySet().stream().collect(java.util.stream.Collectors.toMap(
                    e -> String.valueOf(e.getKey().value()), Map.Entry::getValue)));
            details.put("holdings", r.holdings());
            details.put("differences", r.differences().stream().map(d -> Map.of("chainId", d.holding().chain().value(),
                    "token", d.holding().token().checksummed(), "account", d.holding().account().checksummed(),
                    "ledger", d.ledger().toString(), "chain", d.chain().toString(), "difference", d.delta().toString())).toList());
            details.put("seenOnce", r.unconfirmed().size());
            if (!r.opening().isEmpty()) {
                details.put("openedWith", r.opening().stream().map(d -> Map.of("chainId", d.holding().chain().value(),
                        "token", d.holding().token().checksummed(), "account", d.holding().account().checksummed(),
                        "amount", d.delta().toString())).toList());
            }
            return (r.balanced() ? Health.up() : Health.down()).withDetails(details).build();
        }).orElseGet(() -> Health.unknown().withDetail("reason", "not reconciled yet").build());
    }
}
