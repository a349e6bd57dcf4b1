package io.graphvault.restore;

import io.graphvault.GraphVaultApplication;
import io.graphvault.compare.GraphSnapshot;
import io.graphvault.testing.Cli;
import io.graphvault.testing.GraphVaultTest;
import io.graphvault.testing.TestNeo4j;
import io.graphvault.testing.TestServices;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A restore killed half way is simply run again and then equals the source. */
@GraphVaultTest
class RestoreCrashIT {

    @TempDir
    Path backups;

    @Test
    void aRestoreKilledHalfWayIsRunAgainAndEndsEqualToTheSource() throws Exception {
        try (Session s = TestServices.sourceDriver().session()) {
            s.run("CREATE CONSTRAINT item_id FOR (n:Item) REQUIRE n.item_id IS UNIQUE").consume();
            s.run("UNWIND range(1, 20000) AS i CREATE (:Item {item_id: i, name: 'item ' + i, at: date('2024-01-01') + duration({days: i % 300})})").consume();
            s.run("UNWIND range(1, 6000) AS i CREATE (:Note {text: 'note ' + (i % 3000)})").consume();
            s.run("MATCH (a:Item) WHERE a.item_id % 2 = 0 MATCH (b:Item {item_id: a.item_id - 1}) "
                    + "CREATE (a)-[:NEXT {w: 1}]->(b) CREATE (a)-[:NEXT {w: 1}]->(b)").consume();
            s.run("MATCH (n:Note) WITH n LIMIT 3000 MATCH (i:Item {item_id: toInteger(split(n.text, ' ')[1]) + 1}) "
                    + "CREATE (n)-[:ABOUT]->(i)").consume();
        }
        Map<String, String> sourceConfig = TestServices.config(TestServices.source(), backups);
        assertThat(Cli.run(sourceConfig, "backup", "--name", "big", "--batch-size", "500").exitCode()).isZero();
        GraphSnapshot source = GraphSnapshot.take(TestServices.sourceDriver(), "neo4j");

        TestNeo4j target = TestServices.target();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), GraphVaultApplication.class.getName(),
                "restore", "--from", backups.resolve("big").toString(), "--batch-size", "200");
        pb.environment().put("NEO4J_URI", target.boltUri());
        pb.environment().put("NEO4J_USER", TestNeo4j.USER);
        pb.environment().put("NEO4J_PASSWORD", target.password());
        pb.environment().put("BACKUP_DIR", backups.toString());
        pb.redirectErrorStream(true).redirectOutput(backups.resolve("killed-restore.log").toFile());
        Process restore = pb.start();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50)).until(() -> relationshipsInTarget() > 500
                || !restore.isAlive());
        assertThat(restore.isAlive()).as("the restore should still run when killed; it printed: %s",
                java.nio.file.Files.readString(backups.resolve("killed-restore.log"))).isTrue();
        restore.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertThat(relationshipsInTarget()).isLessThan(20000 + 3000);

        Cli.Result rerun = Cli.run(TestServices.config(target, backups), "restore", "--from", backups.resolve("big").toString());
        assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
        assertThat(GraphSnapshot.take(TestServices.targetDriver(), "neo4j").differences(source, 10)).isEmpty();
        try (Session s = TestServices.targetDriver().session()) {
            assertThat(s.run("MATCH (n:_GraphVaultRestore) RETURN count(n)").single().get(0).asLong()).isZero();
            assertThat(s.run("MATCH ()-[r]->() WHERE r._graphvault_rid IS NOT NULL RETURN count(r)").single().get(0).asLong()).isZero();
        }
    }

    private static long relationshipsInTarget() {
        try (Session s = TestServices.targetDriver().session()) {
            return s.run("MATCH ()-[r]->() RETURN count(r)").single().get(0).asLong();
        }
    }
}
