package io.graphvault.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphvault.format.BackupManifest.FileEntry;
import io.graphvault.internal.Sha256;
import io.graphvault.storage.s3.S3BackupSource;
import io.graphvault.storage.s3.S3Location;
import io.graphvault.storage.verify.BackupReader;
import io.graphvault.testing.EmptyBucket;
import io.graphvault.testing.GraphVaultTest;
import io.graphvault.testing.S3Buckets;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The restore's own read of a file in S3 (after verify passed) checks the object's SHA-256 as it
 * streams: an object replaced in between fails the read, named, instead of passing for the backup.
 */
@GraphVaultTest
class S3RestoreStreamIT {

    private static final byte[] ORIGINAL = """
            {"id":1,"labels":["A"],"props":{"k":1}}
            {"id":2,"labels":["A"],"props":{"k":2}}
            """.getBytes(StandardCharsets.UTF_8);

    private S3Buckets s3;
    @EmptyBucket
    private String bucket;

    private List<Long> readIds(FileEntry entry) {
        S3BackupSource source = new S3BackupSource(s3.client(), new S3Location(bucket, "p", "b1"), 1 << 20);
        List<Long> ids = new ArrayList<>();
        BackupReader.forEachRecord(source, entry, record -> ids.add(record.id()));
        return ids;
    }

    @Test
    void anObjectReplacedAfterItWasVerifiedFailsTheRestoresReadNamingIt() {
        FileEntry entry = new FileEntry("nodes/000001.jsonl", 2, ORIGINAL.length, Sha256.hex(ORIGINAL));
        s3.put(bucket, "p/b1/nodes/000001.jsonl", ORIGINAL);
        assertThat(readIds(entry)).containsExactly(1L, 2L);

        s3.put(bucket, "p/b1/nodes/000001.jsonl", new String(ORIGINAL, StandardCharsets.UTF_8).replace("\"k\":2", "\"k\":3")
                .getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> readIds(entry)).hasMessageContaining("s3://" + bucket + "/p/b1/nodes/000001.jsonl changed after it"
                + " was verified: its SHA-256 is now");
    }
}
