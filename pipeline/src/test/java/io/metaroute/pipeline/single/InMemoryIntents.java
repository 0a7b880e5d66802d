package io.metaroute.pipeline.single;

import io.metaroute.pipeline.intent.IntentRow;
import io.metaroute.pipeline.intent.IntentStatus;
import io.metaroute.pipeline.intent.Transition;
import io.metaroute.pipeline.port.IntentStore;
import io.metaroute.settlement.fill.LedgerEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The storage port in memory, for tests: compare-and-set on the status under one lock, every move remembered. */
final class InMemoryIntents implements IntentStore {
    private final Map<UUID, IntentRow> rows = new LinkedHashMap<>();
    private final Map<UUID, List<IntentStatus>> moves = new LinkedHashMap<>();
    private final Map<UUID, List<LedgerEntry>> ledger = new LinkedHashMap<>();

    synchronized void put(IntentRow row) {
        rows.put(row.id(), row);
        moves.computeIfAbsent(row.id(), k -> new ArrayList<>()).add(row.status());
    }

    synchronized IntentRow get(UUID id) {
        return rows.get(id);
    }

    /** Every status the intent was in, in order, starting with the one it was stored in. */
    synchronized List<IntentStatus> moves(UUID id) {
        return List.copyOf(moves.getOrDefault(id, List.of()));
    }

    synchronized List<LedgerEntry> ledger(UUID id) {
        return List.copyOf(ledger.getOrDefault(id, List.of()));
    }

    @Override
    public Mono<IntentRow> find(UUID id) {
        return Mono.fromCallable(() -> get(id));
    }

    @Override
    public Flux<UUID> unfinished() {
        return Flux.defer(() -> {
            synchronized (this) {
                return Flux.fromIterable(rows.values().stream().filter(r -> !r.status().finished()).map(IntentRow::id).toList());
            }
        });
    }

    @Override
    public Mono<Boolean> transition(UUID id, IntentStatus from, Transition change) {
        return Mono.fromCallable(() -> move(id, from, change));
    }

    @Override
    public Mono<Boolean> transitionAll(List<UUID> ids, IntentStatus from, Transition change) {
        return Mono.fromCallable(() -> {
            synchronized (this) {
                if (!ids.stream().allMatch(id -> rows.containsKey(id) && rows.get(id).status() == from)) {
                    return false;
                }
                ids.forEach(id -> move(id, from, change));
                return true;
            }
        });
    }

    @Override
    public Mono<Boolean> completeFill(UUID id, Transition filled, List<LedgerEntry> entries) {
        return Mono.fromCallable(() -> {
            synchronized (this) {
                if (!move(id, IntentStatus.SUBMITTED, filled)) {
                    return false;
                }
                ledger.computeIfAbsent(id, k -> new ArrayList<>()).addAll(entries);
                return true;
            }
        });
    }

    private synchronized boolean move(UUID id, IntentStatus from, Transition c) {
        IntentRow r = rows.get(id);
        if (r == null || r.status() != from) {
            return false;
        }
        rows.put(id, new IntentRow(r.id(), r.intentHash(), r.intent(), r.signature(), c.status(),
                c.reason() != null ? c.reason() : r.reason(),
                c.quotedAmountOut() != null ? c.quotedAmountOut() : r.quotedAmountOut(),
                c.realisedAmountOut() != null ? c.realisedAmountOut() : r.realisedAmountOut(),
                c.routeJson() != null ? c.routeJson() : r.routeJson(), c.txHash() != null ? c.txHash() : r.txHash(),
                c.rawTx() != null ? c.rawTx() : r.rawTx(), r.createdAt(), Instant.now()));
        moves.get(id).add(c.status());
        return true;
    }
}
