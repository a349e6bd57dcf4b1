package io.graphvault.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy in front of a Bolt server that drops every open connection once, when the client has sent
 * {@code cutAfter} bytes through it: the server going away for a moment, as a network blip or a restart
 * does. Connections made after the cut are forwarded as usual.
 */
public final class CuttingProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final String host;
    private final int port;
    private final long cutAfter;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicBoolean cut = new AtomicBoolean();
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    public CuttingProxy(String boltUri, long cutAfter) throws IOException {
        URI target = URI.create(boltUri);
        this.host = target.getHost();
        this.port = target.getPort();
        this.cutAfter = cutAfter;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "cutting-proxy");
        accept.setDaemon(true);
        accept.start();
    }

    public String boltUri() {
        return "bolt://127.0.0.1:" + listener.getLocalPort();
    }

    /** Whether the connections were dropped. */
    public boolean hasCut() {
        return cut.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(host, port);
                open.add(client);
                open.add(server);
                pump(client, server, true);
                pump(server, client, false);
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void pump(Socket from, Socket to, boolean counted) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) > 0;) {
                    out.write(buffer, 0, n);
                    if (counted && sent.addAndGet(n) > cutAfter && cut.compareAndSet(false, true)) {
                        dropAll();
                    }
                }
            } catch (IOException e) {
                // the other side, or the cut, closed it
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "cutting-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private void dropAll() {
        open.forEach(CuttingProxy::closeQuietly);
        open.clear();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        dropAll();
    }
}
