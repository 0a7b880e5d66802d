package io.metaroute.api.persistence;

import java.util.UUID;

/** What happened when an intent was offered to the store. */
public sealed interface InsertOutcome {
    /** Stored for the first time. */
    record Created(UUID id) implements InsertOutcome {
    }

    /** The very same signed intent was stored before: here is its id. */
    record Duplicate(UUID id) implements InsertOutcome {
    }

    /** Another intent of this user already took this nonce on this chain. */
    record NonceTaken(UUID existingId) implements InsertOutcome {
    }
}
