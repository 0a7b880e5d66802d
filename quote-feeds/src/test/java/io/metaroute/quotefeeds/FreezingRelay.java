package io.metaroute.quotefeeds;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay in front of a real node: it forwards bytes both ways until {@link #freezeOpen()}, after
 * which the connections open at that moment stay open but deliver nothing in either direction (what
 * arrives is dropped) — a WebSocket that goes silent without closing. Connections made later are
 * forwarded normally.
 */
final class FreezingRelay implements AutoCloseable {
    /** One relayed connection. */
    static final class Link {
        final Socket client;
        final Socket upstream;
        volatile boolean frozen;
        /** The client (the collector) closed its side. */
        volatile boolean closedByClient;
        /** The node closed its side. */
        volatile boolean closedByNode;

        Link(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }
    }

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    FreezingRelay(URI target) throws IOException {
        this.targetHost = target.getHost();
        this.targetPort = target.getPort();
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "relay-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI wsUrl() {
        return URI.create("ws://127.0.0.1:" + server.getLocalPort());
    }

    List<Link> links() {
        return List.copyOf(links);
    }

    /** The connections open now stop delivering, without closing. */
    void freezeOpen() {
        links.forEach(l -> l.frozen = true);
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(targetHost, targetPort);
                var link = new Link(client, upstream);
                links.add(link);
                pump(link, client.getInputStream(), upstream.getOutputStream(), true);
                pump(link, upstream.getInputStream(), client.getOutputStream(), false);
            } catch (IOException e) {
                if (!closed) {
                    continue;
                }
            }
        }
    }

    private static void pump(Link link, InputStream in, OutputStream out, boolean fromClient) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16_384];
            try {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (!link.frozen) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                }
                if (fromClient) {
                    link.closedByClient = true;
                } else {
                    link.closedByNode = true;
                }
            } catch (IOException e) {
                // the other side went away
            } finally {
                closeQuietly(link.client);
                closeQuietly(link.upstream);
            }
        }, fromClient ? "relay-up" : "relay-down");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        links.forEach(l -> {
            closeQuietly(l.client);
            closeQuietly(l.upstream);
        });
    }
}
