package io.metaroute.settlement.metalayer.infra;

/** Not enough validator signatures or attestations for a message yet: worth waiting for, not a failure. */
public final class SignaturesMissing extends MetalayerRpcException {
    SignaturesMissing(String message) {
        super(message);
    }
}
