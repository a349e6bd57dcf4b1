package io.graphvault.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.graphvault.testing.Cli;
import io.graphvault.testing.S3Buckets;
import io.graphvault.testing.SampleGraphInSource;
import io.graphvault.testing.TestServices;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SampleGraphInSource.class)
class S3ReplicationIT {

    @TempDir
    Path backups;

    private S3Buckets s3;
    private String bucket;

    @BeforeEach
    void newBucket() {
        s3 = S3Buckets.of(TestServices.s3());
        bucket = s3.newBucket();
    }

    @AfterEach
    void closeClient() {
        s3.close();
    }

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
    void aBackupWhileS3IsDownIsCompleteLocallyAndTheErrorSaysReplicationFailed() throws IOException {
        Map<String, String> c = config();
        c.put("s3.endpoint", "http://127.0.0.1:" + closedPort());

        Cli.Result r = Cli.run(c, "backup", "--name", "stranded", "--s3");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("backup stranded complete");
        assertThat(r.err()).contains("backup stranded is complete locally")
                .contains("replication to s3://" + bucket + "/team/graphvault/stranded failed")
                .contains("cannot reach S3")
                .doesNotContain(io.graphvault.demo.EmbeddedS3.SECRET_KEY);
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

    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
