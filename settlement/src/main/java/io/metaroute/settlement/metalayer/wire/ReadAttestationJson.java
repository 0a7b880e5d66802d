package io.metaroute.settlement.metalayer.wire;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.Domain;
import io.metaroute.settlement.metalayer.domain.MetalayerBody.ReadOperation;
import io.metaroute.settlement.metalayer.domain.ReadAttestation;
import org.web3j.utils.Numeric;

/** A validator's attestation of one read's result at one block. */
public record ReadAttestationJson(String messageId, long domain, String target, String callData, long blockNumber, String blockHash,
                                  String result, String validator, String signature) {
    public static ReadAttestationJson from(ReadAttestation a) {
        return new ReadAttestationJson(a.messageId(), a.read().domain().value(), a.read().target().hex(),
                Numeric.toHexString(a.read().callData()), a.blockNumber(), a.blockHash(), Numeric.toHexString(a.result()),
                a.validator().hex(), a.signature());
    }

    public ReadAttestation toDomain() {
        return new ReadAttestation(messageId, new ReadOperation(Domain.of(domain), Address.of(target),
                Numeric.hexStringToByteArray(callData)), blockNumber, blockHash, Numeric.hexStringToByteArray(result),
                Address.of(validator), signature);
    }
}
