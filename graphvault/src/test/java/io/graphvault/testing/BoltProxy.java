package io.graphvault.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the test proxies in front of a Bolt server share: a loopback listener, a connection to the
 * server for each client, the sockets still open (closed with the proxy), and the URI to give the
 * client. A subclass says what happens between the two sockets ({@link #link}).
 */
abstract class BoltProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final String host;
    private final int port;
    final List<Socket> open = new CopyOnWriteArrayList<>();

    BoltProxy(String boltUri) throws IOException {
        URI target = URI.create(boltUri);
        this.host = target.getHost();
        this.port = target.getPort();
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    /** Called last by a subclass's constructor, once everything {@link #link} uses is set. */
    final void accepting(String name) {
        Thread accept = new Thread(this::accept, name);
        accept.setDaemon(true);
        accept.start();
    }

    public final String boltUri() {
        return "bolt://127.0.0.1:" + listener.getLocalPort();
    }

    /** Starts forwarding between a client and its server connection. */
    abstract void link(Socket client, Socket server) throws IOException;

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(host, port);
                open.add(client);
                open.add(server);
                link(client, server);
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        open.forEach(BoltProxy::closeQuietly);
        open.clear();
    }
}
