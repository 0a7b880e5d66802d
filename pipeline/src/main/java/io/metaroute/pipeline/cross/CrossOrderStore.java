package io.metaroute.pipeline.cross;

import java.util.List;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where the cross-rollup saga keeps its orders. Every change is a compare-and-set on the stored
 * status, and a change that carries a transaction stores its signed bytes with it, before the
 * saga sends them: after a crash the same bytes are sent again, never a second signing.
 */
public interface CrossOrderStore {
    Mono<CrossRow> find(UUID id);

    /** Orders not yet released, refunded or rejected, oldest first. */
    Flux<CrossRow> unfinished();

    /** Moves {@code id} from {@code from} to {@code change.status()}; false if it was not in {@code from}. */
    Mono<Boolean> transition(UUID id, CrossStatus from, CrossChange change);

    /** Moves all of {@code ids} from {@code from} with one change (one settlement message for many orders), or none. */
    Mono<Boolean> transitionAll(List<UUID> ids, CrossStatus from, CrossChange change);
}
