package io.metaroute.api.health;

import io.metaroute.api.config.NetworkConfig.NetworkContext;
import io.metaroute.core.network.Rollup;
import io.metaroute.quotefeeds.gas.domain.GasBook;
import io.metaroute.quotefeeds.gas.domain.GasQuote;
import io.metaroute.quotefeeds.gas.domain.GasStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code gas} under {@code /actuator/health}: per rollup (by name) whether its live gas price is
 * current ({@code UP}), {@code STALE} (no reading for its stale limit: the router prices gas from the
 * network file meanwhile) or {@code UNKNOWN} (never read), with the latest base fee, priority fee,
 * block and age. The component is UP only while every rollup's gas is UP. Only the health
 * endpoint's overall status reflects it; the liveness and readiness probes do not.
 */
@Component("gas")
public class GasHealthIndicator implements HealthIndicator {
    private final NetworkContext ctx;
    private final GasBook book;

    public GasHealthIndicator(NetworkContext ctx, GasBook book) {
        this.ctx = ctx;
        this.book = book;
    }

    @Override
    public Health health() {
        boolean allUp = true;
        var details = new LinkedHashMap<String, Object>();
        for (Rollup r : ctx.network().rollups()) {
            GasStatus status = book.status(r.chainId());
            allUp &= status.state() == GasStatus.State.UP;
            details.put(r.name(), detail(r, status));
        }
        return (allUp ? Health.up() : Health.down()).withDetails(details).build();
    }

    private Map<String, Object> detail(Rollup r, GasStatus status) {
        var d = new LinkedHashMap<String, Object>();
        d.put("chainId", r.chainId().value());
        d.put("status", status.state().name());
        d.put("staleAfterMillis", book.staleAfter(r.chainId()).toMillis());
        status.latest().ifPresent((GasQuote q) -> {
            d.put("baseFeeWei", q.baseFeeWei().toString());
            d.put("priorityFeeWei", q.priorityFeeWei().toString());
            d.put("gasPriceWei", q.gasPriceWei().toString());
            d.put("block", q.block());
            d.put("observedAt", q.observedAt().toString());
            d.put("ageMillis", book.age(q).toMillis());
        });
        return d;
    }
}
