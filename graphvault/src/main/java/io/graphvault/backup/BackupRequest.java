package io.graphvault.backup;

import java.util.List;

/**
 * What to back up and how. {@code name} may be null: the backup is then named by its UTC start time.
 * {@code incremental}: store only what differs from the newest backup where this one goes (a full backup when
 * there is none, or it cannot be read); {@code fullEvery}: when above 0, a full one instead once the newest
 * backup's chain holds {@code fullEvery - 1} incremental backups (BACKUP_INCREMENTAL).
 */
public record BackupRequest(String name, BackupTarget to, List<String> excludedProperties, int batchSize, boolean incremental,
        int fullEvery) {

    public static final int DEFAULT_BATCH_SIZE = 10_000;

    public BackupRequest {
        to = to == null ? BackupTarget.LOCAL : to;
        excludedProperties = excludedProperties == null ? List.of() : List.copyOf(excludedProperties);
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be a positive number, got " + batchSize);
        }
    }

    public BackupRequest(String name, BackupTarget to, List<String> excludedProperties, int batchSize) {
        this(name, to, excludedProperties, batchSize, false, 0);
    }

    /** {@code s3}: a local backup replicated to S3 once complete ({@link BackupTarget#BOTH}), else local only. */
    public BackupRequest(String name, boolean s3, List<String> excludedProperties, int batchSize) {
        this(name, s3 ? BackupTarget.BOTH : BackupTarget.LOCAL, excludedProperties, batchSize);
    }

    /** Whether the completed local backup is then replicated to S3. */
    public boolean replicate() {
        return to == BackupTarget.BOTH;
    }

    /** How a lock holder or a waiting job names this one: "backup" or "backup NAME". */
    public String describe() {
        String kind = incremental ? "incremental backup" : "backup";
        return name == null ? kind : kind + " " + name;
    }
}
