package io.metaroute.settlement.metalayer.infra;

/** A JSON-RPC call to a rollup failed, or the chain refused what was sent. */
public class MetalayerRpcException extends RuntimeException {
    public MetalayerRpcException(String message) {
        super(message);
    }
}
