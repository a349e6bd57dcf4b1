package io.graphvault.storage;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphvault.GraphVaultException;
import io.graphvault.format.BackupFiles;
import io.graphvault.format.BackupJson;
import io.graphvault.format.BackupManifest;
import io.graphvault.format.BackupManifest.Counts;
import io.graphvault.format.BackupManifest.FileEntry;
import io.graphvault.format.BackupSchema;
import io.graphvault.format.TypedValueCodec;
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
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
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
        requireCountsMatchFiles(where, manifest);
        return manifest;
    }

    /**
     * The counts must add up to the files' records, which {@link #verify} checks line by line: a
     * manifest that says 5 nodes over files of 2 would otherwise verify, and the restore would find
     * the shortfall only after writing.
     */
    private static void requireCountsMatchFiles(String where, BackupManifest manifest) {
        long nodes = 0;
        long relationships = 0;
        for (FileEntry f : manifest.files()) {
            if (f.path().startsWith(BackupFiles.NODES_DIR + "/")) {
                nodes += f.records();
            } else if (f.path().startsWith(BackupFiles.RELATIONSHIPS_DIR + "/")) {
                relationships += f.records();
            }
        }
        Counts counts = manifest.counts();
        long typed = counts.types() == null ? relationships : counts.types().values().stream().mapToLong(Long::longValue).sum();
        if (counts.nodes() != nodes || counts.relationships() != relationships || typed != relationships) {
            throw new GraphVaultException(where + " does not add up: it counts " + counts.nodes() + " nodes and "
                    + counts.relationships() + " relationships (" + typed + " by type), but its files hold " + nodes
                    + " and " + relationships + " records. The manifest was changed, or written by another tool: this"
                    + " backup cannot be trusted; use another one");
        }
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
        return verify(source, manifest, false);
    }

    /**
     * {@link #verify(BackupSource, BackupManifest)}, and with {@code decode} every record is also
     * read as the restore will read it (fields, value types, property keys), so that a record that
     * cannot be restored is found before anything is written or cleared. It costs a JSON parse of
     * every line: the {@code verify} command, a dry run and a restore that clears first pay it.
     */
    public static VerifyReport verify(BackupSource source, BackupManifest manifest, boolean decode) {
        long totalBytes = manifest.totalBytes();
        Progress progress = Progress.start("verify " + manifest.id(), "bytes", totalBytes);
        long records = 0;
        for (FileEntry f : manifest.files()) {
            records += verifyFile(source, f, progress, decode);
        }
        progress.finish();
        return new VerifyReport(manifest.files().size(), totalBytes, records);
    }

    private static long verifyFile(BackupSource source, FileEntry f, Progress progress, boolean decode) {
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
                        InputStream data = BackupFiles.isGzip(f.path()) ? new GZIPInputStream(counted, 1 << 16) : counted;
                        boolean nodes = f.path().startsWith(BackupFiles.NODES_DIR + "/");
                        lines = scanLines(data, decode ? (line, lineNo) -> checkRecord(line, nodes, lineNo) : null);
                    } catch (EOFException | ZipException e) {
                        corrupt = "is truncated or not valid gzip (" + e.getMessage() + ")";
                    } catch (BadRecord e) {
                        corrupt = "line " + e.line + ": " + e.getMessage(); // reported once the checksum is known good
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

    /** Receives each line of a data file with its number. */
    private interface LineCheck {
        void check(String line, long lineNo);
    }

    /**
     * Counts the lines of a data file (its line breaks) and hands each to {@code check}, when there
     * is one; a file that ends in the middle of a line was cut short. Without a check no line is
     * decoded: counting is all the plain verify does.
     */
    private static long scanLines(InputStream in, LineCheck check) throws IOException {
        byte[] buf = new byte[1 << 16];
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(check == null ? 0 : 1 << 12);
        long lineNo = 0;
        boolean open = false;
        int n;
        while ((n = in.read(buf)) > 0) {
            int from = 0;
            for (int i = 0; i < n; i++) {
                if (buf[i] == '\n') {
                    lineNo++;
                    if (check != null) {
                        line.write(buf, from, i - from);
                        check.check(line.toString(StandardCharsets.UTF_8), lineNo);
                        line.reset();
                    }
                    from = i + 1;
                }
            }
            if (check != null) {
                line.write(buf, from, n - from);
            }
            open = buf[n - 1] != '\n';
        }
        if (open) {
            throw new BadRecord(lineNo + 1, "the file ends in the middle of a line: it was cut short");
        }
        return lineNo;
    }

    private static void checkRecord(String line, boolean nodes, long lineNo) {
        if (line.isBlank()) {
            return;
        }
        JsonNode record;
        try {
            record = BackupJson.MAPPER.readTree(line);
        } catch (IOException e) {
            throw new BadRecord(lineNo, "not valid JSON: " + firstLine(e.getMessage()));
        }
        try {
            if (nodes) {
                checkNode(record);
            } else {
                checkRelationship(record);
            }
        } catch (RuntimeException e) {
            throw new BadRecord(lineNo, firstLine(e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }

    private static void checkNode(JsonNode record) {
        require(record, "id", JsonNode::isIntegralNumber, "an integer");
        require(record, "labels", JsonNode::isArray, "a list of labels");
        record.get("labels").forEach(l -> {
            if (!l.isTextual()) {
                throw new IllegalArgumentException("\"labels\" must hold strings, found " + l.getNodeType());
            }
        });
        TypedValueCodec.readProperties(record.get("props"));
    }

    private static void checkRelationship(JsonNode record) {
        require(record, "id", JsonNode::isIntegralNumber, "an integer");
        require(record, "type", t -> t.isTextual() && !t.textValue().isEmpty(), "a relationship type");
        require(record, "start", JsonNode::isIntegralNumber, "an integer");
        require(record, "end", JsonNode::isIntegralNumber, "an integer");
        for (String end : List.of("startKey", "endKey")) {
            JsonNode key = record.get(end);
            if (key != null && !key.isNull()) {
                require(key, "label", JsonNode::isTextual, "a label (in \"" + end + "\")");
                require(key, "property", JsonNode::isTextual, "a property key (in \"" + end + "\")");
                TypedValueCodec.readValue(key.path("value"));
            }
        }
        TypedValueCodec.readProperties(record.get("props"));
    }

    private static void require(JsonNode record, String field, Predicate<JsonNode> valid, String what) {
        JsonNode v = record.get(field);
        if (v == null || !valid.test(v)) {
            throw new IllegalArgumentException("\"" + field + "\" must be " + what + ", found "
                    + (v == null ? "nothing" : v.getNodeType().toString()));
        }
    }

    /** A record the restore could not read, by line. */
    private static final class BadRecord extends RuntimeException {
        final long line;

        BadRecord(long line, String message) {
            super(message, null, false, false);
            this.line = line;
        }
    }

    /**
     * Receives each record of a data file with the length of its line (to size write batches by
     * bytes) and its line number (to name it later).
     */
    @FunctionalInterface
    public interface RecordSink {
        void accept(JsonNode record, int lineLength, long lineNo);
    }

    /**
     * Thrown by a sink for a failure that is not about the record at hand (the write of an earlier
     * batch, on another thread): passed on as it is, not pinned on the line being read.
     */
    public static final class SinkFailure extends RuntimeException {
        public SinkFailure(RuntimeException cause) {
            super(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
        }
    }

    /** Calls {@code consumer} with each record of a data file; a bad line is named by file and line number. */
    public static void forEachRecord(BackupSource source, FileEntry f, Consumer<JsonNode> consumer) {
        forEachRecord(source, f, (record, length, lineNo) -> consumer.accept(record));
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
                    consumer.accept(record, line.length(), lineNo);
                } catch (GraphVaultException | SinkFailure e) {
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
