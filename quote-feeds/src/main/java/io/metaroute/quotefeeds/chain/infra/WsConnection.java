package io.metaroute.quotefeeds.chain.infra;

import java.net.ConnectException;
import java.net.URI;
import org.java_websocket.framing.CloseFrame;
import org.web3j.protocol.websocket.WebSocketClient;
import org.web3j.protocol.websocket.WebSocketService;

/** One WebSocket connection to a node: the service that speaks JSON-RPC over it, and its client to tear it down. */
public record WsConnection(WebSocketService service, WebSocketClient client) {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(WsConnection.class);

    static {
        // When a node drops the connection, web3j fails every subscription at once; cancelling the others
        // makes it send eth_unsubscribe over the dead socket, and RxJava reports that failure as
        // "undeliverable" on stderr. It is expected then: log it quietly, unless the application has a handler.
        if (io.reactivex.plugins.RxJavaPlugins.getErrorHandler() == null) {
            io.reactivex.plugins.RxJavaPlugins.setErrorHandler(e -> {
                if (e instanceof io.reactivex.exceptions.UndeliverableException) {
                    log.debug("after a WebSocket closed: {}", e.getCause() == null ? e.toString() : e.getCause().toString());
                } else {
                    log.warn("RxJava error with nowhere to go", e);
                }
            });
        }
    }

    /** Connects, blocking until the handshake is done (callers bound the wait). */
    public static WsConnection open(URI url) throws ConnectException {
        var client = new WebSocketClient(url);
        var service = new WebSocketService(client, false);
        service.connect();
        return new WsConnection(service, client);
    }

    /**
     * Closes without waiting for the node's closing handshake: a silent node would never send it, and
     * the connection would linger until the client's own ping timeout.
     */
    public void close() {
        service.close();
        client.closeConnection(CloseFrame.ABNORMAL_CLOSE, "closed by the feed");
    }
}
