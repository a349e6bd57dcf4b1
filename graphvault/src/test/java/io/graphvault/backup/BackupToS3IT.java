package io.graphvault.backup;

import io.graphvault.compare.GraphSnapshot;
import io.graphvault.testing.Cli;
import io.graphvault.testing.EmptyBucket;
import io.graphvault.testing.GraphVaultTest;
import io.graphvault.testing.GraphVaultTest.Holds;
import io.graphvault.testing.S3Buckets;
import io.graphvault.testing.TestNeo4j;
import io.graphvault.testing.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code backup --to s3}: straight into the bucket, nothing on local disk, restored from there. */
@GraphVaultTest(source = Holds.SAMPLE_GRAPH)
class BackupToS3IT {

    @TempDir
    Path work;

    private S3Buckets s3;
    @EmptyBucket
    private String bucket;

    private Map<String, String> config(TestNeo4j neo4j) {
        Map<String, String> c = new HashMap<>(TestServices.config(neo4j, work.resolve("backups")));
        c.putAll(s3.config(bucket, "team/graphvault"));
        return c;
    }

    @Test
    void aBackupToS3WritesNothingLocallyAndRestoresFromTheBucketToTheSameGraph() {
        Cli.Result r = Cli.run(config(TestServices.source()), "backup", "--name", "straight", "--to", "s3", "--batch-size", "50");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        String uri = "s3://" + bucket + "/team/graphvault/straight";
        assertThat(r.out()).contains("backup straight complete").contains("path:          " + uri);
        assertThat(Files.exists(work.resolve("backups"))).as("no local folder created").isFalse();
        assertThat(s3.keys(bucket, "team/graphvault/straight/")).extracting(S3Object::key)
                .contains("team/graphvault/straight/manifest.json", "team/graphvault/straight/schema.json",
                        "team/graphvault/straight/nodes/000001.jsonl.gz", "team/graphvault/straight/relationships/000001.jsonl.gz")
                .allMatch(k -> !k.contains(".writing"));

        Cli.Result list = Cli.run(config(TestServices.source()), "list", "--s3");
        assertThat(list.out()).as(list.toString()).contains("straight");
        Cli.Result verify = Cli.run(config(TestServices.source()), "verify", "--from", uri);
        assertThat(verify.exitCode()).as(verify.toString()).isZero();

        Cli.Result restore = Cli.run(config(TestServices.target()), "restore", "--from", uri);
        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        GraphSnapshot source = GraphSnapshot.take(TestServices.sourceDriver(), "neo4j");
        assertThat(GraphSnapshot.take(TestServices.targetDriver(), "neo4j").differences(source, 10)).isEmpty();
    }

    @Test
    void aPrefixWithoutItsManifestIsNeitherListedNorRestored() {
        Cli.Result r = Cli.run(config(TestServices.source()), "backup", "--name", "whole", "--to", "s3");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        // what a backup killed before its manifest leaves: its data files under its own prefix
        for (S3Object o : s3.keys(bucket, "team/graphvault/whole/")) {
            if (!o.key().endsWith("manifest.json")) {
                s3.put(bucket, o.key().replace("/whole/", "/killed/"), s3.get(bucket, o.key()));
            }
        }

        Cli.Result list = Cli.run(config(TestServices.source()), "list", "--s3");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out()).contains("whole").doesNotContain("killed");
        Cli.Result restore = Cli.run(config(TestServices.target()), "restore", "--from",
                "s3://" + bucket + "/team/graphvault/killed");
        assertThat(restore.exitCode()).as(restore.toString()).isEqualTo(1);
        assertThat(restore.err()).contains("killed").contains("manifest");
    }

    @Test
    void aNameTheBucketAlreadyHoldsIsRefusedAndTheOldBackupIsUntouched() {
        assertThat(Cli.run(config(TestServices.source()), "backup", "--name", "twice", "--to", "s3").exitCode()).isZero();
        Map<String, String> before = s3.checksums(bucket, "team/graphvault/twice/");

        Cli.Result again = Cli.run(config(TestServices.source()), "backup", "--name", "twice", "--to", "s3");
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(1);
        assertThat(again.err()).contains("a backup named 'twice' already exists").contains("choose another --name");
        assertThat(s3.checksums(bucket, "team/graphvault/twice/")).isEqualTo(before);
    }

    @Test
    void toAndS3MustAgree() {
        Cli.Result r = Cli.run(config(TestServices.source()), "backup", "--s3", "--to", "s3");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("--s3 means --to both");
        Cli.Result bad = Cli.run(config(TestServices.source()), "backup", "--to", "tape");
        assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(2);
        assertThat(bad.err()).contains("--to 'tape' is not one of local, s3, both");
    }
}
