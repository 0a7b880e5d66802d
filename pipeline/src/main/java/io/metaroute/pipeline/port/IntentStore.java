package io.metaroute.pipeline.port;

import io.metaroute.pipeline.intent.IntentRow;
import io.metaroute.pipeline.intent.IntentStatus;
import io.metaroute.pipeline.intent.Transition;
import io.metaroute.settlement.fill.LedgerEntry;
import java.util.List;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where the pipeline keeps intents: exactly what it reads and changes, in domain types. Every
 * change is a compare-and-set on the stored status, so two workers (or a worker and recovery)
 * can never both move an intent forward; an adapter that cannot promise that cannot back the
 * pipeline. The service's adapter is PostgreSQL over R2DBC.
 */
public interface IntentStore {
    /** The stored intent, or empty when there is none with this id. */
    Mono<IntentRow> find(UUID id);

    /** Intents not yet filled, rejected or failed (a crash may have interrupted them), oldest first. */
    Flux<UUID> unfinished();

    /** Moves {@code id} from {@code from} to {@code change.status()}; false if it was not in {@code from}. */
    Mono<Boolean> transition(UUID id, IntentStatus from, Transition change);

    /**
     * Moves every one of {@code ids} from {@code from} with the same change, atomically: all of them,
     * or (false) none when any was not in {@code from}. A transaction settling several intents is
     * stored this way, so that no member can be sent without the others.
     */
    Mono<Boolean> transitionAll(List<UUID> ids, IntentStatus from, Transition change);

    /** Marks a submitted intent filled and books its ledger lines, atomically: both or neither. */
    Mono<Boolean> completeFill(UUID id, Transition filled, List<LedgerEntry> entries);
}
