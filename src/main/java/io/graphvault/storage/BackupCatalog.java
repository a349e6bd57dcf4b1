package io.graphvault.storage;

import io.graphvault.GraphVaultException;
import io.graphvault.format.BackupManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Finds backups by what a user types after {@code --from}: a folder, a backup id, or an S3 URI. */
public final class BackupCatalog {

    private final LocalBackupStore local;

    public BackupCatalog(LocalBackupStore local) {
        this.local = local;
    }

    public List<LocalBackupStore.Listing> list() {
        return local.list();
    }

    /** A folder path, or the id of a backup in BACKUP_DIR. */
    public BackupSource open(String from) {
        if (from == null || from.isBlank()) {
            throw new GraphVaultException("--from is empty: give a backup folder, a backup id or s3://bucket/prefix/ID");
        }
        Path path = Path.of(from);
        if (Files.isDirectory(path)) {
            return new LocalBackupSource(path.toAbsolutePath().normalize());
        }
        if (BackupIds.isValid(from) && Files.isDirectory(local.finalDir(from))) {
            return new LocalBackupSource(local.finalDir(from));
        }
        throw new GraphVaultException("backup '" + from + "' not found: no such folder, and no backup with that id in "
                + local.root() + " (see 'graphvault list')");
    }

    /** The result of a verify: which backup, and what was checked. */
    public record Verified(@com.fasterxml.jackson.annotation.JsonIgnore BackupSource source, String location,
            BackupManifest manifest, BackupReader.VerifyReport report) {
    }

    public Verified verify(String from) {
        BackupSource source = open(from);
        BackupManifest manifest = BackupReader.readManifest(source);
        return new Verified(source, source.location(), manifest, BackupReader.verify(source, manifest));
    }
}
