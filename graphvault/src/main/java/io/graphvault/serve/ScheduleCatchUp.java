package io.graphvault.serve;

import io.graphvault.backup.BackupTarget;
import io.graphvault.format.BackupManifest;
import io.graphvault.internal.GraphVaultException;
import io.graphvault.storage.local.LocalBackupStore;
import io.graphvault.storage.s3.S3BackupStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether {@code serve} owes a scheduled backup the moment it starts or takes the lead: a time of
 * the schedule passed after the newest completed backup began, and no backup came of it (its
 * leader was killed in the middle of it, or no serve ran then). Without this, a new leader of an
 * interval schedule waits a whole interval from its takeover and a cron schedule its next firing:
 * the missed time would leave two periods between backups, enough for the overdue alert. Where
 * there is no backup at all nothing is owed and the schedule begins as it always did.
 */
public final class ScheduleCatchUp {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduleCatchUp.class);

    private final ServeSchedule schedule;
    private final BackupTarget target;
    private final LocalBackupStore local;
    private final S3BackupStore s3;
    private final Clock clock;

    public ScheduleCatchUp(ServeSchedule schedule, BackupTarget target, LocalBackupStore local, S3BackupStore s3,
            Clock clock) {
        this.schedule = schedule;
        this.target = target;
        this.local = local;
        this.s3 = s3;
        this.clock = clock;
    }

    /** Called by the catch-up route: true when a scheduled backup is owed now, which it then queues. */
    public boolean due() {
        BackupManifest newest = newest();
        if (newest == null) {
            return false;
        }
        Instant missed = schedule.nextAfter(Instant.parse(newest.startedAt()));
        if (missed == null || missed.isAfter(clock.instant())) {
            return false;
        }
        LOG.info("the schedule ({}) fired at {}, after the newest backup {} began, and no backup came of it: a scheduled"
                + " backup now", schedule, missed, newest.id());
        return true;
    }

    /** Where scheduled backups go: the bucket when BACKUP_TO=s3 (nothing local), else the folder (written first). */
    private BackupManifest newest() {
        try {
            List<BackupManifest> manifests = target == BackupTarget.S3
                    ? s3.list().stream().map(S3BackupStore.Listing::manifest).toList()
                    : local.list().stream().map(LocalBackupStore.Listing::manifest).toList();
            return manifests.isEmpty() ? null : manifests.get(0);
        } catch (GraphVaultException e) {
            // the schedule goes on as it always did; the backup it takes will meet the same trouble and say so
            LOG.warn("could not tell whether a scheduled backup was missed: {}", e.getMessage());
            return null;
        }
    }
}
