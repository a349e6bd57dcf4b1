package io.graphvault.storage.verify;

import io.graphvault.format.BackupCipher;
import io.graphvault.format.BackupFileNames;
import io.graphvault.format.BackupJson;
import io.graphvault.format.BackupManifest;
import io.graphvault.format.BackupManifest.FileEntry;
import io.graphvault.format.BackupSchema;
import io.graphvault.format.BatchFileReader;
import io.graphvault.format.DecodedRecord;
import io.graphvault.internal.GraphVaultException;
import io.graphvault.internal.Sha256;
import io.graphvault.progress.Progress;
import io.graphvault.storage.BackupSource;
import io.graphvault.storage.CheckedBatchFile;
import io.graphvault.storage.StoredFiles;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.zip.ZipException;
import org.roaringbitmap.longlong.Roaring64Bitmap;

/**
 * Reads and checks a {@code graphvault/1} backup: its manifest, every file's SHA-256, size and
 * record count, and the records themselves, one line at a time.
 */
public final class BackupReader {

    private static final Pattern SAFE_PATH = Pattern.compile("(schema\\.json|ids\\.json|(nodes|relationships)/[0-9]{6}\\.jsonl(\\.gz)?)");

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
                manifest = BackupJson.DOCUMENTS.readValue(in, BackupManifest.class);
            }
        } catch (GraphVaultException e) {
            throw e;
        } catch (IOException e) {
            throw new GraphVaultException(where + " cannot be read: " + firstLine(e.getMessage()), e);
        }
        if (manifest == null || manifest.format() == null) {
            throw new GraphVaultException(where + " has no \"format\" field: not a GraphVault manifest");
        }
        if (!BackupManifest.FORMAT.equals(manifest.format()) && !BackupManifest.FORMAT_ENCRYPTED.equals(manifest.format())) {
            throw new GraphVaultException(where + " is in format '" + manifest.format() + "', which this GraphVault"
                    + " does not read (it reads " + BackupManifest.FORMAT + " and " + BackupManifest.FORMAT_ENCRYPTED
                    + "); use the GraphVault version that wrote it or a newer one");
        }
        StoredFiles.requireEncryptionField(where, manifest);
        if (manifest.files() == null || manifest.counts() == null) {
            throw new GraphVaultException(where + " lists no files or counts: the manifest is incomplete");
        }
        for (FileEntry f : manifest.files()) {
            String plainPath = f.path() == null || !manifest.encrypted() ? f.path() : StoredFiles.withoutSuffix(f.path());
            if (plainPath == null || !SAFE_PATH.matcher(plainPath).matches()) {
                throw new GraphVaultException(where + " lists a file outside the backup format: '" + f.path() + "'"
                        + (manifest.encrypted() ? " (every file of an encrypted backup ends in " + BackupCipher.SUFFIX + ")" : ""));
            }
        }
        if (manifest.incremental() == null) {
            ManifestCounts.requireFilesAddUp(where, manifest);
        } else {
            ManifestCounts.requireIncrementalFields(where, manifest);
        }
        return manifest;
    }

    /** The schema, once its names are checked: a name Neo4j cannot hold fails here, before any statement runs. */
    public static BackupSchema readSchema(BackupSource source, BackupManifest manifest) {
        String path = manifest.encrypted() ? BackupSchema.FILE_NAME + BackupCipher.SUFFIX : BackupSchema.FILE_NAME;
        String where = source.location() + "/" + path;
        BackupSchema schema;
        try (InputStream in = StoredFiles.plain(source, path, source.open(path))) {
            schema = BackupJson.DOCUMENTS.readValue(in, BackupSchema.class);
        } catch (IOException e) {
            throw new GraphVaultException(where + " cannot be read: " + firstLine(e.getMessage()), e);
        }
        SchemaCheck.requireNames(where, schema);
        return schema;
    }

    /**
     * What {@link #verify} checked. {@code keyId}: the key an encrypted backup needs (null: plain).
     * {@code recordsRead} false: encrypted, and no key for it is set, so only the stored bytes were
     * checked and {@code records} is the manifest's count.
     */
    public record VerifyReport(int files, long bytes, long records, String keyId, boolean recordsRead) {
    }

    /**
     * Checks every file against the manifest: its SHA-256 and size, and, in the same pass, every
     * record as the restore will read it (bounded in length, its fields, value types and names), the
     * records' count, and the labels and types they hold against the manifest's counts. The first bad
     * file stops the check with an error that names it; nothing is assumed about the files that
     * follow. Every restore runs it before it writes anything.
     */
    public static VerifyReport verify(BackupSource source, BackupManifest manifest) {
        long totalBytes = manifest.totalBytes();
        Progress progress = Progress.start("verify " + manifest.id(), "bytes", totalBytes);
        Map<String, Long> labels = new HashMap<>();
        Map<String, Long> types = new HashMap<>();
        // every node's export id, to find one given twice: compressed, so the dense ids of an export take about a
        // bit each (a HashSet<Long> would hold 16 bytes and more per node, and grow with the graph)
        Roaring64Bitmap nodeIds = new Roaring64Bitmap();
        long records = 0;
        boolean schema = false;
        // an incremental backup's records are read only together with its parents' (a view over its chain): alone,
        // its stored bytes are checked, as an encrypted backup's are without its key
        boolean readable = (!manifest.encrypted() || source.cipher() != null) && (manifest.incremental() == null || source.chained());
        Set<Long> dropped = manifest.droppedRelationships();
        long[] kept = new long[2];
        // node files first: a relationship's endpoints are checked against every node of the backup
        List<FileEntry> files = manifest.files().stream()
                .sorted(Comparator.comparing(f -> !f.path().startsWith(BackupFileNames.NODES_DIR + "/"))).toList();
        for (FileEntry f : files) {
            records += verifyFile(source, f, progress, new RecordCheck(f.path().startsWith(BackupFileNames.NODES_DIR + "/"), labels,
                    types, nodeIds, dropped, source.maxRecordBytes(), id -> source.keeps(f.path(), id), kept), readable);
            schema |= BackupFileNames.isSchema(f.path());
        }
        progress.finish();
        String keyId = manifest.encrypted() ? manifest.encryption().keyId() : null;
        if (!readable) {
            long listed = manifest.files().stream().filter(f -> BackupFileNames.isData(f.path())).mapToLong(FileEntry::records).sum();
            return new VerifyReport(manifest.files().size(), totalBytes, listed, keyId, false);
        }
        ManifestCounts.requireRecordsMatch(source.where(BackupManifest.FILE_NAME), manifest, labels, types);
        if (manifest.incremental() != null) {
            ManifestCounts.requireChainAddsUp(source.where(BackupManifest.FILE_NAME), manifest, kept[0], kept[1]);
            records = kept[0] + kept[1] + dropped.size();
        }
        if (schema) {
            readSchema(source, manifest);
        }
        return new VerifyReport(manifest.files().size(), totalBytes, records, keyId, true);
    }

    /**
     * Checks only {@code schema.json} against the manifest (its SHA-256 and size): for {@code restore --schema-only},
     * which reads nothing else of the backup.
     */
    public static void verifySchemaFile(BackupSource source, BackupManifest manifest) {
        for (FileEntry f : manifest.files()) {
            if (!BackupFileNames.isData(f.path())) {
                verifyFile(source, f, Progress.start("verify " + manifest.id() + " schema", "bytes", f.bytes()), null, false);
            }
        }
    }

    /** {@code readRecords} false: only the stored bytes are checked (an encrypted file without its key). */
    private static long verifyFile(BackupSource source, FileEntry f, Progress progress, RecordCheck check, boolean readRecords) {
        String where = source.where(f.path());
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
                if (readRecords && BackupFileNames.isData(f.path())) {
                    try {
                        InputStream data = StoredFiles.plain(source, f.path(), counted);
                        lines = RecordLines.scan(data, source.maxRecordBytes(), check);
                    } catch (BackupCipher.NotAuthentic e) {
                        corrupt = e.getMessage();
                    } catch (EOFException | ZipException e) {
                        corrupt = "is truncated or not valid gzip (" + e.getMessage() + ")";
                    } catch (BadRecord e) {
                        corrupt = "line " + e.line + ": " + e.getMessage(); // reported once the checksum is known good
                    }
                }
                counted.transferTo(OutputStream.nullOutputStream());
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

    /**
     * Calls {@code consumer} with each record of a data file, read as the restore route reads it
     * ({@link BatchFileReader}: bounded lines, the SHA-256 checked again); a bad line is named by file
     * and line number.
     */
    public static void forEachRecord(BackupSource source, FileEntry f, Consumer<DecodedRecord> consumer) {
        try (BatchFileReader records = BatchFileReader.open(new CheckedBatchFile(source, f))) {
            records.forEachRemaining(consumer);
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
