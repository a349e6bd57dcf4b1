package io.graphvault.storage;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphvault.GraphVaultException;
import io.graphvault.format.BackupFiles;
import io.graphvault.format.BackupJson;
import io.graphvault.format.BackupManifest;
import io.graphvault.format.BackupManifest.FileEntry;
import io.graphvault.format.BackupSchema;
import io.graphvault.internal.Sha256;
import io.graphvault.progress.Progress;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads and checks a {@code graphvault/1} backup: its manifest, every file's SHA-256, size and
 * record count, and the records themselves, one line at a time.
 */
public final class BackupReader {

    private static final Pattern SAFE_PATH = Pattern.compile("(schema\\.json|(nodes|relationships)/[0-9]{6}\\.jsonl(\\.gz)?)");

    private BackupReader() {
    }

    public static BackupManifest readManifest(BackupSource source) {
        String where = source.location() + "/" + BackupManifest.FILE_NAME;
        BackupManifest manifest;
        try {
            if (!source.exists(BackupManifest.FILE_NAME)) {
                throw new GraphVaultException(source.location() + " is not a complete GraphVault backup: it has no "
                        + BackupManifest.FILE_NAME + " (a backup that did not finish never gets one)");
            }
            try (InputStream in = source.open(BackupManifest.FILE_NAME)) {
                manifest = BackupJson.MAPPER.readValue(in, BackupManifest.class);
            }
        } catch (GraphVaultException e) {
            throw e;
        } catch (IOException e) {
            throw new GraphVaultException(where + " cannot be read: " + firstLine(e.getMessage()), e);
        }
        if (manifest == null || manifest.format() == null) {
            throw new GraphVaultException(where + " has no \"format\" field: not a GraphVault manifest");
        }
        if (!BackupManifest.FORMAT.equals(manifest.format())) {
            throw new GraphVaultException(where + " is in format '" + manifest.format() + "', which this GraphVault"
                    + " does not read (it reads " + BackupManifest.FORMAT + "); use the GraphVault version that wrote it or a newer one");
        }
        if (manifest.files() == null || manifest.counts() == null) {
            throw new GraphVaultException(where + " lists no files or counts: the manifest is incomplete");
        }
        for (FileEntry f : manifest.files()) {
            if (f.path() == null || !SAFE_PATH.matcher(f.path()).matches()) {
                throw new GraphVaultException(where + " lists a file outside the backup format: '" + f.path() + "'");
            }
        }
        return manifest;
    }

    public static BackupSchema readSchema(BackupSource source) {
        try (InputStream in = source.open(BackupSchema.FILE_NAME)) {
            return BackupJson.MAPPER.readValue(in, BackupSchema.class);
        } catch (IOException e) {
            throw new GraphVaultException(source.location() + "/" + BackupSchema.FILE_NAME + " cannot be read: "
                    + firstLine(e.getMessage()), e);
        }
    }

    /** What {@link #verify} checked. */
    public record VerifyReport(int files, long bytes, long records) {
    }

    /**
     * Checks every file against the manifest. The first bad file stops the check with an error that
     * names it; nothing is assumed about the files that follow.
     */
    public static VerifyReport verify(BackupSource source, BackupManifest manifest) {
        long totalBytes = manifest.totalBytes();
        Progress progress = Progress.start("verify " + manifest.id(), "bytes", totalBytes);
        long records = 0;
        for (FileEntry f : manifest.files()) {
            records += verifyFile(source, f, progress);
        }
        progress.finish();
        return new VerifyReport(manifest.files().size(), totalBytes, records);
    }

    private static long verifyFile(BackupSource source, FileEntry f, Progress progress) {
        String where = source.location() + "/" + f.path();
        MessageDigest digest = Sha256.newDigest();
        long lines = -1;
        String corrupt = null;
        CountingInput counted;
        try {
            if (!source.exists(f.path())) {
                throw new GraphVaultException(where + " is missing: the manifest lists it");
            }
            try (InputStream raw = source.open(f.path())) {
                counted = new CountingInput(new DigestInputStream(raw, digest), progress);
                if (f.path().endsWith(".json")) {
                    counted.transferTo(java.io.OutputStream.nullOutputStream());
                } else {
                    try {
                        lines = countLines(BackupFiles.isGzip(f.path()) ? new GZIPInputStream(counted, 1 << 16) : counted);
                    } catch (EOFException | ZipException e) {
                        corrupt = "is truncated or not valid gzip (" + e.getMessage() + ")";
                    }
                    counted.transferTo(java.io.OutputStream.nullOutputStream());
                }
            }
        } catch (IOException e) {
            throw new GraphVaultException(where + " cannot be read: " + firstLine(e.getMessage()), e);
        }
        String sha = Sha256.hex(digest);
        if (!sha.equals(f.sha256())) {
            throw new GraphVaultException(where + " is damaged: its SHA-256 is " + sha + " but the manifest says "
                    + f.sha256() + (counted.count != f.bytes() ? " (" + counted.count + " bytes, manifest says " + f.bytes() + ")" : ""));
        }
        if (corrupt != null) {
            throw new GraphVaultException(where + " " + corrupt);
        }
        if (counted.count != f.bytes()) {
            throw new GraphVaultException(where + " has " + counted.count + " bytes, the manifest says " + f.bytes());
        }
        if (lines >= 0 && lines != f.records()) {
            throw new GraphVaultException(where + " holds " + lines + " records, the manifest says " + f.records());
        }
        return Math.max(lines, 0);
    }

    private static long countLines(InputStream in) throws IOException {
        byte[] buf = new byte[1 << 16];
        long lines = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            for (int i = 0; i < n; i++) {
                if (buf[i] == '\n') {
                    lines++;
                }
            }
        }
        return lines;
    }

    /** Receives each record of a data file with the length of its line (to size write batches by bytes). */
    @FunctionalInterface
    public interface RecordSink {
        void accept(JsonNode record, int lineLength);
    }

    /** Calls {@code consumer} with each record of a data file; a bad line is named by file and line number. */
    public static void forEachRecord(BackupSource source, FileEntry f, Consumer<JsonNode> consumer) {
        forEachRecord(source, f, (record, length) -> consumer.accept(record));
    }

    public static void forEachRecord(BackupSource source, FileEntry f, RecordSink consumer) {
        String where = source.location() + "/" + f.path();
        long lineNo = 0;
        try (InputStream raw = source.open(f.path());
                InputStream in = BackupFiles.isGzip(f.path()) ? new GZIPInputStream(raw, 1 << 16) : raw;
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
            String line;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode record;
                try {
                    record = BackupJson.MAPPER.readTree(line);
                } catch (IOException e) {
                    throw new GraphVaultException(where + " line " + lineNo + " is not valid JSON: " + firstLine(e.getMessage()), e);
                }
                try {
                    consumer.accept(record, line.length());
                } catch (GraphVaultException e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw new GraphVaultException(where + " line " + lineNo + ": " + firstLine(e.getMessage() == null ? e.toString() : e.getMessage()), e);
                }
            }
        } catch (IOException e) {
            throw new GraphVaultException(where + " cannot be read at line " + (lineNo + 1) + ": " + firstLine(e.getMessage()), e);
        }
    }

    static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static final class CountingInput extends java.io.FilterInputStream {
        private final Progress progress;
        long count;

        CountingInput(InputStream in, Progress progress) {
            super(in);
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
                progress.advance(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
                progress.advance(n);
            }
            return n;
        }
    }
}
