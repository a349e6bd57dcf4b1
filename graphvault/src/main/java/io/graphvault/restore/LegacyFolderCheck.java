package io.graphvault.restore;

import io.graphvault.restore.legacy.LegacyBackup;
import io.graphvault.storage.BackupSource;
import io.graphvault.storage.catalog.BackupCatalog;
import io.graphvault.storage.local.LocalBackupSource;
import java.util.List;
import java.util.Map;

/**
 * {@code verify} of a folder of the old Python scripts. The script wrote no checksums, so what can be
 * checked is what the restore checks before its first write: every entry is one the script could
 * have written, and every file's label is known.
 */
public final class LegacyFolderCheck {

    /** What verify found: the folder reads as {@code nodes} and {@code relationships}; {@code problems} fail the restore. */
    public record Result(String location, long nodes, long relationships, List<String> problems) {
    }

    private final BackupCatalog catalog;

    public LegacyFolderCheck(BackupCatalog catalog) {
        this.catalog = catalog;
    }

    /** True when {@code from} names a local folder of the old Python scripts. */
    public boolean isLegacy(String from) {
        BackupSource source = catalog.open(from);
        return source instanceof LocalBackupSource local && LegacyBackup.isLegacyFolder(local.dir());
    }

    /** Reads the whole folder; an entry the script could not have written fails here, naming its file and entry. */
    public Result verify(String from) {
        LocalBackupSource source = (LocalBackupSource) catalog.open(from);
        LegacyBackup legacy = LegacyBackup.read(source.dir(), Map.of());
        return new Result(source.location(), legacy.nodeCount(), legacy.relationshipCount(), legacy.problems());
    }
}
