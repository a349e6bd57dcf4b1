package io.graphvault.serve;

import io.graphvault.backup.BackupJob;
import io.graphvault.internal.GraphVaultException;
import io.graphvault.internal.Sha256;
import io.graphvault.storage.local.LocalBackupStore;
import io.graphvault.storage.retention.PruneDecision;
import io.graphvault.storage.retention.RetentionPolicy;
import io.graphvault.storage.s3.S3BackupStore;
import io.graphvault.storage.s3.S3Errors;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Body;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BACKUP_KEEP_* locally and S3_KEEP_* in the bucket ({@link RetentionPolicy}: a backup any rule keeps
 * stays). Only completed backups are counted and pruned, the newest always stays, so does the last
 * one that verifies, and while S3 is configured a local backup is deleted only once
 * the bucket holds it, so pruning never loses the only copy.
 */
final class Retention {

    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    private final LocalBackupStore local;
    private final RetentionPolicy localPolicy;
    private final S3BackupStore s3;
    private final RetentionPolicy s3Policy;

    public Retention(LocalBackupStore local, RetentionPolicy localPolicy, S3BackupStore s3, RetentionPolicy s3Policy) {
        this.local = local;
        this.localPolicy = localPolicy;
        this.s3 = s3;
        this.s3Policy = s3Policy;
    }

    /** After a job: {@code body} is the backup it took (kept, as the newest), or what a replication did. */
    public void apply(@Body Object body) {
        String justTaken = body instanceof BackupJob job ? job.id() : null;
        boolean offsite = s3.settings().configured();
        List<String> deleted = removed(local.prune(localPolicy, justTaken, l -> !offsite || isOffsite(l), false));
        if (!deleted.isEmpty()) {
            LOG.info("retention (BACKUP_KEEP_* {}): deleted local backups {}", localPolicy, deleted);
        }
        if (offsite && s3Policy.any()) {
            try {
                List<String> gone = removed(s3.prune(s3Policy, justTaken, false));
                if (!gone.isEmpty()) {
                    LOG.info("retention (S3_KEEP_* {}): deleted {} from {}", s3Policy, gone, s3.settings().rootUri());
                }
            } catch (RuntimeException e) {
                LOG.warn("retention in {} skipped this time: {}", s3.settings().rootUri(), S3Errors.describe(e));
            }
        }
    }

    private static List<String> removed(List<PruneDecision> decisions) {
        return decisions.stream().filter(d -> !d.kept()).map(PruneDecision::id).toList();
    }

    private boolean isOffsite(LocalBackupStore.Listing l) {
        try {
            Optional<String> remote = s3.manifestSha256(l.manifest().id());
            String mine = Sha256.hex(Files.readAllBytes(l.dir().resolve(io.graphvault.format.BackupManifest.FILE_NAME)));
            return remote.isPresent() && remote.get().equals(mine);
        } catch (IOException | RuntimeException e) {
            LOG.warn("keeping local backup {} for now: cannot tell whether {} holds it ({})", l.manifest().id(),
                    s3.settings().rootUri(), e instanceof GraphVaultException ? e.getMessage() : S3Errors.describe(e));
            return false;
        }
    }
}
