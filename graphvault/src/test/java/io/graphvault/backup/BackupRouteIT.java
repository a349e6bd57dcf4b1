package io.graphvault.backup;

import io.graphvault.app.GraphVaultRuntime;
import io.graphvault.format.BackupFileNames;
import io.graphvault.internal.GraphVaultHeaders;
import io.graphvault.testing.BackupFolder;
import io.graphvault.testing.EmptyBucket;
import io.graphvault.testing.GraphVaultTest;
import io.graphvault.testing.GraphVaultTest.Holds;
import io.graphvault.testing.S3Buckets;
import io.graphvault.testing.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.model.MarshalDefinition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The backup route itself, with a failure woven in after the data format: the second node batch
 * fails half way through the backup, while other batches are on their way through the workers.
 */
@GraphVaultTest(source = Holds.CLASS_DATA)
class BackupRouteIT {

    private static final int NODES = 5_000;

    @TempDir
    Path work;

    @BeforeAll
    static void graph() {
        Driver driver = TestServices.sourceDriver();
        try (Session s = driver.session()) {
            s.run("UNWIND range(1, $n) AS i CREATE (:Patient {id: i, name: 'p' + i})-[:SEES]->(:Doctor {id: i})",
                    Map.of("n", NODES)).consume();
        }
    }

    @Test
    void aBatchThatFailsHalfWayLeavesNoBackupInTheFolderAndNoOpenTransaction() throws Exception {
        Path backups = work.resolve("backups");
        try (GraphVaultRuntime runtime = GraphVaultRuntime.start(TestServices.config(TestServices.source(), backups), "backup")) {
            failTheSecondNodeBatch(runtime);
            NotifyBuilder failed = new NotifyBuilder(runtime.context()).fromRoute("backup").whenFailed(1).create();

            assertThatThrownBy(() -> runtime.request("direct:backup", request("halfway", BackupTarget.LOCAL), BackupJob.class))
                    .hasMessageContaining("woven failure in nodes/000002.jsonl.gz");

            assertThat(failed.matches(10, TimeUnit.SECONDS)).isTrue();
            assertThat(BackupFolder.names(backups)).as("no published folder, no partial one")
                    .allMatch(name -> name.equals(".graphvault.lock") || !name.contains("halfway"));
            assertThat(Files.exists(backups.resolve("halfway"))).isFalse();
            assertNoOpenTransaction();
        }
    }

    @Test
    void aBatchThatFailsHalfWayLeavesNothingInTheBucketAndNoOpenTransaction(
            S3Buckets s3, @EmptyBucket String bucket) throws Exception {
        Map<String, String> config = new HashMap<>(TestServices.config(TestServices.source(), work.resolve("backups")));
        config.putAll(s3.config(bucket, "team"));
        try (GraphVaultRuntime runtime = GraphVaultRuntime.start(config, "backup", "replication")) {
            failTheSecondNodeBatch(runtime);

            assertThatThrownBy(() -> runtime.request("direct:backup", request("halfway", BackupTarget.S3), BackupJob.class))
                    .hasMessageContaining("woven failure in nodes/000002.jsonl.gz");

            assertThat(s3.keys(bucket, "team/")).as("no manifest and no leftover objects").isEmpty();
            assertThat(Files.exists(work.resolve("backups"))).as("nothing written locally").isFalse();
            assertNoOpenTransaction();
        }
    }

    private static BackupRequest request(String name, BackupTarget to) {
        return new BackupRequest(name, to, List.of(), 1_000);
    }

    /** After the data format, the second node batch throws: the first, the schema and others may be stored by then. */
    private static void failTheSecondNodeBatch(GraphVaultRuntime runtime) throws Exception {
        AdviceWith.adviceWith(runtime.context(), "store-backup-file", a -> a.weaveByType(MarshalDefinition.class).after()
                .process(BackupRouteIT::failOnSecondNodeBatch));
    }

    private static void failOnSecondNodeBatch(Exchange exchange) {
        String path = exchange.getMessage().getHeader(GraphVaultHeaders.FILE_PATH, String.class);
        if (BackupFileNames.batchPath(BackupFileNames.NODES_DIR, 2, true).equals(path)) {
            throw new IllegalStateException("woven failure in " + path);
        }
    }

    /** The backup's READ transaction is gone once the route has failed: none but the query asking is left. */
    private static void assertNoOpenTransaction() {
        try (Session s = TestServices.sourceDriver().session()) {
            await("the backup's transaction closed").atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(otherTransactions(s)).isEmpty());
        }
    }

    private static List<String> otherTransactions(Session s) {
        return s.run("SHOW TRANSACTIONS YIELD currentQuery RETURN currentQuery").list(r -> r.get(0).asString()).stream()
                .filter(q -> !q.startsWith("SHOW TRANSACTIONS")).toList();
    }

    @Test
    void anOpenReadTransactionIsSeenByTheCheckAbove() {
        try (Session reader = TestServices.sourceDriver().session(); var tx = reader.beginTransaction();
                Session s = TestServices.sourceDriver().session()) {
            tx.run("MATCH (n) RETURN count(n)").consume();
            assertThat(otherTransactions(s)).hasSize(1);
        }
    }
}
