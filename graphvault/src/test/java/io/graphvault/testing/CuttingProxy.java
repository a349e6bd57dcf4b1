package io.graphvault.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy in front of a Bolt server that drops every open connection once, when the client has sent
 * {@code cutAfter} bytes through it: the server going away for a moment, as a network blip or a restart
 * does. Connections made after the cut are forwarded as usual.
 */
public final class CuttingProxy extends BoltProxy {

    private final long cutAfter;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicBoolean cut = new AtomicBoolean();

    public CuttingProxy(String boltUri, long cutAfter) throws IOException {
        super(boltUri);
        this.cutAfter = cutAfter;
        accepting("cutting-proxy");
    }

    /** Whether the connections were dropped. */
    public boolean hasCut() {
        return cut.get();
    }

    @Override
    void link(Socket client, Socket server) {
        pump(client, server, true);
        pump(server, client, false);
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
        open.forEach(BoltProxy::closeQuietly);
        open.clear();
    }
}
