package io.graphvault.export;

import com.fasterxml.jackson.core.JsonGenerator;
import io.graphvault.format.BackupCipher;
import io.graphvault.format.BackupFiles;
import io.graphvault.format.BackupJson;
import io.graphvault.format.BackupManifest.FileEntry;
import io.graphvault.internal.Sha256;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Writes records as JSON Lines into numbered batch files ({@code nodes/000001.jsonl.gz}, ...), a
 * new file every {@code batchSize} records, and keeps each file's record count, byte size and
 * SHA-256 for the manifest. Only the current file is open; nothing accumulates in memory.
 */
final class BatchFileWriter implements Closeable {

    private final Path backupDir;
    private final String dir;
    private final int batchSize;
    private final boolean gzip;
    private final BackupCipher cipher;
    private final List<FileEntry> files = new ArrayList<>();
    private final ExecutorService writer;

    private int sequence;
    private String currentPath;
    private CountingStream counting;
    private MessageDigest digest;
    private OutputStream out;
    private JsonGenerator generator;
    private long recordsInFile;

    /**
     * {@code writer} compresses and writes in the background; a single-thread executor, so in order.
     * {@code cipher}: encrypts each file after gzip, or null for plain files.
     */
    BatchFileWriter(Path backupDir, String dir, int batchSize, boolean gzip, BackupCipher cipher, ExecutorService writer) {
        this.cipher = cipher;
        this.writer = writer;
        this.backupDir = backupDir;
        this.dir = dir;
        this.batchSize = batchSize;
        this.gzip = gzip;
    }

    /** The generator to write the next record with; call {@link #endRecord()} after it. */
    JsonGenerator startRecord() throws IOException {
        if (generator == null) {
            openNext();
        }
        return generator;
    }

    void endRecord() throws IOException {
        generator.writeRaw('\n');
        recordsInFile++;
        if (recordsInFile >= batchSize) {
            closeCurrent();
        }
    }

    List<FileEntry> files() {
        return files;
    }

    private void openNext() throws IOException {
        sequence++;
        currentPath = BackupFiles.batchPath(dir, sequence, gzip) + (cipher == null ? "" : BackupCipher.SUFFIX);
        Path file = backupDir.resolve(currentPath);
        Files.createDirectories(file.getParent());
        counting = new CountingStream(Files.newOutputStream(file));
        digest = Sha256.newDigest();
        OutputStream stored = new DigestOutputStream(counting, digest); // size and SHA-256 of the bytes on disk
        OutputStream sealed = cipher == null ? stored : cipher.encrypting(stored, currentPath);
        out = new BackgroundOutputStream(gzip ? new FastGzipStream(sealed) : new BufferedOutputStream(sealed, 1 << 16), writer);
        generator = BackupJson.FACTORY.createGenerator(out);
        generator.setPrettyPrinter(null);
        generator.setRootValueSeparator(null);
        recordsInFile = 0;
    }

    private void closeCurrent() throws IOException {
        if (generator == null) {
            return;
        }
        generator.close();
        out.close();
        files.add(new FileEntry(currentPath, recordsInFile, counting.count, Sha256.hex(digest)));
        generator = null;
    }

    @Override
    public void close() throws IOException {
        closeCurrent();
    }

    /** gzip at level 1: batches are mostly numbers and repeated keys, where level 6 buys little and costs much. */
    private static final class FastGzipStream extends GZIPOutputStream {
        FastGzipStream(OutputStream out) throws IOException {
            super(new BufferedOutputStream(out, 1 << 16), 1 << 16);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }

    private static final class CountingStream extends FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
