package io.graphvault.serve;

import io.graphvault.backup.BackupRequest;
import java.util.List;

/**
 * The backup options a trigger, a schedule or the {@code backup} command uses unless it says
 * otherwise: BACKUP_EXCLUDE_PROPERTIES, BACKUP_BATCH_SIZE.
 */
public record ServeDefaults(List<String> excludedProperties, int batchSize, boolean replicate) {

    public BackupRequest backup(String name, boolean s3, List<String> excluded, Integer batch) {
        return new BackupRequest(name, s3, excluded != null ? excluded : excludedProperties, batch != null ? batch : batchSize);
    }

    /** What a scheduled backup does: the defaults, replicated when S3 is configured. */
    public BackupRequest scheduledBackup() {
        return backup(null, replicate, null, null);
    }
}
