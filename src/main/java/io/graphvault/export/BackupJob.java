package io.graphvault.export;

import io.graphvault.format.BackupCipher;
import io.graphvault.format.BackupManifest;
import io.graphvault.format.BackupManifest.Counts;
import io.graphvault.format.BackupManifest.FileEntry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * One backup on its way through the backup route: where it is being written, and what the export
 * found. It lives only as long as the exchange that carries it.
 */
public final class BackupJob {

    private final BackupRequest request;
    private final String id;
    private final Path partialDir;
    private final Path finalDir;
    private final Instant startedAt;
    private final boolean gzip;
    private final BackupCipher cipher;
    private BackupManifest.Source source;
    private Counts counts;
    private List<FileEntry> files;
    private BackupManifest manifest;
    private boolean published;
    private boolean relationshipOrdinals;

    /** {@code cipher}: bound to this backup's id, or null to write it in plain. */
    public BackupJob(BackupRequest request, String id, Path partialDir, Path finalDir, Instant startedAt, boolean gzip,
            BackupCipher cipher) {
        this.request = request;
        this.id = id;
        this.partialDir = partialDir;
        this.finalDir = finalDir;
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

    public Path partialDir() {
        return partialDir;
    }

    public Path finalDir() {
        return finalDir;
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

    public BackupManifest.Source source() {
        return source;
    }

    void source(BackupManifest.Source source) {
        this.source = source;
    }

    public Counts counts() {
        return counts;
    }

    void counts(Counts counts) {
        this.counts = counts;
    }

    public List<FileEntry> files() {
        return files;
    }

    void files(List<FileEntry> files) {
        this.files = files;
    }

    public BackupManifest manifest() {
        return manifest;
    }

    public void manifest(BackupManifest manifest) {
        this.manifest = manifest;
    }

    public boolean published() {
        return published;
    }

    void markPublished() {
        this.published = true;
    }

    public boolean relationshipOrdinals() {
        return relationshipOrdinals;
    }

    void relationshipOrdinals(boolean complete) {
        this.relationshipOrdinals = complete;
    }
}
