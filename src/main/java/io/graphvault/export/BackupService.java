package io.graphvault.export;

import io.graphvault.GraphVaultApplication;
import io.graphvault.GraphVaultHeaders;
import io.graphvault.format.BackupCipher;
import io.graphvault.format.BackupKeys;
import io.graphvault.format.BackupManifest;
import io.graphvault.storage.BackupIds;
import io.graphvault.storage.LocalBackupStore;
import java.time.Clock;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the backup route around the export: reserve a partial folder, build the manifest,
 * publish the folder, or throw it away when anything failed.
 */
public final class BackupService {

    private static final Logger LOG = LoggerFactory.getLogger(BackupService.class);

    private final LocalBackupStore store;
    private final boolean gzip;
    private final Clock clock;
    private final BackupKeys keys;

    /** {@code keys}: backups are encrypted with their writing key, when one is set. */
    public BackupService(LocalBackupStore store, boolean gzip, Clock clock, BackupKeys keys) {
        this.store = store;
        this.gzip = gzip;
        this.clock = clock;
        this.keys = keys;
    }

    /**
     * Reserves the partial folder and tells the route where it is and whether to replicate. Every
     * caller holds the job lock of the backup folder (the command line, serve's job queue, a restore
     * taking its safety backup), so partial folders found now were left by backups that died.
     */
    public synchronized BackupJob begin(BackupRequest request, Exchange exchange) {
        for (String abandoned : store.removeAbandonedPartials()) {
            LOG.warn("removed {} in {}: a backup that did not finish (the process stopped) left it", abandoned, store.root());
        }
        Instant now = clock.instant();
        String id = request.name() != null ? BackupIds.checkName(request.name()) : store.freeId(BackupIds.timestamp(now));
        BackupCipher cipher = keys.writer().map(k -> k.forBackup(id)).orElse(null);
        BackupJob job = new BackupJob(request, id, store.createPartial(id), store.finalDir(id), now, gzip, cipher);
        exchange.getMessage().setHeader(GraphVaultHeaders.BACKUP_FOLDER, job.partialDir().toString());
        exchange.getMessage().setHeader(GraphVaultHeaders.REPLICATE, request.s3());
        return job;
    }

    public BackupManifest manifest(BackupJob job) {
        BackupCipher cipher = job.cipher();
        BackupManifest manifest = new BackupManifest(cipher == null ? BackupManifest.FORMAT : BackupManifest.FORMAT_ENCRYPTED,
                "graphvault " + GraphVaultApplication.version(),
                job.id(), job.request().name(), job.startedAt().toString(), clock.instant().toString(), job.source(),
                new BackupManifest.Options(job.request().batchSize(), gzip ? "gzip" : "none", job.request().excludedProperties(),
                        job.relationshipOrdinals(), job.relationshipOrdinals()),
                job.counts(), job.files(), cipher == null ? null : new BackupManifest.Encryption(BackupCipher.ALGORITHM, cipher.keyId()));
        job.manifest(manifest);
        return manifest;
    }

    public BackupJob publish(@ExchangeProperty(GraphVaultHeaders.BACKUP_JOB) BackupJob job) {
        store.publish(job.partialDir(), job.finalDir());
        job.markPublished();
        return job;
    }

    /** Removes what a failed backup wrote, so nothing that looks like a backup is left behind. */
    public void discard(BackupJob job) {
        if (job != null) {
            LocalBackupStore.deleteTree(job.partialDir());
        }
    }
}
