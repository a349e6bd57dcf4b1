package io.graphvault.storage.s3;

import io.graphvault.format.BackupManifest;
import io.graphvault.format.BackupManifest.FileEntry;
import io.graphvault.internal.GraphVaultException;
import io.graphvault.internal.GraphVaultHeaders;
import io.graphvault.internal.Sha256;
import io.graphvault.storage.LocalBackupFolder;
import io.graphvault.storage.local.LocalBackupSource;
import io.graphvault.storage.local.LocalBackupStore;
import io.graphvault.storage.verify.BackupReader;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the replication route: decide what to upload, name each object, check the data
 * files arrived, then let the manifest go last. Uploading itself is the camel-aws2-s3 producer's job.
 */
public final class S3Replication {

    /** Exchange property: the {@link Plan} of the backup being replicated. */
    public static final String PLAN = "replicationPlan";
    /** Header: the bucket the next object goes to. */
    public static final String BUCKET = "GraphVaultS3Bucket";
    /** Exchange property: the {@link VerifiedUpload} on its way, checked once it is uploaded. */
    public static final String UPLOAD = "GraphVaultUpload";

    private static final Logger LOG = LoggerFactory.getLogger(S3Replication.class);

    private final S3BackupStore store;
    private final LocalBackupStore local;

    public S3Replication(S3BackupStore store, LocalBackupStore local) {
        this.store = store;
        this.local = local;
    }

    /** One backup on its way to S3. */
    public record Plan(String id, Path dir, String location, BackupManifest manifest, String manifestSha256,
            boolean upToDate, long startNanos) {

        public List<FileEntry> dataFiles() {
            return upToDate ? List.of() : manifest.files();
        }
    }

    /** What one replication did; {@code uploaded} is false when the bucket already held the backup. */
    public record Result(String id, String location, boolean uploaded, int files, long bytes, long millis) {

        public double megabytesPerSecond() {
            return millis == 0 ? 0 : bytes / 1_000_000.0 / (millis / 1000.0);
        }
    }

    /**
     * The completed local backups as folders for the replication route: newest first, but each incremental
     * backup's parents before it, so that a bucket never holds an incremental backup without the backups it
     * is read with.
     */
    public List<Path> localBackups() {
        List<LocalBackupStore.Listing> newestFirst = local.list();
        Map<String, LocalBackupStore.Listing> byId = new HashMap<>();
        newestFirst.forEach(l -> byId.putIfAbsent(l.manifest().id(), l));
        LinkedHashSet<Path> order = new LinkedHashSet<>();
        for (LocalBackupStore.Listing l : newestFirst) {
            Deque<Path> chain = new ArrayDeque<>();
            Set<String> seen = new HashSet<>();
            for (LocalBackupStore.Listing b = l; b != null && seen.add(b.manifest().id()); b = byId.get(b.manifest().parent())) {
                chain.push(b.dir());
            }
            order.addAll(chain);
        }
        return List.copyOf(order);
    }

    /**
     * Reads the local manifest and compares it with the bucket's. The backup comes from the
     * {@code backupJob} property (after a backup) or the body (a folder, from {@code replicate}).
     */
    public List<FileEntry> plan(Exchange exchange) throws InvalidPayloadException {
        store.settings().validate();
        LocalBackupFolder job = exchange.getProperty(GraphVaultHeaders.BACKUP_JOB, LocalBackupFolder.class);
        Path dir = job != null ? job.finalDir() : exchange.getMessage().getMandatoryBody(Path.class);
        String id = dir.getFileName().toString();
        BackupManifest manifest = BackupReader.readManifest(new LocalBackupSource(dir));
        String sha;
        try {
            sha = Sha256.hex(Files.readAllBytes(dir.resolve(BackupManifest.FILE_NAME)));
        } catch (IOException e) {
            throw new GraphVaultException("cannot read " + dir.resolve(BackupManifest.FILE_NAME) + ": " + e.getMessage(), e);
        }
        Optional<String> remote = store.manifestSha256(id);
        boolean upToDate = remote.isPresent() && remote.get().equals(sha);
        if (remote.isPresent() && !upToDate) {
            // the same id, another backup (a --name used again, once the local copy was gone): never overwrite it
            throw new GraphVaultException(store.settings().uri(id) + " holds a different backup with the same id; "
                    + dir + " was not uploaded, and the bucket's copy is untouched. Rename the local folder (and"
                    + " replicate again), or delete the bucket's copy if it is no longer wanted");
        }
        if (!upToDate && manifest.parent() != null && store.manifestSha256(manifest.parent()).isEmpty()) {
            throw new GraphVaultException("backup " + id + " is incremental on backup " + manifest.parent() + ", which is not in "
                    + store.settings().rootUri() + ": it would not restore from there. Nothing of " + id + " was uploaded;"
                    + " replicate " + manifest.parent() + " first (graphvault replicate sends every parent before its child)");
        }
        Plan plan = new Plan(id, dir, store.settings().uri(id), manifest, sha, upToDate, System.nanoTime());
        exchange.setProperty(PLAN, plan);
        if (upToDate) {
            LOG.info("backup {} is already in {} with the same manifest; nothing to upload", id, plan.location());
        }
        return plan.dataFiles();
    }

    /**
     * Names the object for one file of the backup; the body is the file, streamed by the producer,
     * its SHA-256 computed as it goes ({@link #uploaded} checks it).
     */
    public VerifiedUpload prepareUpload(FileEntry file, @ExchangeProperty(PLAN) Plan plan, Message message) {
        return prepare(plan, file.path(), file.bytes(), file.sha256(), message);
    }

    /** Fails unless every data file is in the bucket with its size: only then may the manifest follow. */
    public VerifiedUpload prepareManifestUpload(@ExchangeProperty(PLAN) Plan plan, Message message) {
        store.confirmUploaded(plan.id(), plan.manifest().files());
        File manifest = plan.dir().resolve(BackupManifest.FILE_NAME).toFile();
        return prepare(plan, BackupManifest.FILE_NAME, manifest.length(), plan.manifestSha256(), message);
    }

    /**
     * After each upload: the bytes that went must be those the manifest describes. A file that
     * changed or rotted since the backup stops the replication of this backup before its manifest
     * goes, and what was uploaded of it is removed, so the bucket never holds a damaged copy that
     * looks complete.
     */
    public void uploaded(@ExchangeProperty(UPLOAD) VerifiedUpload upload, @ExchangeProperty(PLAN) Plan plan) {
        if (!upload.expectedSha256().equals(upload.sha256())) {
            refuse(plan, plan.dir() + "/" + upload.name() + " is damaged: its SHA-256 as uploaded is "
                    + (upload.sha256() == null ? "unknown (the upload ended before the file did)" : upload.sha256())
                    + ", the manifest says " + upload.expectedSha256());
        }
    }

    public Result done(@ExchangeProperty(PLAN) Plan plan) {
        long millis = (System.nanoTime() - plan.startNanos()) / 1_000_000;
        Result result = new Result(plan.id(), plan.location(), !plan.upToDate(), plan.manifest().files().size() + 1,
                plan.manifest().totalBytes(), millis);
        if (result.uploaded()) {
            LOG.info("backup {} replicated to {}: {} bytes in {} ms", plan.id(), plan.location(), result.bytes(), millis);
        }
        return result;
    }

    /** In {@code replicate}: the failure of one backup, kept as its part's result so that the others still go. */
    public ReplicationFailedException skipped(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) ReplicationFailedException e) {
        return e;
    }

    /**
     * After {@code replicate} went through every backup: the results, or one error that names the
     * backups that failed (and says how many others were replicated or already there).
     */
    public List<Result> requireAllReplicated(@Body List<?> outcomes) {
        List<ReplicationFailedException> failed = outcomes.stream().filter(ReplicationFailedException.class::isInstance)
                .map(ReplicationFailedException.class::cast).toList();
        if (failed.isEmpty()) {
            return outcomes.stream().map(Result.class::cast).toList();
        }
        throw new GraphVaultException(failed.size() + " of " + outcomes.size() + " backups could not be replicated (the other "
                + (outcomes.size() - failed.size()) + " are in " + store.settings().rootUri() + "): "
                + failed.stream().map(Throwable::getMessage).collect(java.util.stream.Collectors.joining("; ")),
                failed.get(0).getCause());
    }

    /** Turns whatever stopped the replication into one line that says the local backup is safe. */
    public void failed(Exchange exchange) {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Plan plan = exchange.getProperty(PLAN, Plan.class);
        LocalBackupFolder job = exchange.getProperty(GraphVaultHeaders.BACKUP_JOB, LocalBackupFolder.class);
        Path dir = plan != null ? plan.dir() : job != null ? job.finalDir() : exchange.getMessage().getBody(Path.class);
        String id = dir == null ? "?" : dir.getFileName().toString();
        GraphVaultException known = GraphVaultException.find(e);
        String reason = known != null ? known.getMessage() : S3Errors.describe(e);
        String where = store.settings().configured() ? " to " + store.settings().uri(id) : "";
        // The cause chain keeps no GraphVault exception, so this one is what the command line reports.
        throw new ReplicationFailedException("backup " + id + " is complete locally (" + dir + ") but replication"
                + where + " failed: " + reason, dir, known != null ? known.getCause() : e);
    }

    private VerifiedUpload prepare(Plan plan, String path, long bytes, String sha256, Message message) {
        Path file = plan.dir();
        for (String part : path.split("/")) {
            file = file.resolve(part);
        }
        long size = file.toFile().length();
        if (size != bytes) {
            refuse(plan, file + " has " + size + " bytes, the manifest says " + bytes);
        }
        message.setHeader(BUCKET, store.settings().bucket());
        message.setHeader(AWS2S3Constants.KEY, store.settings().backupPrefix(plan.id()) + path);
        message.setHeader(AWS2S3Constants.CONTENT_LENGTH, bytes);
        VerifiedUpload upload = new VerifiedUpload(file, path, bytes, sha256);
        message.getExchange().setProperty(UPLOAD, upload);
        return upload;
    }

    /** Stops this backup's replication: its objects in the bucket (never a manifest) are removed, as far as S3 lets us. */
    private void refuse(Plan plan, String reason) {
        String cleanup;
        try {
            cleanup = "its " + store.deleteUnpublished(plan.id()) + " object(s) already uploaded were removed from " + plan.location();
        } catch (RuntimeException e) {
            cleanup = "the objects already uploaded to " + plan.location() + " could not be removed (" + S3Errors.describe(e)
                    + "); they have no manifest, so nothing lists or restores them";
        }
        throw new GraphVaultException(reason + ". The backup was not replicated and " + cleanup + ". Run 'verify --from "
                + plan.id() + "': a backup that does not verify is never shipped");
    }
}
