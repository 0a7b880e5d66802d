package io.metaroute.settlement.metalayer.wire;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.Domain;
import io.metaroute.settlement.metalayer.domain.MetalayerBody.ReadOperation;
import io.metaroute.settlement.metalayer.domain.StateSnapshot;
import org.web3j.utils.Numeric;

/** A relayer's request that {@code validator} attest a read of message {@code messageId} at a snapshot block. */
public record ReadRequestJson(String validator, String messageId, long domain, String target, String callData, long blockNumber,
                              String blockHash, String stateRoot) {
    public static ReadRequestJson of(Address validator, String messageId, ReadOperation read, StateSnapshot at) {
        return new ReadRequestJson(validator.hex(), messageId, read.domain().value(), read.target().hex(),
                Numeric.toHexString(read.callData()), at.blockNumber(), at.blockHash(), at.stateRoot());
    }

    public ReadOperation read() {
        return new ReadOperation(Domain.of(domain), Address.of(target), Numeric.hexStringToByteArray(callData));
    }

    public StateSnapshot snapshot() {
        return new StateSnapshot(Domain.of(domain), blockNumber, blockHash, stateRoot);
    }
}
