package io.metaroute.execution.tx;

/** A JSON-RPC call answered with an error; {@link #revertData()} holds the revert payload if any. */
public final class RpcException extends RuntimeException {
    private final String revertData;

    public RpcException(String message, String revertData) {
        super(message);
        this.revertData = revertData;
    }

    public String revertData() {
        return revertData;
    }
}
