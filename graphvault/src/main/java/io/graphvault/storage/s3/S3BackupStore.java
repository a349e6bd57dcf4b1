package io.graphvault.storage.s3;

import io.graphvault.format.BackupManifest;
import io.graphvault.format.BackupManifest.FileEntry;
import io.graphvault.internal.GraphVaultException;
import io.graphvault.internal.Sha256;
import io.graphvault.storage.BackupIds;
import io.graphvault.storage.BackupSource;
import io.graphvault.storage.local.LocalBackupStore;
import io.graphvault.storage.retention.PruneDecision;
import io.graphvault.storage.retention.PruneRequest;
import io.graphvault.storage.retention.Pruning;
import io.graphvault.storage.retention.RetentionPolicy;
import io.graphvault.storage.verify.BackupReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The backups under {@code s3://BUCKET/PREFIX/}. A prefix is a backup only once its manifest is
 * there; the manifest is uploaded last and deleted first, so no manifest ever names a missing object.
 */
public final class S3BackupStore {

    private final Supplier<S3Client> s3;
    private final S3Settings settings;

    public S3BackupStore(Supplier<S3Client> s3, S3Settings settings) {
        this.s3 = s3;
        this.settings = settings;
    }

    public S3Settings settings() {
        return settings;
    }

    /** A completed backup in the bucket. */
    public record Listing(String id, String location, BackupManifest manifest) {
    }

    public BackupSource source(S3Location location) {
        return new S3BackupSource(s3.get(), location, BackupSource.DEFAULT_MAX_RECORD_BYTES);
    }

    public BackupSource source(String id) {
        return source(location(id));
    }

    public S3Location location(String id) {
        return new S3Location(settings.bucket(), settings.prefix(), id);
    }

    /** The SHA-256 of the manifest the bucket holds for {@code id}, if it holds one. */
    public Optional<String> manifestSha256(String id) {
        GetObjectRequest get = GetObjectRequest.builder().bucket(settings.bucket())
                .key(settings.backupPrefix(id) + BackupManifest.FILE_NAME).build();
        try (InputStream in = s3.get().getObject(get)) {
            return Optional.of(Sha256.hex(in.readAllBytes()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new GraphVaultException("cannot read " + settings.uri(id) + "/" + BackupManifest.FILE_NAME + ": "
                    + S3Errors.describe(e), e);
        }
    }

    public void deleteManifest(String id) {
        s3.get().deleteObject(DeleteObjectRequest.builder().bucket(settings.bucket())
                .key(settings.backupPrefix(id) + BackupManifest.FILE_NAME).build());
    }

    /** Completed backups in the bucket, newest first; prefixes without a readable manifest are left out. */
    public List<Listing> list() {
        settings.validate();
        try {
            return listCompleted();
        } catch (SdkException e) {
            throw new GraphVaultException("cannot list backups in " + settings.rootUri() + ": " + S3Errors.describe(e), e);
        }
    }

    private List<Listing> listCompleted() {
        List<Listing> out = new ArrayList<>();
        ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(settings.bucket())
                .prefix(settings.rootPrefix()).delimiter("/").build();
        for (var page : s3.get().listObjectsV2Paginator(request)) {
            for (CommonPrefix p : page.commonPrefixes()) {
                String id = p.prefix().substring(settings.rootPrefix().length()).replaceAll("/$", "");
                if (!BackupIds.isValid(id)) {
                    continue;
                }
                BackupSource source = source(id);
                try {
                    out.add(new Listing(id, source.location(), BackupReader.readManifest(source)));
                } catch (GraphVaultException e) {
                    // no manifest yet (an upload in progress or interrupted): not a backup
                }
            }
        }
        out.sort(Comparator.comparing((Listing l) -> l.manifest().startedAt()).reversed()
                .thenComparing(Listing::id, Comparator.reverseOrder()));
        return out;
    }

    /** Fails, naming the object, unless every file is in the bucket with the size the manifest gives it. */
    public void confirmUploaded(String id, List<FileEntry> files) {
        Map<String, Long> sizes = new HashMap<>();
        for (S3Object o : objects(id)) {
            sizes.put(o.key(), o.size());
        }
        for (FileEntry f : files) {
            String key = settings.backupPrefix(id) + f.path();
            Long size = sizes.get(key);
            if (size == null || size != f.bytes()) {
                throw new GraphVaultException("s3://" + settings.bucket() + "/" + key + (size == null ? " is missing"
                        : " has " + size + " bytes, expected " + f.bytes()) + " after upload; the manifest was not uploaded");
            }
        }
    }

    /**
     * Deletes the completed backups {@code policy} does not keep: the manifest first, so a backup
     * being deleted never looks complete. Prefixes without a manifest are never touched, nor the
     * newest backup, nor the last one that verifies ({@link Pruning}). As locally, {@code justTaken}
     * (or null) counts as the newest ({@link LocalBackupStore#prune}). Returns every backup's decision.
     */
    public List<PruneDecision> prune(RetentionPolicy policy, String justTaken, boolean dryRun) {
        if (!policy.any()) {
            return List.of();
        }
        Pruning<Listing> pruning = new Pruning<>(Listing::id, l -> l.manifest().startedAt(), l -> l.manifest().parent(), this::verifies, l -> {
            deleteManifest(l.id());
            deleteObjects(objects(l.id()));
        });
        return pruning.apply(LocalBackupStore.justTakenFirst(list(), l -> l.id().equals(justTaken)), policy, l -> true, dryRun);
    }

    /** The {@code prune --s3} command. */
    public List<PruneDecision> prune(PruneRequest request) {
        return prune(request.policy(), null, request.dryRun());
    }

    private boolean verifies(Listing l) {
        try {
            BackupReader.verify(source(l.id()), l.manifest());
            return true;
        } catch (GraphVaultException | SdkException e) {
            return false;
        }
    }

    /**
     * Deletes the objects of a backup whose replication was refused, or of a backup straight to S3
     * that failed, and returns how many: only ever called before its manifest was uploaded (or after
     * it was deleted), so nothing here is a complete backup.
     */
    public int deleteUnpublished(String id) {
        List<S3Object> objects = objects(id);
        deleteObjects(objects);
        return objects.size();
    }

    /** Whether anything is stored under the backup's prefix: a backup, or one being written or left half way. */
    public boolean holdsObjects(String id) {
        ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(settings.bucket())
                .prefix(settings.backupPrefix(id)).maxKeys(1).build();
        return !s3.get().listObjectsV2(request).contents().isEmpty();
    }

    private List<S3Object> objects(String id) {
        List<S3Object> out = new ArrayList<>();
        ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(settings.bucket())
                .prefix(settings.backupPrefix(id)).build();
        s3.get().listObjectsV2Paginator(request).forEach(page -> out.addAll(page.contents()));
        return out;
    }

    /**
     * Quiet mode answers with the objects it could not delete only: any of them fails the prune (the
     * manifest is gone by then, so nothing would ever list or prune those objects again).
     */
    private void deleteObjects(List<S3Object> objects) {
        for (int i = 0; i < objects.size(); i += 1000) {
            List<ObjectIdentifier> batch = objects.subList(i, Math.min(i + 1000, objects.size())).stream()
                    .map(o -> ObjectIdentifier.builder().key(o.key()).build()).toList();
            var errors = s3.get().deleteObjects(DeleteObjectsRequest.builder().bucket(settings.bucket())
                    .delete(Delete.builder().objects(batch).quiet(true).build()).build()).errors();
            if (!errors.isEmpty()) {
                var first = errors.get(0);
                throw new GraphVaultException("retention: " + errors.size() + " object(s) in s3://" + settings.bucket()
                        + " could not be deleted, the first s3://" + settings.bucket() + "/" + first.key() + ": "
                        + first.code() + " " + first.message() + "; delete them by hand (their backup's manifest is gone)");
            }
        }
    }
}
