package io.graphvault.restore;

import io.graphvault.compare.GraphSnapshot;
import io.graphvault.testing.AlsoOnNeo4j2026;
import io.graphvault.testing.Cli;
import io.graphvault.testing.GraphVaultTest;
import io.graphvault.testing.TestServices;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Session;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keyless nodes with the same labels and properties differ only by their relationships (a node
 * standing for an event, an occurrence, a hyperedge). A replay must give each its own
 * relationships back, whatever order the database holds them in.
 */
@AlsoOnNeo4j2026
@GraphVaultTest
class KeylessTwinsIT {

    @TempDir
    Path backups;

    @Test
    void replaysIntoARestoredDatabaseGiveEachTwinItsOwnRelationshipsAndAddNone() {
        try (Session s = TestServices.sourceDriver().session()) {
            s.run("CREATE CONSTRAINT k_id FOR (k:K) REQUIRE k.id IS UNIQUE").consume();
            // per i: two twins, one of them linked to k, the other not; and an empty twin pair linked both ways
            s.run("UNWIND range(1, 300) AS i CREATE (a:N {t: i}), (b:N {t: i}), (k:K {id: i}), (a)-[:R]->(k)").consume();
            s.run("UNWIND range(1, 50) AS i CREATE (x:Occurrence), (y:Occurrence), (k:K {id: 1000 + i}),"
                    + " (x)-[:OF {w: i}]->(k), (k)-[:SEEN]->(y)").consume();
        }
        GraphSnapshot source = GraphSnapshot.take(TestServices.sourceDriver(), "neo4j");
        assertThat(Cli.run(TestServices.config(TestServices.source(), backups), "backup", "--name", "twins").exitCode()).isZero();
        Map<String, String> target = TestServices.config(TestServices.target(), backups);
        String from = backups.resolve("twins").toString();

        // batches of one on two writers: the twins are created in an order of their own
        Cli.Result first = Cli.run(target, "restore", "--from", from, "--batch-size", "1");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        for (int replay = 1; replay <= 2; replay++) {
            Cli.Result again = Cli.run(target, "restore", "--from", from, "--batch-size", "1");
            assertThat(again.exitCode()).as(again.toString()).isZero();
            assertThat(again.out()).as(again.toString()).containsPattern("[^0-9]0 created");
            assertThat(GraphSnapshot.take(TestServices.targetDriver(), "neo4j").differences(source, 5)).as("replay " + replay)
                    .isEmpty();
        }
        try (Session s = TestServices.targetDriver().session()) {
            assertThat(s.run("MATCH ()-[r:R]->() RETURN count(r)").single().get(0).asLong()).isEqualTo(300);
            assertThat(s.run("MATCH (n) WHERE n._graphvault_id IS NOT NULL OR n._graphvault_fp IS NOT NULL RETURN count(n)")
                    .single().get(0).asLong()).isZero();
        }
    }
}
