package io.metaroute.settlement.metalayer.infra;

import io.metaroute.core.chain.Address;
import io.metaroute.settlement.metalayer.domain.MetalayerBody.ReadOperation;
import io.metaroute.settlement.metalayer.domain.ReadAttestation;
import io.metaroute.settlement.metalayer.domain.StateSnapshot;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;

/**
 * How a relayer asks a validator to attest a read of a message at a snapshot (CCIP-Read style: the
 * relayer asks, the validator executes and signs). {@link #inProcess} reaches validators running in
 * this process; an HTTP client for validators in other processes comes with the signature store.
 */
public interface ReadAttesters {
    /** Empty if {@code validator} is unknown; an error if it refuses. */
    Mono<ReadAttestation> attest(Address validator, String messageId, ReadOperation read, StateSnapshot at);

    static ReadAttesters inProcess(Iterable<StateSigner> signers) {
        Map<Address, StateSigner> byValidator = java.util.stream.StreamSupport.stream(signers.spliterator(), false)
                .collect(Collectors.toMap(StateSigner::validator, Function.identity()));
        return (validator, messageId, read, at) -> {
            StateSigner s = byValidator.get(validator);
            return s == null ? Mono.empty() : s.attest(messageId, read, at);
        };
    }
}
