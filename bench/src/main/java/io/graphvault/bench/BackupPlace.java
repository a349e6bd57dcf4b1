package io.graphvault.bench;

import io.graphvault.format.BackupManifest;
import io.graphvault.storage.local.LocalBackupSource;
import io.graphvault.storage.verify.BackupReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Where a series of backups goes with {@code --to both}: a local folder and a prefix of the bench's bucket. An
 * incremental backup's parent is the newest backup there, so a backup kept elsewhere is no one's parent.
 */
record BackupPlace(Path dir, BenchBucket bucket, String prefix, Path inbox) {

    /** GraphVault's environment for a command against {@code neo4j} with its backups here. */
    Map<String, String> env(BenchServer neo4j) {
        Map<String, String> env = new HashMap<>(GraphVaultBench.env(neo4j, dir, inbox));
        env.putAll(bucket.env(prefix));
        return env;
    }

    /** The backup as {@code --from} reads it straight from the bucket. */
    String s3Uri(String id) {
        return bucket.uri(prefix + "/" + id);
    }

    long localBytes(String id) throws IOException {
        return StoredBytes.folder(dir.resolve(id));
    }

    long bucketBytes(String id) {
        return bucket.bytes(prefix + "/" + id + "/");
    }

    /** Everything here on disk: every backup's files, and whatever else GraphVault keeps in the folder. */
    long localTotal() throws IOException {
        return StoredBytes.folder(dir);
    }

    /** Everything under the prefix in the bucket. */
    long bucketTotal() {
        return bucket.bytes(prefix + "/");
    }

    BackupManifest manifest(String id) {
        return BackupReader.readManifest(new LocalBackupSource(dir.resolve(id)));
    }
}
