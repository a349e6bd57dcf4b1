package io.graphvault.serve;

import io.graphvault.backup.BackupRequest;
import io.graphvault.backup.BackupTarget;
import java.util.List;

/**
 * The backup options a trigger, a schedule or the {@code backup} command uses unless it says
 * otherwise: BACKUP_EXCLUDE_PROPERTIES, BACKUP_BATCH_SIZE, where serve's backups go: BACKUP_TO
 * (unset: both when S3 is configured, else local), and BACKUP_INCREMENTAL ({@code fullEvery}: 0, every
 * backup full; N, incremental backups with a full one every N).
 */
public record ServeDefaults(List<String> excludedProperties, int batchSize, BackupTarget target, int fullEvery) {

    public BackupRequest backup(String name, boolean s3, List<String> excluded, Integer batch) {
        return backup(name, s3 ? BackupTarget.BOTH : BackupTarget.LOCAL, excluded, batch, null);
    }

    /** {@code incremental}: true, incremental on the newest backup; false, full; null, as BACKUP_INCREMENTAL says. */
    public BackupRequest backup(String name, BackupTarget to, List<String> excluded, Integer batch, Boolean incremental) {
        return new BackupRequest(name, to, excluded != null ? excluded : excludedProperties, batch != null ? batch : batchSize,
                incremental != null ? incremental : fullEvery > 0, incremental != null ? 0 : fullEvery);
    }

    /** What a scheduled backup does: the defaults, to BACKUP_TO (unset: replicated when S3 is configured). */
    public Job scheduledBackup() {
        return new Job.Backup(backup(null, target, null, null, null));
    }

    /** What the offsite sweep does: push the completed backups S3 does not hold yet. */
    public Job offsiteSweep() {
        return new Job.Replicate();
    }
}
