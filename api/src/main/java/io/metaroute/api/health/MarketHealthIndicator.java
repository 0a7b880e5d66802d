package io.metaroute.api.health;

import io.metaroute.api.config.NetworkConfig.NetworkContext;
import io.metaroute.core.network.Rollup;
import io.metaroute.core.pool.PoolKey;
import io.metaroute.quotefeeds.gas.domain.GasBook;
import io.metaroute.quotefeeds.health.domain.FeedHealthBook;
import io.metaroute.quotefeeds.health.domain.RollupHealth;
import io.metaroute.quotefeeds.market.MarketStore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code market} under {@code /actuator/health}: per rollup (by name) whether routes may use it —
 * {@code UP}, {@code STALE} (no new block for its stale limit), {@code DOWN} (its node is failing) or
 * {@code UNKNOWN} — with why not, the last block followed (number, hash, block time, age), how the
 * pool feed follows it (WEBSOCKET or POLLING), the reorganisations seen, and per feed ({@code pools},
 * {@code gas}) its own state; per pool the block its reserves were last confirmed at. The component
 * is UP only while every rollup is; like {@code gas}, only the overall status reflects it, not the
 * liveness and readiness probes.
 */
@Component("market")
public class MarketHealthIndicator implements HealthIndicator {
    private final NetworkContext ctx;
    private final FeedHealthBook feeds;
    private final GasBook gas;
    private final MarketStore store;

    public MarketHealthIndicator(NetworkContext ctx, FeedHealthBook feeds, GasBook gas, MarketStore store) {
        this.ctx = ctx;
        this.feeds = feeds;
        this.gas = gas;
        this.store = store;
    }

    @Override
    public Health health() {
        boolean allUp = true;
        var details = new LinkedHashMap<String, Object>();
        Instant now = feeds.clock().instant();
        for (Rollup r : ctx.network().rollups()) {
            RollupHealth h = feeds.health(r.chainId());
            allUp &= h.routable();
            details.put(r.name(), detail(r, h, now));
        }
        return (allUp ? Health.up() : Health.down()).withDetails(details).build();
    }

    private Map<String, Object> detail(Rollup r, RollupHealth h, Instant now) {
        var d = new LinkedHashMap<String, Object>();
        d.put("chainId", r.chainId().value());
        d.put("status", h.state().name());
        h.reason(now).ifPresent(reason -> d.put("reason", reason));
        d.put("staleAfterMillis", h.staleAfter().toMillis());
        h.lastHead().ifPresent(head -> {
            d.put("block", head.number());
            d.put("blockHash", head.hash());
            d.put("blockTime", head.timestamp().toString());
            d.put("seenAt", h.seenAt().toString());
            d.put("ageMillis", h.age(now).orElseThrow().toMillis());
        });
        d.put("reorgs", h.reorgs());
        d.put("deepestReorg", h.deepestReorg());
        var pools = new LinkedHashMap<String, Object>();
        pools.put("status", h.state().name());
        pools.put("mode", h.mode().name());
        var confirmed = new LinkedHashMap<String, Object>();
        r.pools().forEach(p -> store.position(new PoolKey(r.chainId(), p.address()))
                .ifPresent(at -> confirmed.put(p.address().checksummed(), at.block())));
        pools.put("confirmedAtBlock", confirmed);
        store.confirmedAt(r.chainId()).ifPresent(at -> pools.put("lastFullRead", at.toString()));
        var feedsOf = new LinkedHashMap<String, Object>();
        feedsOf.put("pools", pools);
        feedsOf.put("gas", Map.of("status", gas.status(r.chainId()).state().name()));
        d.put("feeds", feedsOf);
        return d;
    }
}
