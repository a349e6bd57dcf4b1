package io.graphvault.backup;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;

/**
 * Hands what is written to it, in chunks, to a background thread that writes them to the target
 * (gzip, SHA-256, file) in order. Encoding records and compressing them then run on two cores
 * instead of one. At most {@link #IN_FLIGHT} chunks wait, so memory stays bounded.
 */
final class BackgroundOutputStream extends OutputStream {

    private static final int CHUNK = 1 << 18;
    private static final int IN_FLIGHT = 4;

    private final OutputStream target;
    private final ExecutorService writer;
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
    private volatile IOException failure;
    private byte[] buffer = new byte[CHUNK];
    private int position;

    /** {@code writer} must run one task at a time, in order (a single-thread executor). */
    BackgroundOutputStream(OutputStream target, ExecutorService writer) {
        this.target = target;
        this.writer = writer;
    }

    @Override
    public void write(int b) throws IOException {
        if (position == buffer.length) {
            handOver();
        }
        buffer[position++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (position == buffer.length) {
                handOver();
            }
            int n = Math.min(len, buffer.length - position);
            System.arraycopy(b, off, buffer, position, n);
            position += n;
            off += n;
            len -= n;
        }
    }

    private void handOver() throws IOException {
        rethrow();
        if (position == 0) {
            return;
        }
        byte[] chunk = buffer;
        int length = position;
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing a backup file");
        }
        writer.execute(() -> {
            try {
                if (failure == null) {
                    target.write(chunk, 0, length);
                }
            } catch (IOException e) {
                failure = e;
            } finally {
                inFlight.release();
            }
        });
        buffer = new byte[CHUNK];
        position = 0;
    }

    /** Writes what is left, closes the target on the background thread and waits for it. */
    @Override
    public void close() throws IOException {
        handOver();
        try {
            writer.submit(() -> {
                target.close();
                return null;
            }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while closing a backup file");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
        rethrow();
    }

    private void rethrow() throws IOException {
        if (failure != null) {
            throw failure;
        }
    }
}
