package io.graphvault.storage.s3;

import io.graphvault.internal.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * The body of one upload: a local file of the backup, streamed, its SHA-256 computed from the very
 * bytes the S3 client reads as it sends them, so there is no second pass over the file and nothing
 * but what was checked is ever sent. Sent again is read again: the client resets a part it retries
 * (reset re-reads up to the mark through a fresh digest), and Camel redelivers a failed upload with
 * the same body after the producer closed it (a read after close starts the file anew).
 */
final class VerifiedUpload extends InputStream {

    private final Path file;
    private final String name;
    private final long bytes;
    private final String expectedSha256;
    private InputStream in;
    private MessageDigest digest;
    private long position;
    private long mark;
    private String sha256;

    /**
     * {@code name}: the file's path in the backup; {@code bytes} and {@code expectedSha256}: what the
     * manifest says of it (the upload declares {@code bytes} as its length).
     */
    VerifiedUpload(Path file, String name, long bytes, String expectedSha256) {
        this.file = file;
        this.name = name;
        this.bytes = bytes;
        this.expectedSha256 = expectedSha256;
    }

    String name() {
        return name;
    }

    String expectedSha256() {
        return expectedSha256;
    }

    /** The SHA-256 of the last pass that read the whole file, or null when none did. */
    String sha256() {
        return sha256;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (in == null) {
            open(0);
        }
        int n = in.read(b, off, len);
        if (n > 0) {
            digest.update(b, off, n);
            position += n;
        }
        if (n < 0 || position == bytes) {
            sha256 = Sha256.hex((MessageDigest) clone(digest));
        }
        return n;
    }

    @Override
    public boolean markSupported() {
        return true;
    }

    @Override
    public synchronized void mark(int readLimit) {
        mark = position;
    }

    /** Only a pass that went past the mark is read again: the client resets before every send, even the first. */
    @Override
    public synchronized void reset() throws IOException {
        if (in == null || position != mark) {
            open(mark);
        }
    }

    @Override
    public void close() throws IOException {
        if (in != null) {
            in.close();
            in = null;
        }
    }

    /** Opens the file afresh and reads (and digests) it up to {@code upTo}. */
    private void open(long upTo) throws IOException {
        close();
        in = Files.newInputStream(file);
        digest = Sha256.newDigest();
        position = 0;
        sha256 = null;
        byte[] buf = new byte[1 << 16];
        while (position < upTo) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, upTo - position));
            if (n < 0) {
                throw new IOException(file + " ended at byte " + position + " while it was read again from the start");
            }
            digest.update(buf, 0, n);
            position += n;
        }
    }

    private static Object clone(MessageDigest d) {
        try {
            return d.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("this JVM's SHA-256 cannot be cloned", e);
        }
    }
}
