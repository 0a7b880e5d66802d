package io.metaroute.api.persistence;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads for following intents as they move, over both kinds (single-rollup intents and cross-rollup
 * orders): where a set of them stands now, in one query however many are followed, and the most
 * recently changed ones with their steps. Read only; the stores own every write.
 */
public final class IntentActivity {
    private final DatabaseClient db;

    public IntentActivity(DatabaseClient db) {
        this.db = db;
    }

    /** Where an intent stands: its status and when its row last changed. Two equal versions: nothing moved. */
    public record Version(UUID id, String status, Instant updatedAt) {
    }

    /** The versions of those of {@code ids} that exist, of either kind. */
    public Flux<Version> versions(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Flux.empty();
        }
        UUID[] array = ids.toArray(new UUID[0]);
        return db.sql("select id, status, updated_at from intents where id = any(:ids) "
                        + "union all select id, status, updated_at from cross_orders where id = any(:ids)")
                .bind("ids", array)
                .map(r -> new Version(r.get("id", UUID.class), r.get("status", String.class),
                        r.get("updated_at", OffsetDateTime.class).toInstant()))
                .all();
    }

    /**
     * The {@code limit} intents and orders changed last, newest first: kind ({@code swap} or
     * {@code cross-rollup}), status, reason, chains, tokens, amounts in base units (the realised output,
     * else the quoted one), times, and every step's status and time.
     */
    public Mono<List<Map<String, Object>>> recent(int limit) {
        return db.sql("""
                        (select id, 'swap' as kind, status, reason, origin_chain_id, destination_chain_id, token_in, amount_in,
                                token_out, coalesce(realised_amount_out, quoted_amount_out) as amount_out, created_at, updated_at
                           from intents order by updated_at desc limit :n)
                        union all
                        (select id, 'cross-rollup', status, reason, origin_chain_id, destination_chain_id, token_in, amount_in,
                                token_out, filled_amount, created_at, updated_at
                           from cross_orders order by updated_at desc limit :n)
                        order by updated_at desc limit :n""")
                .bind("n", limit)
                .map(r -> {
                    var m = new LinkedHashMap<String, Object>();
                    m.put("id", r.get("id", UUID.class).toString());
                    m.put("kind", r.get("kind", String.class));
                    m.put("status", r.get("status", String.class));
                    m.put("reason", r.get("reason", String.class));
                    m.put("originChainId", r.get("origin_chain_id", Long.class));
                    m.put("destinationChainId", r.get("destination_chain_id", Long.class));
                    m.put("tokenIn", r.get("token_in", String.class));
                    m.put("amountIn", text(r.get("amount_in", BigDecimal.class)));
                    m.put("tokenOut", r.get("token_out", String.class));
                    m.put("amountOut", text(r.get("amount_out", BigDecimal.class)));
                    m.put("createdAt", r.get("created_at", OffsetDateTime.class).toInstant().toString());
                    m.put("updatedAt", r.get("updated_at", OffsetDateTime.class).toInstant().toString());
                    return (Map<String, Object>) m;
                })
                .all()
                .collectList()
                .flatMap(this::withSteps);
    }

    private Mono<List<Map<String, Object>>> withSteps(List<Map<String, Object>> rows) {
        if (rows.isEmpty()) {
            return Mono.just(rows);
        }
        UUID[] ids = rows.stream().map(m -> UUID.fromString((String) m.get("id"))).toArray(UUID[]::new);
        return db.sql("select intent_id as id, status, at, id as seq from intent_events where intent_id = any(:ids) "
                        + "union all select order_row, status, at, id from cross_order_events where order_row = any(:ids) "
                        + "order by at, seq")
                .bind("ids", ids)
                .map(r -> Map.entry(r.get("id", UUID.class).toString(),
                        Map.<String, Object>of("status", r.get("status", String.class),
                                "at", r.get("at", OffsetDateTime.class).toInstant().toString())))
                .all()
                .collectMultimap(Map.Entry::getKey, Map.Entry::getValue)
                .map(steps -> {
                    for (Map<String, Object> row : rows) {
                        row.put("steps", new ArrayList<>(steps.getOrDefault((String) row.get("id"), List.of())));
                    }
                    return rows;
                });
    }

    private static String text(BigDecimal v) {
        return v == null ? null : v.toBigIntegerExact().toString();
    }
}
