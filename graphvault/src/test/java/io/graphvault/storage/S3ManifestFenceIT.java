package io.graphvault.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.graphvault.app.GraphVaultRuntime;
import io.graphvault.storage.s3.S3Errors;
import io.graphvault.testing.EmptyBucket;
import io.graphvault.testing.Cli;
import io.graphvault.testing.GraphVaultTest;
import io.graphvault.testing.GraphVaultTest.Holds;
import io.graphvault.testing.S3Buckets;
import io.graphvault.testing.TestServices;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The fence behind the replication's own check: GraphVault's S3 client (every upload of every route
 * goes through it) creates a backup's manifest only where none is, so a second writer of the same
 * backup id, one that checked the bucket before the first published, is refused by S3 itself.
 */
@GraphVaultTest(source = Holds.SAMPLE_GRAPH)
class S3ManifestFenceIT {

    @TempDir
    Path backups;

    private S3Buckets s3;
    @EmptyBucket
    private String bucket;

    @Test
    void aSecondWriterOfABackupsManifestIsRefusedAndTheFirstManifestStays() {
        String manifest = "team/graphvault/20261207T070000Z/manifest.json";
        String dataFile = "team/graphvault/20261207T070000Z/nodes/000001.jsonl.gz";
        try (GraphVaultRuntime runtime = GraphVaultRuntime.start(config(), "replication")) {
            S3Client client = runtime.bean("s3Client", S3Client.class);
            put(client, dataFile, "first try");
            put(client, manifest, "{\"writer\": \"leader\"}");

            // a data file may be uploaded again (a retried replication overwrites what it left)
            put(client, dataFile, "second try");
            assertThatThrownBy(() -> put(client, manifest, "{\"writer\": \"old leader\"}"))
                    .isInstanceOfSatisfying(S3Exception.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(412);
                        assertThat(S3Errors.describe(e)).contains("another writer published this backup's manifest first");
                    });
        }
        assertThat(new String(s3.get(bucket, manifest), StandardCharsets.UTF_8)).isEqualTo("{\"writer\": \"leader\"}");
        assertThat(new String(s3.get(bucket, dataFile), StandardCharsets.UTF_8)).isEqualTo("second try");
    }

    @Test
    void aBackupStraightToS3WhoseManifestAnotherWriterPublishedFirstLeavesThatBackupAlone() throws Exception {
        String prefix = "team/graphvault/race/";
        CompletableFuture<Cli.Result> backup = CompletableFuture.supplyAsync(
                () -> Cli.run(config(), "backup", "--to", "s3", "--name", "race", "--batch-size", "2"));
        // the other writer publishes while this one is still uploading its batch files
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                .until(() -> !s3.keys(bucket, prefix).isEmpty() || backup.isDone());
        assertThat(backup.isDone()).as("the backup was still uploading when the other writer published").isFalse();
        s3.put(bucket, prefix + "manifest.json", "{\"writer\": \"other leader\"}".getBytes(StandardCharsets.UTF_8));

        Cli.Result r = backup.get();
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("another writer published this backup's manifest first");
        assertThat(new String(s3.get(bucket, prefix + "manifest.json"), StandardCharsets.UTF_8))
                .isEqualTo("{\"writer\": \"other leader\"}");
        assertThat(s3.keys(bucket, prefix)).as("the objects under the other writer's prefix").hasSizeGreaterThan(1);
    }

    private void put(S3Client client, String key, String content) {
        client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(content, StandardCharsets.UTF_8));
    }

    private Map<String, String> config() {
        Map<String, String> c = new HashMap<>(TestServices.config(TestServices.source(), backups));
        c.putAll(s3.config(bucket, "team/graphvault"));
        return c;
    }
}
