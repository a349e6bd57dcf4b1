package io.graphvault.serve;

import io.graphvault.backup.BackupRequest;
import io.graphvault.backup.BackupTarget;
import java.util.List;

/**
 * The backup options a trigger, a schedule or the {@code backup} command uses unless it says
 * otherwise: BACKUP_EXCLUDE_PROPERTIES, BACKUP_BATCH_SIZE, and where serve's backups go: BACKUP_TO
 * (unset: both when S3 is configured, else local).
 */
public record ServeDefaults(List<String> excludedProperties, int batchSize, BackupTarget target) {

    public BackupRequest backup(String name, boolean s3, List<String> excluded, Integer batch) {
        return backup(name, s3 ? BackupTarget.BOTH : BackupTarget.LOCAL, excluded, batch);
    }

    public BackupRequest backup(String name, BackupTarget to, List<String> excluded, Integer batch) {
        return new BackupRequest(name, to, excluded != null ? excluded : excludedProperties, batch != null ? batch : batchSize);
    }

    /** What a scheduled backup does: the defaults, to BACKUP_TO (unset: replicated when S3 is configured). */
    public Job scheduledBackup() {
        return new Job.Backup(backup(null, target, null, null));
    }

    /** What the offsite sweep does: push the completed backups S3 does not hold yet. */
    public Job offsiteSweep() {
        return new Job.Replicate();
    }
}
