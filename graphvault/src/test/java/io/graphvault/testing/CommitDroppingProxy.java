package io.graphvault.testing;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of a Bolt server that loses the server's answer to one COMMIT: the
 * {@code occurrence}-th COMMIT of a transaction that ran a query containing {@code marker} goes to the
 * server, the server commits, and then both sockets of that connection close before the client sees the
 * answer. That is a connection lost at the worst moment: the client cannot tell a committed transaction
 * from a lost one, and the driver runs the transaction function again. Every other message, and every
 * later connection, is forwarded as it is.
 *
 * <p>It reads the client's bytes as Bolt does: a 20-byte handshake (the server answers 4 bytes; when that
 * answer is the manifest marker 0x000001FF the client then sends its chosen version, 4 bytes, and its
 * capabilities as a varint), then messages of chunks, each a 2-byte big-endian length and that many bytes,
 * a message ending with an empty chunk. A message starts with a struct marker (0xB0 to 0xBF) and its
 * signature: RUN 0x10, COMMIT 0x12, ROLLBACK 0x13, RESET 0x0F; the server's SUCCESS is 0x70.
 */
public final class CommitDroppingProxy extends BoltProxy {

    private static final int MANIFEST_V1 = 0x000001FF;
    private static final int RESET = 0x0F;
    private static final int RUN = 0x10;
    private static final int COMMIT = 0x12;
    private static final int ROLLBACK = 0x13;
    private static final int SUCCESS = 0x70;
    /** Enough of a RUN message to hold its query text; the rest is parameters. */
    private static final int KEPT_BYTES = 64 * 1024;
    private static final long REPLY_WAIT_SECONDS = 2;

    private final byte[] marker;
    private final int occurrence;
    private final AtomicInteger markedCommits = new AtomicInteger();
    private final AtomicBoolean dropped = new AtomicBoolean();
    private final CompletableFuture<Boolean> committedReplyLost = new CompletableFuture<>();

    public CommitDroppingProxy(String boltUri, String marker, int occurrence) throws IOException {
        super(boltUri);
        this.marker = marker.getBytes(StandardCharsets.UTF_8);
        this.occurrence = occurrence;
        accepting("commit-dropping-proxy");
    }

    /**
     * Whether the proxy withheld the server's SUCCESS to a COMMIT, that is, a transaction the server
     * committed and the client never heard of.
     */
    public boolean droppedACommittedReply() {
        return committedReplyLost.getNow(false);
    }

    @Override
    void link(Socket client, Socket server) throws IOException {
        // as the driver and the server do: a COMMIT, and its answer, go out at once
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        new Link(client, server).start();
    }

    /** One client connection and its server connection. */
    private final class Link {
        private final Socket client;
        private final Socket server;
        private final CompletableFuture<Integer> serverAnswer = new CompletableFuture<>();
        private final CountDownLatch replyArrived = new CountDownLatch(1);
        private volatile boolean muted;
        private boolean sawMarker;

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void start() {
            daemon(this::clientToServer, "commit-dropping-proxy-client");
            daemon(this::serverToClient, "commit-dropping-proxy-server");
        }

        private void clientToServer() {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(client.getInputStream()));
                    OutputStream out = new BufferedOutputStream(server.getOutputStream())) {
                copy(in, out, 20);
                out.flush();
                if (serverAnswer.get(30, TimeUnit.SECONDS) == MANIFEST_V1) {
                    copy(in, out, 4);
                    int b;
                    do {
                        b = in.readUnsignedByte();
                        out.write(b);
                    } while ((b & 0x80) != 0);
                    out.flush();
                }
                ByteArrayOutputStream message = new ByteArrayOutputStream();
                while (true) {
                    int length = in.readUnsignedShort();
                    if (length > 0) {
                        byte[] chunk = in.readNBytes(length);
                        if (chunk.length < length) {
                            return;
                        }
                        out.write(length >> 8);
                        out.write(length);
                        out.write(chunk);
                        if (message.size() < KEPT_BYTES) {
                            message.write(chunk, 0, Math.min(chunk.length, KEPT_BYTES - message.size()));
                        }
                        continue;
                    }
                    boolean drop = message.size() > 0 && dropsReplyTo(message.toByteArray());
                    message.reset();
                    if (drop) {
                        muted = true;
                    }
                    out.write(0);
                    out.write(0);
                    out.flush();
                    if (drop) {
                        // the server has the whole COMMIT: give it time to commit and answer, then go away
                        if (!replyArrived.await(REPLY_WAIT_SECONDS, TimeUnit.SECONDS)) {
                            committedReplyLost.complete(false);
                        }
                        return;
                    }
                }
            } catch (IOException | ExecutionException | TimeoutException e) {
                // the client or the server closed the connection
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closeBoth();
            }
        }

        /** Whether this complete client message is the COMMIT whose answer is to be lost. */
        private boolean dropsReplyTo(byte[] message) {
            if (message.length < 2 || (message[0] & 0xF0) != 0xB0) {
                return false;
            }
            int signature = message[1] & 0xFF;
            if (signature == RUN && contains(message, marker)) {
                sawMarker = true;
            }
            if (signature == COMMIT || signature == ROLLBACK || signature == RESET) {
                boolean marked = sawMarker;
                sawMarker = false;
                return signature == COMMIT && marked && markedCommits.incrementAndGet() == occurrence
                        && dropped.compareAndSet(false, true);
            }
            return false;
        }

        private void serverToClient() {
            try (DataInputStream in = new DataInputStream(server.getInputStream());
                    OutputStream out = client.getOutputStream()) {
                byte[] buffer = new byte[8192];
                // the answer goes on in the reads it came in: the driver does not expect a manifest cut after 4 bytes
                ByteArrayOutputStream handshake = new ByteArrayOutputStream();
                while (handshake.size() < 4) {
                    int n = in.read(buffer);
                    if (n < 0) {
                        return;
                    }
                    handshake.write(buffer, 0, n);
                }
                out.write(handshake.toByteArray());
                byte[] answer = handshake.toByteArray();
                serverAnswer.complete(((answer[0] & 0xFF) << 24) | ((answer[1] & 0xFF) << 16) | ((answer[2] & 0xFF) << 8)
                        | (answer[3] & 0xFF));
                ByteArrayOutputStream withheld = new ByteArrayOutputStream();
                for (int n; (n = in.read(buffer)) > 0;) {
                    if (!muted) {
                        out.write(buffer, 0, n);
                        continue;
                    }
                    withheld.write(buffer, 0, n);
                    byte[] first = firstMessage(withheld.toByteArray());
                    if (first != null) {
                        committedReplyLost.complete(first.length >= 2 && (first[1] & 0xFF) == SUCCESS);
                        replyArrived.countDown();
                        return;
                    }
                }
            } catch (IOException e) {
                // the client, the server, or the drop closed the connection
            } finally {
                serverAnswer.complete(0);
                closeBoth();
            }
        }

        private void closeBoth() {
            closeQuietly(client);
            closeQuietly(server);
            open.remove(client);
            open.remove(server);
        }
    }

    /** The data of the first complete message in {@code bytes}, skipping empty no-op chunks; null if none is complete. */
    private static byte[] firstMessage(byte[] bytes) {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        int at = 0;
        while (at + 2 <= bytes.length) {
            int length = ((bytes[at] & 0xFF) << 8) | (bytes[at + 1] & 0xFF);
            at += 2;
            if (length == 0) {
                if (message.size() > 0) {
                    return message.toByteArray();
                }
                continue;
            }
            if (at + length > bytes.length) {
                return null;
            }
            message.write(bytes, at, length);
            at += length;
        }
        return null;
    }

    private static void copy(DataInputStream in, OutputStream out, int n) throws IOException {
        byte[] bytes = new byte[n];
        in.readFully(bytes);
        out.write(bytes);
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static void daemon(Runnable body, String name) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
    }
}
