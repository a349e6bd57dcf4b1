package io.graphvault.backup;

import io.graphvault.testing.Cli;
import io.graphvault.testing.EmbeddedS3;
import io.graphvault.testing.GraphVaultTest;
import io.graphvault.testing.GraphVaultTest.Holds;
import io.graphvault.testing.S3Buckets;
import io.graphvault.testing.TestServices;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A backup straight into the bucket while S3 goes away for good: once the retries give up, the
 * command fails promptly, saying what failed and what to do, keeps no partial backup and lets the
 * next job have the backup folder.
 */
@GraphVaultTest(source = Holds.CLASS_DATA)
class BackupS3CutIT {

    private static final int NODES = 40_000;

    @TempDir
    Path work;

    @BeforeAll
    static void wideNodes() {
        try (Session s = TestServices.sourceDriver().session()) {
            // wide nodes, so that the backup is still storing files when S3 stops
            s.run("""
                    UNWIND range(1, $n) AS i
                    CALL { WITH i CREATE (:Item {id: i, text: reduce(t = '', x IN range(1, 40) | t + 'lorem ipsum '),
                                                 values: range(1, 50)}) }
                    IN TRANSACTIONS OF 10000 ROWS
                    """, Map.of("n", NODES)).consume();
        }
    }

    @Test
    void s3StoppingForGoodMidBackupFailsWithinAMinuteOfTheRetriesSayingWhatToDo() throws Exception {
        // its own S3 server: this test stops it, and the shared one must outlive it
        Path s3Data = work.resolve("s3");
        EmbeddedS3 doomed = EmbeddedS3.start(s3Data);
        String bucket;
        String endpoint = doomed.endpoint();
        Map<String, String> config = new HashMap<>(TestServices.config(TestServices.source(), work.resolve("backups")));
        try (S3Buckets s3 = S3Buckets.of(doomed)) {
            bucket = s3.newBucket();
            config.putAll(s3.config(bucket, "graphvault"));
            config.put("s3.retry-attempts", "1");
            config.put("backup.lock-timeout", "5s");
            CompletableFuture<Cli.Result> backup = CompletableFuture.supplyAsync(
                    () -> Cli.run(config, "backup", "--to", "s3", "--name", "cut", "--batch-size", "1000"));
            await("the first object in the bucket").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                    .until(() -> !s3.keys(bucket, "graphvault/cut/").isEmpty());
            doomed.close();

            Cli.Result r = backup.get(2, TimeUnit.MINUTES);
            System.out.println("what the user read: " + r.err());
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.err()).as(r.toString()).contains("backup cut failed").contains("S3_ENDPOINT").contains(endpoint)
                    .contains(bucket).contains("run the backup again")
                    .doesNotContain("Multicast").doesNotContain("Exchange[");

            // with S3 still down, the next backup says so before it begins
            Cli.Result before = CompletableFuture.supplyAsync(() -> Cli.run(config, "backup", "--to", "s3", "--name", "again"))
                    .get(2, TimeUnit.MINUTES);
            assertThat(before.exitCode()).as(before.toString()).isEqualTo(1);
            assertThat(before.err()).as(before.toString()).contains("backup again did not start").contains("S3_ENDPOINT " + endpoint)
                    .contains(bucket).contains("run the backup again").doesNotContain("Exchange[");
        }

        // S3 back (on another port): the failed backup is not listed
        try (EmbeddedS3 back = EmbeddedS3.start(s3Data); S3Buckets s3 = S3Buckets.of(back)) {
            Map<String, String> again = new HashMap<>(config);
            again.putAll(s3.config(bucket, "graphvault"));
            Cli.Result list = Cli.run(again, "list", "--s3");
            assertThat(list.exitCode()).as(list.toString()).isZero();
            assertThat(list.out()).as(list.toString()).doesNotContain("cut");
        }
        // the backup folder's lock was released: the next backup starts at once and completes
        Cli.Result next = Cli.run(config, "backup", "--to", "local", "--name", "next");
        assertThat(next.exitCode()).as(next.toString()).isZero();
    }
}
