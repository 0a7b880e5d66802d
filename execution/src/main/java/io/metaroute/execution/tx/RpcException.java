package io.metaroute.execution.tx;

/**
 * A JSON-RPC call answered with an error, or failed on the way; {@link #failure()} says what it
 * means (see {@link RpcFailure}) and {@link #revertData()} holds the revert payload if any.
 */
public final class RpcException extends RuntimeException {
    private final String revertData;
    private final RpcFailure failure;

    public RpcException(String message, String revertData, RpcFailure failure) {
        super(message);
        this.revertData = revertData;
        this.failure = failure;
    }

    public RpcException(String message, String revertData, RpcFailure failure, Throwable cause) {
        super(message, cause);
        this.revertData = revertData;
        this.failure = failure;
    }

    public String revertData() {
        return revertData;
    }

    public RpcFailure failure() {
        return failure;
    }
}
