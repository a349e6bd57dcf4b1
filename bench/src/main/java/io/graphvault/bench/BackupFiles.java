package io.graphvault.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphvault.format.BackupJson;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The batch files of one backup folder as its manifest lists them (sorted by path: nodes, then
 * relationships), with their stored sizes; and the gzip level 1 the product writes them with.
 */
final class BackupFiles {

    /** One batch file: its path in the backup, its stored bytes and records. */
    record BatchFile(Path file, String path, long bytes, long records) {
        String kind() {
            return path.substring(0, path.indexOf('/'));
        }
    }

    private final List<BatchFile> files = new ArrayList<>();

    private BackupFiles(List<BatchFile> files) {
        this.files.addAll(files);
    }

    BackupFiles(Path backup) throws IOException {
        Path manifest = backup.resolve("manifest.json");
        JsonNode root = BackupJson.MAPPER.readTree(manifest.toFile());
        for (JsonNode f : root.path("files")) {
            String path = f.path("path").asText();
            if (path.startsWith("nodes/") || path.startsWith("relationships/")) {
                if (path.endsWith(".enc")) {
                    throw new IllegalStateException(manifest + " lists an encrypted batch file (" + path
                            + "): measure backups taken without BACKUP_ENCRYPTION_KEY");
                }
                files.add(new BatchFile(backup.resolve(path), path, f.path("bytes").asLong(), f.path("records").asLong()));
            }
        }
        if (files.isEmpty()) {
            throw new IllegalStateException(manifest + " lists no batch files under nodes/ or relationships/");
        }
    }

    /** The batch files of one kind ({@code nodes} or {@code relationships}) alone. */
    BackupFiles only(String kind) {
        return new BackupFiles(files.stream().filter(f -> f.kind().equals(kind)).toList());
    }

    List<BatchFile> files() {
        return files;
    }

    long storedBytes() {
        return files.stream().mapToLong(BatchFile::bytes).sum();
    }

    long records() {
        return files.stream().mapToLong(BatchFile::records).sum();
    }

    /** A batch file's JSON Lines, uncompressed. */
    static InputStream open(BatchFile f) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(f.file()), 1 << 16);
        return f.path().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    }

    /** All batch files uncompressed, one after the other, each opened only when the one before is read. */
    InputStream concatenated() {
        Iterator<BatchFile> it = files.iterator();
        return new SequenceInputStream(new Enumeration<InputStream>() {
            @Override
            public boolean hasMoreElements() {
                return it.hasNext();
            }

            @Override
            public InputStream nextElement() {
                try {
                    return open(it.next());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
    }

    /** Counts what is written through it: the compressed size without keeping the bytes. */
    static final class Counter extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }

    /** Gzip at level 1 into {@code out}, as the product writes batch files. */
    static GZIPOutputStream gzip1(OutputStream out) throws IOException {
        return new GZIPOutputStream(out, 1 << 16) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        };
    }

    /** The gzip level 1 size of {@code buf[off, off+len)} on its own. */
    static long gzip1Size(byte[] buf, int off, int len) throws IOException {
        Counter c = new Counter();
        try (GZIPOutputStream z = gzip1(c)) {
            z.write(buf, off, len);
        }
        return c.bytes;
    }
}
