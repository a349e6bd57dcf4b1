package io.graphvault.storage;

import io.graphvault.testing.Cli;
import io.graphvault.testing.EmptyBucket;
import io.graphvault.testing.GraphVaultTest;
import io.graphvault.testing.GraphVaultTest.Holds;
import io.graphvault.testing.S3Buckets;
import io.graphvault.testing.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Session;

import static org.assertj.core.api.Assertions.assertThat;

/** A backup of some tens of MB: its large node file goes up in parts, arrives intact, and the rate is printed. */
@GraphVaultTest(source = Holds.CLASS_DATA)
class S3ThroughputIT {

    private static final Pattern RATE = Pattern.compile("([0-9,]+) bytes in ([0-9.]+) s \\(([0-9.]+) MB/s\\)");

    @TempDir
    Path backups;

    @BeforeAll
    static void loadLargeNodes() {
        try (Session s = TestServices.sourceDriver().session()) {
            s.run("""
                    UNWIND range(1, 30000) AS i
                    CALL { WITH i CREATE (:Blob {i: i, data: reduce(t = '', x IN range(1, 56) | t + randomUUID())}) }
                    IN TRANSACTIONS OF 5000 ROWS""").consume();
        }
    }

    @Test
    void aLargeBackupIsUploadedInPartsAndArrivesIntact(S3Buckets s3, @EmptyBucket String bucket) throws Exception {
        Map<String, String> c = new HashMap<>(TestServices.config(TestServices.source(), backups));
        c.putAll(s3.config(bucket, "large"));
        // batch files end at BACKUP_BATCH_BYTES of JSON too (8 MB by default): this one must be larger than a part
        c.put("backup.batch-bytes", String.valueOf(1L << 30));
        assertThat(Cli.run(c, "backup", "--name", "large", "--batch-size", "30000").exitCode()).isZero();
        long nodeFile = Files.size(backups.resolve("large/nodes/000001.jsonl.gz"));
        assertThat(nodeFile).as("one node file larger than the 8 MB part size").isGreaterThan(16L << 20);

        Cli.Result r = Cli.run(c, "replicate");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        Matcher m = RATE.matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        System.out.printf("S3 THROUGHPUT: %s bytes in %s s = %s MB/s%n", m.group(1), m.group(2), m.group(3));

        String eTag = s3.client().headObject(b -> b.bucket(bucket).key("large/large/nodes/000001.jsonl.gz")).eTag();
        assertThat(eTag).as("a multipart upload's ETag ends in -<parts>").matches("\"?[0-9a-f]+-[0-9]+\"?");
        assertThat(s3.checksums(bucket, "large/large/"))
                .isEqualTo(S3Buckets.localChecksums(backups.resolve("large"), "large/large/"));
        assertThat(Cli.run(c, "verify", "--from", "s3://" + bucket + "/large/large").exitCode()).isZero();
    }
}
