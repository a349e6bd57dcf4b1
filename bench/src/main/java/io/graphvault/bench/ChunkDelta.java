package io.graphvault.bench;

import io.graphvault.internal.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.Set;

/**
 * Content-defined chunking of two backups: how many of B's chunks (by SHA-256) A already has, and
 * what B's new chunks would add to a chunk store that holds A's.
 */
final class ChunkDelta {

    /**
     * {@code newStoredBytes}: B's distinct new chunks as a chunk store keeps them, each gzipped (level 1)
     * on its own when the chunks are of uncompressed JSON, as they are when they are cut from gzip files.
     */
    record Result(long chunksA, long chunksB, long sharedChunks, long bytesB, long sharedBytes, long newStoredBytes) {
        double sharedChunkFraction() {
            return chunksB == 0 ? 0 : (double) sharedChunks / chunksB;
        }
    }

    /** Where the chunker reads a backup: the uncompressed stream, or each stored gzip file on its own. */
    enum Input { UNCOMPRESSED_STREAM, STORED_FILES }

    private static final long SEED = 0x6A09E667F3BCC908L;

    private ChunkDelta() {
    }

    static Result measure(BackupFiles a, BackupFiles b, Input input) throws IOException {
        FastCdc cdc = new FastCdc(SEED);
        Set<ByteBuffer> chunksA = new HashSet<>();
        long[] countA = {0};
        split(cdc, a, input, (buf, off, len) -> {
            countA[0]++;
            chunksA.add(hash(buf, off, len));
        });
        long[] r = new long[5];
        Set<ByteBuffer> added = new HashSet<>();
        split(cdc, b, input, (buf, off, len) -> {
            r[0]++;
            r[2] += len;
            ByteBuffer h = hash(buf, off, len);
            if (chunksA.contains(h)) {
                r[1]++;
                r[3] += len;
            } else if (added.add(h)) {
                r[4] += input == Input.UNCOMPRESSED_STREAM ? BackupFiles.gzip1Size(buf, off, len) : len;
            }
        });
        return new Result(countA[0], r[0], r[1], r[2], r[3], r[4]);
    }

    /**
     * The uncompressed stream is chunked as one (nodes, then relationships); stored files each on their
     * own, as restic chunks each file of a folder.
     */
    private static void split(FastCdc cdc, BackupFiles backup, Input input, FastCdc.Sink sink) throws IOException {
        if (input == Input.UNCOMPRESSED_STREAM) {
            try (InputStream in = backup.concatenated()) {
                cdc.split(in, sink);
            }
            return;
        }
        for (BackupFiles.BatchFile f : backup.files()) {
            try (InputStream in = java.nio.file.Files.newInputStream(f.file())) {
                cdc.split(in, sink);
            }
        }
    }

    private static ByteBuffer hash(byte[] buf, int off, int len) {
        MessageDigest md = Sha256.newDigest();
        md.update(buf, off, len);
        return ByteBuffer.wrap(md.digest());
    }
}
