package io.metaroute.execution.tx;

import io.reactivex.Flowable;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import org.web3j.protocol.Web3jService;
import org.web3j.protocol.core.BatchRequest;
import org.web3j.protocol.core.BatchResponse;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.websocket.events.Notification;

/**
 * A web3j transport whose answers a test scripts: call {@code k} (from 0) of any method gets what
 * {@code script} returns for it; {@link #passThrough(Web3jService)} hands the call to a real node.
 */
final class FakeNode implements Web3jService {
    /** What one call gets: a future, completed or failed or never completed. */
    interface Script extends BiFunction<Integer, Request<?, ?>, CompletableFuture<? extends Response<?>>> {
    }

    private final List<String> methods = new CopyOnWriteArrayList<>();
    private final Script script;
    private final Web3jService real;

    FakeNode(Script script) {
        this(script, null);
    }

    FakeNode(Script script, Web3jService real) {
        this.script = script;
        this.real = real;
    }

    /** The methods called, in order, retries included. */
    List<String> calls() {
        return methods;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends Response> CompletableFuture<T> sendAsync(Request request, Class<T> type) {
        int k = methods.size();
        methods.add(request.getMethod());
        CompletableFuture<? extends Response<?>> answer = script.apply(k, request);
        if (answer == null) {
            return real.sendAsync(request, type); // the script lets this call through to the node
        }
        return (CompletableFuture<T>) answer;
    }

    @Override
    public <T extends Response> T send(Request request, Class<T> type) throws IOException {
        try {
            return sendAsync(request, type).get();
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    @Override
    public BatchResponse sendBatch(BatchRequest batch) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<BatchResponse> sendBatchAsync(BatchRequest batch) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <T extends Notification<?>> Flowable<T> subscribe(Request request, String unsubscribeMethod, Class<T> type) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
    }

    /** A JSON-RPC answer of {@code type} carrying an error object. */
    static <T extends Response<?>> CompletableFuture<T> error(Class<T> type, int code, String message, String data) {
        try {
            T response = type.getDeclaredConstructor().newInstance();
            response.setError(new Response.Error(code, message));
            if (data != null) {
                response.getError().setData(data);
            }
            return CompletableFuture.completedFuture(response);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
