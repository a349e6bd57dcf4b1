package io.graphvault.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.graphvault.storage.local.LocalBackupStore;
import io.graphvault.testing.Cli;
import io.graphvault.testing.EmbeddedS3;
import io.graphvault.testing.EmptyBucket;
import io.graphvault.testing.GraphVaultTest.Holds;
import io.graphvault.testing.GraphVaultTest;
import io.graphvault.testing.Ports;
import io.graphvault.testing.S3Buckets;
import io.graphvault.testing.TestServices;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;

@GraphVaultTest(source = Holds.SAMPLE_GRAPH)
class S3ReplicationIT {

    @TempDir
    Path backups;

    private S3Buckets s3;
    @EmptyBucket
    private String bucket;

    private Map<String, String> config() {
        Map<String, String> c = new HashMap<>(TestServices.config(TestServices.source(), backups));
        c.putAll(s3.config(bucket, "team/graphvault"));
        return c;
    }

    @Test
    void aBackupWithS3LandsInTheBucketWithTheSameFilesAndChecksums() {
        Cli.Result r = Cli.run(config(), "backup", "--name", "offsite", "--s3");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("offsite:       s3://" + bucket + "/team/graphvault/offsite");

        assertThat(s3.checksums(bucket, "team/graphvault/offsite/")).isEqualTo(S3Buckets.localChecksums(backups.resolve("offsite"),
                "team/graphvault/offsite/"));
        assertThat(s3.checksums(bucket, "team/graphvault/offsite/")).containsKey("team/graphvault/offsite/manifest.json");

        Cli.Result list = Cli.run(config(), "list", "--s3");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out()).contains("offsite").contains("214");
    }

    @Test
    void anS3OutageInTheMiddleOfAnUploadEndsWithTheWholeBackupInTheBucketAndNoManifestBeforeItsFiles() throws Exception {
        Cli.Result local = Cli.run(config(), "backup", "--name", "many", "--batch-size", "2");
        assertThat(local.exitCode()).as(local.toString()).isZero();
        int files = S3Buckets.localChecksums(backups.resolve("many"), "").size();
        assertThat(files).as("enough files for the outage to fall mid-upload").isGreaterThan(200);

        int port = Ports.free();
        String endpoint = "http://127.0.0.1:" + port;
        // the bucket's content outlives the outage, as a real store's does
        TransientNio2BlobStore store = new TransientNio2BlobStore();
        store.createContainer("flaky");
        S3Proxy before = proxy(store, endpoint);
        before.start();
        S3Proxy after = proxy(store, endpoint);
        try (S3Buckets flaky = new S3Buckets(endpoint)) {
            Map<String, String> c = new HashMap<>(TestServices.config(TestServices.source(), backups));
            c.putAll(flaky.config("flaky", "mid"));
            c.put("s3.retry-attempts", "1000");
            c.put("s3.retry-delay", "100");
            c.put("s3.retry-max-delay", "300");
            AtomicReference<Cli.Result> result = new AtomicReference<>();
            Thread replicate = new Thread(() -> result.set(Cli.run(c, "replicate")), "replicate");
            replicate.start();

            await("the upload under way").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(2))
                    .until(() -> flaky.keys("flaky", "mid/many/").size() >= 10);
            before.stop();
            assertThat(store.blobExists("flaky", "mid/many/manifest.json")).as("a manifest before all its files").isFalse();
            assertThat(store.list(ListObjectsV2Request.builder().bucket("flaky").prefix("mid/many/").build()).contents())
                    .as("files in the bucket when S3 went down").hasSizeLessThan(files);

            after.start();
            replicate.join(Duration.ofSeconds(120).toMillis());
            Cli.Result r = result.get();
            assertThat(r).as("replicate finished").isNotNull();
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).contains("replicated many to s3://flaky/mid/many");
            assertThat(flaky.checksums("flaky", "mid/many/")).isEqualTo(S3Buckets.localChecksums(backups.resolve("many"), "mid/many/"));
        } finally {
            after.stop();
        }
    }

    private static S3Proxy proxy(TransientNio2BlobStore store, String endpoint) {
        return S3Proxy.builder().blobStore(store).endpoint(URI.create(endpoint))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY).build();
    }

    @Test
    void verifyFromS3PassesAndThenNamesADamagedObject() {
        assertThat(Cli.run(config(), "backup", "--name", "checked", "--s3", "--batch-size", "50").exitCode()).isZero();
        String uri = "s3://" + bucket + "/team/graphvault/checked";

        Cli.Result ok = Cli.run(config(), "verify", "--from", uri);
        assertThat(ok.exitCode()).as(ok.toString()).isZero();
        assertThat(ok.out()).contains("intact").contains(uri);

        String key = "team/graphvault/checked/nodes/000002.jsonl.gz";
        byte[] content = s3.get(bucket, key);
        content[content.length / 2] ^= 0x01;
        s3.put(bucket, key, content);

        Cli.Result damaged = Cli.run(config(), "verify", "--from", uri);
        assertThat(damaged.exitCode()).isEqualTo(1);
        assertThat(damaged.err()).contains(uri + "/nodes/000002.jsonl.gz").contains("SHA-256");
    }

    @Test
    void aBackupWithOneFlippedByteIsNeverShippedAndTheBucketHoldsNothingOfItThatLooksComplete() throws IOException {
        for (String name : List.of("sound", "rotten")) {
            assertThat(Cli.run(config(), "backup", "--name", name, "--batch-size", "50").exitCode()).isZero();
        }
        Path victim = backups.resolve("rotten/nodes/000002.jsonl.gz");
        byte[] content = java.nio.file.Files.readAllBytes(victim);
        content[content.length / 2] ^= 0x01;
        java.nio.file.Files.write(victim, content);

        Cli.Result r = Cli.run(config(), "replicate");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("1 of 2 backups could not be replicated")
                .contains(backups.resolve("rotten") + "/nodes/000002.jsonl.gz is damaged: its SHA-256 as uploaded is")
                .contains("verify --from rotten");
        assertThat(s3.keys(bucket, "team/graphvault/rotten/")).as("nothing of the damaged backup stays in the bucket").isEmpty();
        assertThat(s3.checksums(bucket, "team/graphvault/sound/"))
                .isEqualTo(S3Buckets.localChecksums(backups.resolve("sound"), "team/graphvault/sound/"));
        Cli.Result list = Cli.run(config(), "list", "--s3");
        assertThat(list.out()).contains("sound").doesNotContain("rotten");
    }

    @Test
    void replicatePushesOnlyTheBackupsTheBucketDoesNotHold() {
        assertThat(Cli.run(config(), "backup", "--name", "first", "--s3").exitCode()).isZero();
        assertThat(Cli.run(config(), "backup", "--name", "second").exitCode()).isZero();
        assertThat(s3.keys(bucket, "team/graphvault/second/")).isEmpty();

        Cli.Result r = Cli.run(config(), "replicate");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("replicated second to s3://" + bucket + "/team/graphvault/second")
                .contains("first is already in");
        assertThat(s3.checksums(bucket, "team/graphvault/second/"))
                .isEqualTo(S3Buckets.localChecksums(backups.resolve("second"), "team/graphvault/second/"));
    }

    @Test
    void aBackupUnderANameTheBucketAlreadyHoldsNeverOverwritesTheBucketsCopy() throws IOException {
        assertThat(Cli.run(config(), "backup", "--name", "pre-migration", "--s3").exitCode()).isZero();
        Map<String, String> before = s3.checksums(bucket, "team/graphvault/pre-migration/");
        LocalBackupStore.deleteTree(backups.resolve("pre-migration")); // the local copy went, as retention does

        Cli.Result again = Cli.run(config(), "backup", "--name", "pre-migration", "--s3");

        assertThat(again.exitCode()).as(again.toString()).isEqualTo(1);
        assertThat(again.err()).contains("s3://" + bucket + "/team/graphvault/pre-migration holds a different backup with the same id")
                .contains("the bucket's copy is untouched");
        assertThat(s3.checksums(bucket, "team/graphvault/pre-migration/")).isEqualTo(before);
    }

    @Test
    void replicateGoesOnPastABackupItCannotUploadAndNamesItAtTheEnd() throws IOException {
        for (String name : List.of("older", "broken", "newer")) {
            assertThat(Cli.run(config(), "backup", "--name", name).exitCode()).isZero();
        }
        // one backup the bucket holds differently under the same id: that one cannot go
        Path other = backups.resolveSibling(backups.getFileName() + "-other");
        Map<String, String> elsewhere = new HashMap<>(config());
        elsewhere.put("backup.dir", other.toString());
        assertThat(Cli.run(elsewhere, "backup", "--name", "broken", "--s3").exitCode()).isZero();

        Cli.Result r = Cli.run(config(), "replicate");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("1 of 3 backups could not be replicated (the other 2 are in s3://" + bucket + "/team/graphvault)")
                .contains("backup broken is complete locally");
        for (String name : List.of("older", "newer")) {
            assertThat(s3.checksums(bucket, "team/graphvault/" + name + "/"))
                    .isEqualTo(S3Buckets.localChecksums(backups.resolve(name), "team/graphvault/" + name + "/"));
        }
        assertThat(s3.checksums(bucket, "team/graphvault/broken/"))
                .isEqualTo(S3Buckets.localChecksums(other.resolve("broken"), "team/graphvault/broken/"));
    }

    @Test
    void aBackupWhileS3IsDownIsCompleteLocallyAndTheErrorSaysReplicationFailed() throws IOException {
        Map<String, String> c = config();
        c.put("s3.endpoint", "http://127.0.0.1:" + Ports.free());

        Cli.Result r = Cli.run(c, "backup", "--name", "stranded", "--s3");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("backup stranded complete");
        assertThat(r.err()).contains("backup stranded is complete locally")
                .contains("replication to s3://" + bucket + "/team/graphvault/stranded failed")
                .contains("cannot reach S3")
                .doesNotContain(io.graphvault.testing.EmbeddedS3.SECRET_KEY);
        assertThat(r.err().lines().toList()).hasSize(1);

        Cli.Result verify = Cli.run(c, "verify", "--from", "stranded");
        assertThat(verify.exitCode()).as(verify.toString()).isZero();
    }

    @Test
    void anUnsetBucketIsNamedInTheErrorAndNoBackupIsTakenForS3() {
        Map<String, String> c = config();
        c.put("s3.bucket", "");
        Cli.Result r = Cli.run(c, "replicate");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("S3_BUCKET is not set");

        Cli.Result backup = Cli.run(c, "backup", "--name", "nowhere", "--s3");
        assertThat(backup.exitCode()).isEqualTo(1);
        assertThat(backup.err()).contains("S3_BUCKET is not set");
        assertThat(backups.resolve("nowhere")).doesNotExist();
    }

    @Test
    void aBadEncryptionSettingIsNamedInTheError() {
        Map<String, String> c = config();
        c.put("s3.sse", "rot13");
        Cli.Result r = Cli.run(c, "replicate");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("S3_SSE 'rot13' is not supported");
    }
}
