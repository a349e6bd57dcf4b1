package io.graphvault.storage;

import io.graphvault.GraphVaultException;
import io.graphvault.format.BackupCipher;
import io.graphvault.format.BackupKeys;
import io.graphvault.format.BackupManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;

/** Finds backups by what a user types after {@code --from}: a folder, a backup id, or an S3 URI. */
public final class BackupCatalog {

    private final LocalBackupStore local;
    private final Supplier<S3Client> s3;
    private final int maxRecordBytes;
    private final BackupKeys keys;

    /**
     * {@code s3} reads backups named {@code s3://bucket/prefix/ID}; null when S3 is not available.
     * {@code maxRecordBytes}: RESTORE_MAX_RECORD_BYTES, the longest record a backup opened here may hold.
     * {@code keys}: what encrypted backups are read with.
     */
    public BackupCatalog(LocalBackupStore local, Supplier<S3Client> s3, int maxRecordBytes, BackupKeys keys) {
        this.local = local;
        this.s3 = s3;
        this.maxRecordBytes = maxRecordBytes;
        this.keys = keys;
    }

    /** BACKUP_DIR. */
    public Path localRoot() {
        return local.root();
    }

    public List<LocalBackupStore.Listing> list() {
        return local.list();
    }

    /** A folder path, the id of a backup in BACKUP_DIR, or {@code s3://bucket/prefix/ID} (read straight from S3). */
    public BackupSource open(String from) {
        if (from == null || from.isBlank()) {
            throw new GraphVaultException("--from is empty: give a backup folder, a backup id or s3://bucket/prefix/ID");
        }
        if (S3Location.isS3(from)) {
            if (s3 == null) {
                throw new GraphVaultException("cannot read " + from + ": S3 is not available in this process");
            }
            return new S3BackupSource(s3.get(), S3Location.parse(from), maxRecordBytes);
        }
        Path path = Path.of(from);
        if (Files.isDirectory(path)) {
            return new LocalBackupSource(path.toAbsolutePath().normalize(), maxRecordBytes);
        }
        if (BackupIds.isValid(from) && Files.isDirectory(local.finalDir(from))) {
            return new LocalBackupSource(local.finalDir(from), maxRecordBytes);
        }
        throw new GraphVaultException("backup '" + from + "' not found: no such folder, and no backup with that id in "
                + local.root() + " (see 'graphvault list')");
    }

    /** The result of a verify: which backup, and what was checked. */
    public record Verified(@com.fasterxml.jackson.annotation.JsonIgnore BackupSource source, String location,
            BackupManifest manifest, BackupReader.VerifyReport report) {
    }

    /**
     * Checks a backup's files. An encrypted one is decrypted and its records read too when its key is
     * set; without the key only its stored bytes are checked (their SHA-256 and sizes), which the
     * manifest, always readable, lists.
     */
    public Verified verify(String from) {
        return verify(from, false);
    }

    /** {@link #verify} for a job that reads the records (verify --against-db): it needs the key of an encrypted backup. */
    public Verified verifyRecords(String from) {
        return verify(from, true);
    }

    private Verified verify(String from, boolean keyRequired) {
        BackupSource source = open(from);
        BackupManifest manifest = BackupReader.readManifest(source);
        boolean keySet = !manifest.encrypted() || keys.reader(manifest.encryption().keyId()).isPresent();
        BackupSource readable = keyRequired || keySet ? withKey(source, manifest) : source;
        return new Verified(readable, source.location(), manifest, BackupReader.verify(readable, manifest));
    }

    /**
     * {@code source} as it is when the backup is plain, with its key when it is encrypted; refuses,
     * naming the key id it needs, when no key set here is that one.
     */
    public BackupSource withKey(BackupSource source, BackupManifest manifest) {
        if (!manifest.encrypted()) {
            return source;
        }
        String keyId = manifest.encryption().keyId();
        BackupCipher cipher = keys.reader(keyId).orElseThrow(() -> new GraphVaultException("backup " + manifest.id()
                + " at " + source.location() + " is encrypted with key " + keyId + "; set " + BackupKeys.KEY + " (or "
                + BackupKeys.KEY_FILE + ") or " + BackupKeys.OLD_KEYS + " to that key (keys set here: "
                + (keys.keyIds().isEmpty() ? "none" : String.join(", ", keys.keyIds())) + ")"));
        return new KeyedBackupSource(source, cipher.forBackup(manifest.id()));
    }
}
