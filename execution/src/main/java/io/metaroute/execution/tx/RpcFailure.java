package io.metaroute.execution.tx;

import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a failed JSON-RPC call means for the caller, decided once from the node's error code and
 * message (or from the transport failure) so that no caller guesses from strings of its own.
 * Node messages differ between clients (anvil, geth, reth, Nitro/OP nodes); the patterns below
 * cover the wording they share, and {@code RpcFailureTest} pins anvil's exact strings.
 */
public enum RpcFailure {
    /** The node already holds this very transaction: follow its hash. */
    ALREADY_KNOWN,
    /** The account's nonce is past this transaction's: it was mined, or another one took the nonce. */
    NONCE_TOO_LOW,
    /** The fee is too low for the pool, for the base fee, or to replace the transaction holding the nonce. */
    UNDERPRICED,
    /** The node or the way to it hiccupped (timeout, refused connection, 5xx, rate limit, "header not found"): try again. */
    TRANSIENT,
    /** The EVM ran the call and it reverted: a verdict on the call at that state, not a fault of the node. */
    REVERTED,
    /** Anything else: retrying the same request gets the same answer. */
    FATAL;

    private static final Pattern HTTP_STATUS = Pattern.compile("invalid response received: (\\d{3})");

    /** A JSON-RPC error object ({@code code}, {@code message}) from the node. */
    public static RpcFailure of(int code, String message) {
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        if (m.contains("already known") || m.contains("already imported") || m.contains("known transaction")
                || m.contains("already exists") || m.contains("already in the pool") || m.contains("already in pool")) {
            return ALREADY_KNOWN;
        }
        if (m.contains("nonce too low") || m.contains("nonce has already been used") || m.contains("oldnonce")) {
            return NONCE_TOO_LOW;
        }
        if (m.contains("underpriced") || m.contains("fee too low") || m.contains("less than block base fee")
                || m.contains("gas price too low") || m.contains("max fee per gas less than")) {
            return UNDERPRICED;
        }
        if (code == 3 || m.contains("execution reverted") || m.contains("revert")) {
            return REVERTED;
        }
        if (code == -32005 || code == 429 || m.contains("header not found") || m.contains("timeout") || m.contains("timed out")
                || m.contains("try again") || m.contains("too many requests") || m.contains("rate limit")
                || m.contains("limit exceeded") || m.contains("temporarily unavailable") || m.contains("service unavailable")
                || m.contains("connection") || m.contains("busy")) {
            return TRANSIENT;
        }
        return FATAL;
    }

    /** A failure with no JSON-RPC answer: the transport's exception, or an {@link RpcException} already classified. */
    public static RpcFailure of(Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof RpcException rpc) {
            return rpc.failure();
        }
        if (e instanceof IOException || e instanceof TimeoutException) {
            return TRANSIENT; // SocketTimeoutException, ConnectException, connection reset, our own call timeout
        }
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        Matcher status = HTTP_STATUS.matcher(m); // web3j's ClientConnectionException for a non-2xx HTTP answer
        if (status.find()) {
            int code = Integer.parseInt(status.group(1));
            return code >= 500 || code == 429 || code == 408 ? TRANSIENT : FATAL;
        }
        if (e.getCause() instanceof IOException) {
            return TRANSIENT;
        }
        return FATAL;
    }

    /** Whether asking again, unchanged, may succeed. */
    public boolean retryable() {
        return this == TRANSIENT;
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
