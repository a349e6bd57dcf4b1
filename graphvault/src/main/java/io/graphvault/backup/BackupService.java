package io.graphvault.backup;

import io.graphvault.format.BackupCipher;
import io.graphvault.format.BackupFileToWrite;
import io.graphvault.format.BackupKeys;
import io.graphvault.format.BackupManifest;
import io.graphvault.format.BackupManifest.FileEntry;
import io.graphvault.internal.Failures;
import io.graphvault.internal.GraphVaultException;
import io.graphvault.internal.GraphVaultHeaders;
import io.graphvault.internal.GraphVaultVersion;
import io.graphvault.internal.Sha256;
import io.graphvault.internal.Uris;
import io.graphvault.storage.BackupIds;
import io.graphvault.storage.local.LocalBackupStore;
import io.graphvault.storage.s3.S3BackupStore;
import io.graphvault.storage.s3.S3Errors;
import io.graphvault.storage.s3.S3Replication;
import io.graphvault.storage.s3.S3Settings;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import org.apache.camel.CamelExchangeException;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.Message;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The steps of the backup route around the read: reserve where the backup goes (a partial folder,
 * or a prefix of the bucket), describe each stored file for the manifest, build the manifest,
 * publish, or throw away what a failed backup wrote.
 */
public final class BackupService {

    private static final Logger LOG = LoggerFactory.getLogger(BackupService.class);
    /** How long a failed backup waits for files its other workers are storing (S3 retries back off up to a minute). */
    private static final long STRAGGLER_WAIT_MILLIS = 10 * 60_000;

    private final LocalBackupStore store;
    private final S3BackupStore s3;
    private final boolean gzip;
    private final Clock clock;
    private final BackupKeys keys;

    /** {@code keys}: backups are encrypted with their writing key, when one is set. */
    public BackupService(LocalBackupStore store, S3BackupStore s3, boolean gzip, Clock clock, BackupKeys keys) {
        this.store = store;
        this.s3 = s3;
        this.gzip = gzip;
        this.clock = clock;
        this.keys = keys;
    }

    /**
     * Reserves the partial folder (or, straight to S3, an unused prefix of the bucket) and tells the
     * route where it is and whether to replicate. Every caller of a local backup holds the job lock
     * of the backup folder (the command line, serve's job queue, a restore taking its safety
     * backup), so partial folders found now were left by backups that died.
     */
    public synchronized BackupJob begin(BackupRequest request, Exchange exchange) {
        Instant now = clock.instant();
        Message message = exchange.getMessage();
        BackupJob job;
        if (request.to() == BackupTarget.S3) {
            s3.settings().validate();
            String id;
            try {
                id = request.name() != null ? requireFreeInBucket(BackupIds.checkName(request.name())) : freeInBucket(now);
            } catch (SdkException e) {
                String name = request.name() == null ? "" : request.name() + " ";
                throw s3Failed("backup " + name + "did not start: it could not look into " + s3.settings().rootUri(), e,
                        "Nothing was written: run the backup again once S3 answers");
            }
            job = new BackupJob(request, id, null, null, s3.settings().uri(id), now, gzip, cipher(id));
            message.setHeader(S3Replication.BUCKET, s3.settings().bucket());
        } else {
            for (String abandoned : store.removeAbandonedPartials()) {
                LOG.warn("removed {} in {}: a backup that did not finish (the process stopped) left it", abandoned, store.root());
            }
            String id = request.name() != null ? BackupIds.checkName(request.name()) : store.freeId(BackupIds.timestamp(now));
            job = new BackupJob(request, id, store.createPartial(id), store.finalDir(id), store.finalDir(id).toString(), now, gzip,
                    cipher(id));
            message.setHeader(GraphVaultHeaders.BACKUP_FOLDER, job.partialDir().toString());
        }
        if (request.incremental()) {
            job.parentLocation(IncrementalParent.location(request, store, s3));
        }
        if (job.cipher() != null) {
            exchange.setProperty(GraphVaultHeaders.BACKUP_CIPHER, job.cipher());
        }
        message.setHeader(GraphVaultHeaders.BACKUP_TO, request.to() == BackupTarget.S3 ? "s3" : "local");
        message.setHeader(GraphVaultHeaders.REPLICATE, request.replicate());
        return job;
    }

    private BackupCipher cipher(String id) {
        return keys.writer().map(k -> k.forBackup(id)).orElse(null);
    }

    /** A prefix that holds anything (a backup, or one being written) is never written into. */
    private String requireFreeInBucket(String id) {
        if (s3.holdsObjects(id)) {
            throw new GraphVaultException("a backup named '" + id + "' already exists (or is being written) in "
                    + s3.settings().uri(id) + "; choose another --name");
        }
        return id;
    }

    private String freeInBucket(Instant now) {
        String base = BackupIds.timestamp(now);
        String id = base;
        for (int i = 2; s3.holdsObjects(id); i++) {
            id = base + "-" + i;
        }
        return id;
    }

    /** Before the data format: the file's path and record count, as the headers the sink, {@link #stage} and {@link #stored} read. */
    public void describe(BackupFileToWrite file, Message message) {
        message.setHeader(GraphVaultHeaders.FILE_PATH, file.path());
        message.setHeader(GraphVaultHeaders.FILE_RECORDS, file.records());
    }

    /**
     * After the data format: the stored bytes' size and SHA-256 for the manifest, and the object
     * key when the file goes to S3. The manifest itself is not one of its own entries.
     */
    public void stage(@ExchangeProperty(GraphVaultHeaders.BACKUP_JOB) BackupJob job, @Header(GraphVaultHeaders.FILE_PATH) String path,
            @Header(GraphVaultHeaders.FILE_RECORDS) long records, Message message) {
        job.storeStarted();
        message.getExchange().setProperty(GraphVaultHeaders.STORING, true);
        byte[] stored = message.getBody(byte[].class);
        message.setBody(stored);
        if (job.local()) {
            message.setHeader(GraphVaultHeaders.TEMP_NAME, "." + path.substring(path.lastIndexOf('/') + 1) + ".writing");
        } else {
            message.setHeader(AWS2S3Constants.KEY, s3.settings().backupPrefix(job.id()) + path);
            message.setHeader(AWS2S3Constants.CONTENT_LENGTH, (long) stored.length);
        }
        if (!BackupManifest.FILE_NAME.equals(path)) {
            job.stored(new FileEntry(path, records, stored.length, Sha256.hex(stored)));
        }
    }

    /** After the sink: the file is stored; what goes back to the split is its path, not its bytes. */
    public String stored(@ExchangeProperty(GraphVaultHeaders.BACKUP_JOB) BackupJob job, @Header(GraphVaultHeaders.FILE_PATH) String path,
            Exchange exchange) {
        exchange.removeProperty(GraphVaultHeaders.STORING);
        job.storeEnded();
        return path;
    }

    /**
     * The backup failed and the failure handler has discarded what it wrote ({@link #discard}, once
     * no file is on its way any more): the failure goes on to the caller, said in a user's terms.
     */
    public void abandon(@ExchangeProperty(GraphVaultHeaders.BACKUP_JOB) BackupJob job,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable failure) {
        throw explained(job, failure);
    }

    /**
     * Camel's wrapper of a split worker's failure ("Multicast processing failed for number 9.
     * Exchange[...]") says neither what failed nor what to do: a failure GraphVault already
     * explained keeps its message, a heap too small is named as such, and an S3 failure names the
     * endpoint and bucket.
     */
    private RuntimeException explained(BackupJob job, Throwable failure) {
        if (Failures.outOfMemory(failure) != null || GraphVaultException.find(failure) != null) {
            return Failures.unchecked(failure);
        }
        if (isS3(failure) && !job.local()) {
            return s3Failed("backup " + job.id() + " failed: it could not be stored in " + job.location(), failure,
                    "Nothing of it was kept: run the backup again once S3 answers");
        }
        Throwable cause = failure;
        while (cause instanceof CamelExchangeException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return GraphVaultException.wrap("backup " + job.id() + " failed", cause);
    }

    /** {@code what} failed, with the endpoint and bucket it talked to, why, and {@code what to do}. */
    private GraphVaultException s3Failed(String what, Throwable failure, String todo) {
        S3Settings settings = s3.settings();
        String endpoint = settings.endpoint() == null || settings.endpoint().isBlank() ? "AWS" : Uris.redact(settings.endpoint());
        return new GraphVaultException(what + " (S3_ENDPOINT " + endpoint + ", S3_BUCKET " + settings.bucket() + "): "
                + sentence(S3Errors.describe(failure)) + " " + todo, failure);
    }

    private static String sentence(String s) {
        return s.endsWith("?") || s.endsWith(".") ? s : s + ".";
    }

    private static boolean isS3(Throwable failure) {
        for (Throwable c = failure; c != null && c.getCause() != c; c = c.getCause()) {
            if (c instanceof SdkException) {
                return true;
            }
        }
        return false;
    }

    /** The file's store failed (or never began): the failure goes on to the backup route's handler. */
    public void storeFailed(Exchange exchange) {
        BackupJob job = exchange.getProperty(GraphVaultHeaders.BACKUP_JOB, BackupJob.class);
        if (job != null && exchange.removeProperty(GraphVaultHeaders.STORING) != null) {
            job.storeEnded();
        }
    }

    /** The manifest, once every file is stored: the route writes it last. */
    public BackupFileToWrite manifest(@ExchangeProperty(GraphVaultHeaders.BACKUP_JOB) BackupJob job) {
        BackupCipher cipher = job.cipher();
        BackupManifest manifest = new BackupManifest(cipher == null ? BackupManifest.FORMAT : BackupManifest.FORMAT_ENCRYPTED,
                "graphvault " + GraphVaultVersion.current(),
                job.id(), job.request().name(), job.startedAt().toString(), clock.instant().toString(), job.source(),
                new BackupManifest.Options(job.request().batchSize(), gzip ? "gzip" : "none", job.request().excludedProperties(),
                        job.relationshipOrdinals(), job.relationshipOrdinals()),
                job.counts(), job.files(), cipher == null ? null : new BackupManifest.Encryption(BackupCipher.ALGORITHM, cipher.keyId()),
                job.consistency(), job.incremental(), null);
        if (cipher != null) {
            manifest = manifest.sealed(cipher);
        }
        job.manifest(manifest);
        return new BackupFileToWrite.Document(BackupManifest.FILE_NAME, 0, manifest);
    }

    /** Locally, the rename that makes the folder a backup; in S3 the manifest's upload already did. */
    public BackupJob publish(@ExchangeProperty(GraphVaultHeaders.BACKUP_JOB) BackupJob job) {
        if (job.local()) {
            store.publish(job.partialDir(), job.finalDir());
        }
        job.markPublished();
        return job;
    }

    /**
     * Removes what a failed backup wrote, so nothing that looks like a backup is left behind: the
     * read is closed, the partial folder deleted, or the objects under the bucket prefix (the
     * manifest first, should it have arrived). aws2-s3 aborts a multipart upload that fails itself.
     * Not when S3 refused the manifest ({@code cause} a 412): the prefix then holds another writer's backup.
     */
    public void discard(BackupJob job, Throwable cause) {
        if (job == null) {
            return;
        }
        try {
            job.discard(STRAGGLER_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (job.reading() != null) {
                job.reading().close();
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("backup {}: closing the read: {}", job.id(), e.getMessage());
        }
        if (job.local()) {
            LocalBackupStore.deleteTree(job.partialDir());
            return;
        }
        if (S3Errors.preconditionFailed(cause)) {
            // another writer (a second serve leader for a moment) published this id first: its backup, not ours
            LOG.warn("backup {}: another writer published a backup under {} first; it is left as it is, and so are the"
                    + " objects this one wrote there", job.id(), job.location());
            return;
        }
        try {
            s3.deleteManifest(job.id());
            int deleted = s3.deleteUnpublished(job.id());
            LOG.info("backup {}: deleted the {} object(s) it had written to {}", job.id(), deleted, job.location());
        } catch (RuntimeException e) {
            LOG.warn("backup {}: could not delete what it wrote to {} ({}); no manifest names it, so it is never listed"
                    + " or restored; delete the prefix by hand", job.id(), job.location(), e.getMessage());
        }
    }
}
