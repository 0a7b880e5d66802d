package io.metaroute.settlement.metalayer.domain;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.Domain;
import io.metaroute.core.network.FinalityState;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Signatures exchanged inside one process; the PostgreSQL store and its HTTP serving come next. */
public final class InMemoryCheckpointSignatures implements CheckpointSignatures {
    private record Key(Domain origin, String messageId, FinalityState finality, Address validator) {
    }

    private final Map<Key, SignedCheckpoint> signatures = new ConcurrentHashMap<>();

    @Override
    public void publish(SignedCheckpoint s) {
        signatures.put(new Key(s.checkpoint().origin(), s.checkpoint().messageId(), s.finality(), s.validator()), s);
    }

    @Override
    public Optional<SignedCheckpoint> find(Domain origin, String messageId, FinalityState finality, Address validator) {
        return Optional.ofNullable(signatures.get(new Key(origin, messageId.toLowerCase(Locale.ROOT), finality, validator)));
    }
}
