package io.metaroute.quotefeeds.chain.infra;

import java.net.ConnectException;
import java.net.URI;
import org.java_websocket.framing.CloseFrame;
import org.web3j.protocol.websocket.WebSocketClient;
import org.web3j.protocol.websocket.WebSocketService;

/** One WebSocket connection to a node: the service that speaks JSON-RPC over it, and its client to tear it down. */
public record WsConnection(WebSocketService service, WebSocketClient client) {

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
