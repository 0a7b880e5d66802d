package io.metaroute.settlement.metalayer.domain;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.Domain;
import java.util.Comparator;
import java.util.Map;
import reactor.core.publisher.Mono;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Snapshots kept inside one process, the latest per (rollup, validator), like the checkpoint
 * signatures ({@link InMemoryCheckpointSignatures}); the service keeps them in PostgreSQL.
 */
public final class InMemoryStateSnapshots implements StateSnapshots {
    private record Key(Domain domain, Address validator) {
    }

    private final Map<Key, SignedSnapshot> latest = new ConcurrentHashMap<>();

    @Override
    public Mono<Void> publish(SignedSnapshot s) {
        // a re-signed block refreshes signedAt; an older block never replaces a newer one
        return Mono.fromRunnable(() -> latest.merge(new Key(s.snapshot().domain(), s.validator()), s,
                (old, now) -> now.snapshot().blockNumber() >= old.snapshot().blockNumber() ? now : old));
    }

    @Override
    public Mono<SignedSnapshot> latest(Domain domain, Address validator) {
        return Mono.fromSupplier(() -> latest.get(new Key(domain, validator)));
    }

    @Override
    public Mono<SignedSnapshot> latest(Domain domain) {
        return Mono.fromSupplier(() -> latest.entrySet().stream().filter(e -> e.getKey().domain().equals(domain)).map(Map.Entry::getValue)
                .max(Comparator.comparingLong(s -> s.snapshot().blockNumber())).orElse(null));
    }
}
