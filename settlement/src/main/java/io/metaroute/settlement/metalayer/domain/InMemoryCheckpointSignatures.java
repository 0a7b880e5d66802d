package io.metaroute.settlement.metalayer.domain;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.Domain;
import io.metaroute.core.network.FinalityState;
import java.util.Locale;
import java.util.Map;
import reactor.core.publisher.Mono;
import java.util.concurrent.ConcurrentHashMap;

/** Signatures exchanged inside one process (tests, tools); the service keeps them in PostgreSQL. */
public final class InMemoryCheckpointSignatures implements CheckpointSignatures {
    private record Key(Domain origin, String messageId, FinalityState finality, Address validator) {
    }

    private final Map<Key, SignedCheckpoint> signatures = new ConcurrentHashMap<>();

    @Override
    public Mono<Void> publish(SignedCheckpoint s) {
        return Mono.fromRunnable(() -> signatures.putIfAbsent(
                new Key(s.checkpoint().origin(), s.checkpoint().messageId(), s.finality(), s.validator()), s));
    }

    @Override
    public Mono<SignedCheckpoint> find(Domain origin, String messageId, FinalityState finality, Address validator) {
        return Mono.fromSupplier(() -> signatures.get(new Key(origin, messageId.toLowerCase(Locale.ROOT), finality, validator)));
    }
}
