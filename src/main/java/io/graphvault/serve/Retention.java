package io.graphvault.serve;

import io.graphvault.GraphVaultException;
import io.graphvault.export.BackupJob;
import io.graphvault.internal.Sha256;
import io.graphvault.storage.LocalBackupStore;
import io.graphvault.storage.S3BackupStore;
import io.graphvault.storage.S3Errors;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Body;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BACKUP_KEEP_LAST locally and S3_KEEP_LAST in the bucket. Only completed backups are counted and
 * pruned, the newest always stays, and while S3 is configured a local backup is deleted only once
 * the bucket holds it, so pruning never loses the only copy.
 */
public final class Retention {

    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    private final LocalBackupStore local;
    private final int localKeepLast;
    private final S3BackupStore s3;

    public Retention(LocalBackupStore local, int localKeepLast, S3BackupStore s3) {
        this.local = local;
        this.localKeepLast = localKeepLast;
        this.s3 = s3;
    }

    /** After a job: {@code body} is the backup it took (kept, as the newest), or what a replication did. */
    public void apply(@Body Object body) {
        String justTaken = body instanceof BackupJob job ? job.id() : null;
        boolean offsite = s3.settings().configured();
        List<String> deleted = local.prune(localKeepLast, justTaken, l -> !offsite || isOffsite(l));
        if (!deleted.isEmpty()) {
            LOG.info("retention (BACKUP_KEEP_LAST={}): deleted local backups {}", localKeepLast, deleted);
        }
        if (offsite && s3.settings().keepLast() > 0) {
            try {
                List<String> gone = s3.prune(s3.settings().keepLast(), justTaken);
                if (!gone.isEmpty()) {
                    LOG.info("retention (S3_KEEP_LAST={}): deleted {} from {}", s3.settings().keepLast(), gone,
                            s3.settings().rootUri());
                }
            } catch (RuntimeException e) {
                LOG.warn("retention in {} skipped this time: {}", s3.settings().rootUri(), S3Errors.describe(e));
            }
        }
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
