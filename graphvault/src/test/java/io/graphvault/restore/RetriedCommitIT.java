package io.graphvault.restore;

import io.graphvault.testing.Cli;
import io.graphvault.testing.CommitDroppingProxy;
import io.graphvault.testing.GraphVaultTest;
import io.graphvault.testing.TestServices;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection drops after the server committed a batch and before the restore heard so: the driver
 * runs the batch again on a new connection. Keyless nodes and relationships are created, not merged, so
 * the second run must find the first one's work done instead of writing the batch twice.
 */
@GraphVaultTest
class RetriedCommitIT {

    private static final int PATIENTS = 3_000;
    private static final int VISITS = 3_000;

    @TempDir
    Path backups;

    @Test
    void aNodeBatchWhoseCommitAnswerIsLostIsWrittenOnce() throws Exception {
        restoreLosingTheAnswerToACommitOf("AS row CREATE (n");
    }

    @Test
    void aRelationshipBatchWhoseCommitAnswerIsLostIsWrittenOnce() throws Exception {
        restoreLosingTheAnswerToACommitOf("CREATE (a)-[");
    }

    /** {@code marker}: text of the batch's write query, which tells a node batch from a relationship batch. */
    private void restoreLosingTheAnswerToACommitOf(String marker) throws Exception {
        try (Session s = TestServices.sourceDriver().session()) {
            // no constraint: every node is keyless, written with CREATE
            s.run("UNWIND range(0, $n - 1) AS i CREATE (:Patient {mrn: 'MRN-' + i, born: 1940 + i % 60})",
                    Map.of("n", PATIENTS)).consume();
            // two visits per pair of patients: parallel relationships that differ only by their properties
            s.run("MATCH (p:Patient) WITH collect(p) AS ps UNWIND range(0, $v - 1) AS i"
                    + " WITH ps[i % ($p / 2)] AS a, ps[$p / 2 + i % ($p / 2)] AS b, i CREATE (a)-[:REFERRED {visit: i}]->(b)",
                    Map.of("v", VISITS, "p", PATIENTS)).consume();
        }
        Cli.Result backup = Cli.run(TestServices.config(TestServices.source(), backups), "backup", "--name", "x",
                "--batch-size", "500");
        assertThat(backup.exitCode()).as(backup.toString()).isZero();

        try (CommitDroppingProxy proxy = new CommitDroppingProxy(TestServices.target().boltUri(), marker, 2)) {
            Cli.Result restore = Cli.run(TestServices.config(proxy.boltUri(), TestServices.target().password(), backups),
                    "restore", "--from", backups.resolve("x").toString(), "--batch-size", "500");

            assertThat(proxy.droppedACommittedReply()).as(restore.toString()).isTrue();
            assertThat(restore.exitCode()).as(restore.toString()).isZero();
        }
        Driver target = TestServices.targetDriver();
        assertThat(count(target, "MATCH (n) RETURN count(n)")).as("nodes").isEqualTo(PATIENTS);
        assertThat(count(target, "MATCH (:Patient)-[r:REFERRED]->(:Patient) RETURN count(r)")).as("relationships")
                .isEqualTo(VISITS);
        assertThat(count(target, "MATCH ()-[r]->() RETURN count(r)")).as("all relationships").isEqualTo(VISITS);
        assertThat(count(target, "MATCH (n:_GraphVaultRestore) RETURN count(n)")).as("restore helper nodes").isZero();
        assertThat(count(target, "MATCH (n) WHERE n._graphvault_id IS NOT NULL OR n._graphvault_fp IS NOT NULL"
                + " RETURN count(n)")).as("restore helper properties").isZero();
        assertThat(count(target, "MATCH (a)-[r:REFERRED]->(b) WITH a, b, r.visit AS visit, count(*) AS c WHERE c > 1"
                + " RETURN count(*)")).as("visits written twice").isZero();
    }

    private static long count(Driver driver, String query) {
        try (Session s = driver.session()) {
            return s.run(query).single().get(0).asLong();
        }
    }
}
