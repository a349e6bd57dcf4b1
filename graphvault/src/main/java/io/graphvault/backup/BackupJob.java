package io.graphvault.backup;

import io.graphvault.format.BackupCipher;
import io.graphvault.format.BackupManifest;
import io.graphvault.format.BackupManifest.Counts;
import io.graphvault.format.BackupManifest.FileEntry;
import io.graphvault.internal.GraphVaultException;
import io.graphvault.storage.LocalBackupFolder;
import java.io.Closeable;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One backup on its way through the backup route: where it goes (decided once, at the start),
 * and what the export found. It lives only as long as the exchange that carries it. The split's
 * workers add file entries from several threads; the rest is set once, by one step each.
 */
public final class BackupJob implements LocalBackupFolder {

    /** What the read found, set once when the last batch was read. */
    public record Export(BackupManifest.Source source, Counts counts, boolean relationshipOrdinals,
            BackupManifest.Consistency consistency) {
    }

    private final BackupRequest request;
    private final String id;
    private final Path partialDir;
    private final Path finalDir;
    private final String location;
    private final Instant startedAt;
    private final boolean gzip;
    private final BackupCipher cipher;
    private final ConcurrentLinkedQueue<FileEntry> files = new ConcurrentLinkedQueue<>();
    private volatile Export export;
    private volatile BackupManifest manifest;
    private volatile boolean published;
    private volatile Closeable reading;
    private final AtomicInteger storing = new AtomicInteger();
    private volatile boolean discarded;
    private volatile String parentLocation;
    private volatile BackupManifest.Incremental incremental;

    /**
     * {@code partialDir} and {@code finalDir}: the local folders, null for a backup straight to S3;
     * {@code location}: where the completed backup is (the final folder, or its {@code s3://} URI);
     * {@code cipher}: bound to this backup's id, or null to write it in plain.
     */
    public BackupJob(BackupRequest request, String id, Path partialDir, Path finalDir, String location, Instant startedAt,
            boolean gzip, BackupCipher cipher) {
        this.request = request;
        this.id = id;
        this.partialDir = partialDir;
        this.finalDir = finalDir;
        this.location = location;
        this.startedAt = startedAt;
        this.gzip = gzip;
        this.cipher = cipher;
    }

    public BackupRequest request() {
        return request;
    }

    public String id() {
        return id;
    }

    /** The folder being written, null when the backup goes straight to S3. */
    public Path partialDir() {
        return partialDir;
    }

    /** The completed local backup, null when the backup goes straight to S3. */
    @Override
    public Path finalDir() {
        return finalDir;
    }

    public String location() {
        return location;
    }

    public boolean local() {
        return partialDir != null;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public boolean gzip() {
        return gzip;
    }

    public BackupCipher cipher() {
        return cipher;
    }

    /** A file's name in the backup: encrypted files (every one but the manifest) end in {@code .enc}. */
    public String storedPath(String path) {
        return cipher == null ? path : path + BackupCipher.SUFFIX;
    }

    public BackupManifest.Source source() {
        return export == null ? null : export.source();
    }

    public Counts counts() {
        return export == null ? null : export.counts();
    }

    public BackupManifest.Consistency consistency() {
        return export == null ? null : export.consistency();
    }

    public boolean relationshipOrdinals() {
        return export != null && export.relationshipOrdinals();
    }

    /** Where the parent of an incremental backup is (a folder or an {@code s3://} URI), or null: a full backup. */
    public String parentLocation() {
        return parentLocation;
    }

    void parentLocation(String location) {
        this.parentLocation = location;
    }

    /** What the manifest says of an incremental backup, null for a full one. */
    public BackupManifest.Incremental incremental() {
        return incremental;
    }

    void incremental(BackupManifest.Incremental incremental) {
        this.incremental = incremental;
    }

    void exported(Export result) {
        this.export = result;
    }

    /** The files stored so far, by path: the same order whichever worker stored which. */
    public List<FileEntry> files() {
        return files.stream().sorted(Comparator.comparing(FileEntry::path)).toList();
    }

    void stored(FileEntry file) {
        files.add(file);
    }

    public BackupManifest manifest() {
        return manifest;
    }

    void manifest(BackupManifest manifest) {
        this.manifest = manifest;
    }

    public boolean published() {
        return published;
    }

    void markPublished() {
        this.published = true;
    }

    /** The read in progress, closed again by {@link BackupService#discard} should the route fail. */
    void reading(Closeable batches) {
        this.reading = batches;
    }

    Closeable reading() {
        return reading;
    }

    /**
     * A file is on its way to the sink. Refused once the backup is discarded: a parallel split
     * that fails does not wait for the batches its other workers are storing.
     */
    void storeStarted() {
        storing.incrementAndGet();
        if (discarded) {
            storeEnded();
            throw new GraphVaultException("backup " + id + " failed; its remaining files are not stored");
        }
    }

    /** The file is stored, or its store failed. */
    void storeEnded() {
        if (storing.decrementAndGet() == 0) {
            synchronized (storing) {
                storing.notifyAll();
            }
        }
    }

    /**
     * No file is stored after this returns: refuses new ones and waits for those in flight (an
     * upload retried while S3 is unreachable included), so that deleting what was written is final.
     */
    void discard(long timeoutMillis) throws InterruptedException {
        discarded = true;
        long deadline = System.currentTimeMillis() + timeoutMillis;
        synchronized (storing) {
            while (storing.get() > 0 && System.currentTimeMillis() < deadline) {
                storing.wait(Math.max(1, deadline - System.currentTimeMillis()));
            }
        }
    }
}
