package io.metaroute.settlement.metalayer.wire;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.Domain;
import io.metaroute.core.network.FinalityState;
import io.metaroute.settlement.metalayer.domain.Checkpoint;
import io.metaroute.settlement.metalayer.domain.SignedCheckpoint;

/** A validator's signature over a checkpoint of {@code origin}'s MerkleTreeHook. */
public record CheckpointSignatureJson(long origin, String merkleTreeHook, String root, long index, String messageId, String finality,
                                      String validator, String signature) {
    public static CheckpointSignatureJson from(SignedCheckpoint s) {
        Checkpoint c = s.checkpoint();
        return new CheckpointSignatureJson(c.origin().value(), c.merkleTreeHook().hex(), c.root(), c.index(), c.messageId(),
                s.finality().name(), s.validator().hex(), s.signature());
    }

    public SignedCheckpoint toDomain() {
        return new SignedCheckpoint(new Checkpoint(Domain.of(origin), Address.of(merkleTreeHook), root, index, messageId),
                FinalityState.valueOf(finality), Address.of(validator), signature);
    }
}
