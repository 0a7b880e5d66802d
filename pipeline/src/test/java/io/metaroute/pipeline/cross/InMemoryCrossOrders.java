package io.metaroute.pipeline.cross;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The saga's store in memory, compare-and-set as the PostgreSQL one, with every change kept in order. */
final class InMemoryCrossOrders implements CrossOrderStore {
    final Map<UUID, CrossRow> rows = new ConcurrentHashMap<>();
    final List<CrossChange> changes = new ArrayList<>();
    /** The ledger lines of every booking, in order. */
    final List<List<io.metaroute.settlement.ledger.Posting>> bookings = new ArrayList<>();

    void put(CrossRow row) {
        rows.put(row.id(), row);
    }

    @Override
    public Mono<CrossRow> find(UUID id) {
        return Mono.justOrEmpty(rows.get(id));
    }

    @Override
    public Flux<CrossRow> unfinished() {
        return Flux.fromIterable(rows.values().stream().filter(r -> !r.status().finished())
                .sorted(Comparator.comparing(CrossRow::createdAt)).toList());
    }

    @Override
    public synchronized Mono<Boolean> transition(UUID id, CrossStatus from, CrossChange c) {
        CrossRow r = rows.get(id);
        if (r == null || r.status() != from) {
            return Mono.just(false);
        }
        rows.put(id, new CrossRow(id, r.order(), r.signature(), c.status(), c.reason() != null ? c.reason() : r.reason(),
                c.txChain() != null ? c.txChain() : r.txChain(), c.txHash() != null ? c.txHash() : r.txHash(),
                c.rawTx() != null ? c.rawTx() : r.rawTx(), c.filledAmount() != null ? c.filledAmount() : r.filledAmount(),
                c.messageId() != null ? c.messageId() : r.messageId(), c.filler() != null ? c.filler() : r.filler(),
                r.createdAt(), Instant.now()));
        changes.add(c);
        if (!c.postings().isEmpty()) {
            bookings.add(c.postings());
        }
        return Mono.just(true);
    }

    @Override
    public synchronized Mono<Boolean> transitionAll(List<UUID> ids, CrossStatus from, CrossChange change) {
        if (!ids.stream().allMatch(id -> rows.containsKey(id) && rows.get(id).status() == from)) {
            return Mono.just(false);
        }
        var noLines = change.booking(List.of());
        ids.forEach(id -> transition(id, from, noLines).block());
        if (!change.postings().isEmpty()) {
            bookings.add(change.postings()); // once for the message, as the database books it
        }
        return Mono.just(true);
    }
}
