package io.graphvault.restore;

import io.graphvault.compare.GraphSnapshot;
import io.graphvault.testing.AlsoOnNeo4j2026;
import io.graphvault.testing.Cli;
import io.graphvault.testing.GraphVaultTest;
import io.graphvault.testing.TestServices;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Session;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replay writes relationships on parallel writers. Parallel relationships that the database lost
 * must come back one for one even when their rows fall into different batches: two writers that
 * each found "the third one" missing would create it twice, or one would claim the other's.
 */
@AlsoOnNeo4j2026
@GraphVaultTest
class ParallelReplayIT {

    @TempDir
    Path backups;

    @BeforeEach
    void buildHubsWithParallelLinks() {
        try (Session s = TestServices.sourceDriver().session()) {
            s.run("CREATE CONSTRAINT hub_id FOR (n:Hub) REQUIRE n.hub_id IS UNIQUE").consume();
            s.run("CREATE CONSTRAINT leaf_id FOR (n:Leaf) REQUIRE n.leaf_id IS UNIQUE").consume();
            // 300 hubs, each with 3 parallel LINKs to each of its 2 leaves: 2 alike, 1 different
            s.run("""
                    UNWIND range(1, 300) AS h
                    CREATE (hub:Hub {hub_id: h})
                    WITH hub, h
                    UNWIND [1, 2] AS l
                    CREATE (leaf:Leaf {leaf_id: h * 10 + l})
                    CREATE (hub)-[:LINK {w: 1}]->(leaf), (hub)-[:LINK {w: 1}]->(leaf), (hub)-[:LINK {w: 2}]->(leaf)
                    """).consume();
        }
    }

    @Test
    void aReplayWithSmallBatchesPutsBackEveryLostParallelRelationshipExactlyOnce() {
        Map<String, String> sourceConfig = TestServices.config(TestServices.source(), backups);
        assertThat(Cli.run(sourceConfig, "backup", "--name", "hubs").exitCode()).isZero();
        GraphSnapshot source = GraphSnapshot.take(TestServices.sourceDriver(), "neo4j");
        Map<String, String> targetConfig = TestServices.config(TestServices.target(), backups);
        String from = backups.resolve("hubs").toString();
        Cli.Result first = Cli.run(targetConfig, "restore", "--from", from, "--yes");
        assertThat(first.exitCode()).as(first.toString()).isZero();

        try (Session s = TestServices.targetDriver().session()) {
            // every link of hubs 1 to 150 (900), and the second of the three between hub 215 and leaf 2151
            s.run("MATCH (h:Hub)-[r:LINK]->() WHERE h.hub_id <= 150 DELETE r").consume();
            s.run("MATCH (:Hub {hub_id: 215})-[r:LINK {w: 1}]->(:Leaf {leaf_id: 2151}) WITH r ORDER BY id(r) SKIP 1 DELETE r").consume();
        }
        // batches of 2 rows: the three links of a pair always span two batches. With batches shared
        // out to any writer instead of by start node, this lost one relationship in the first run.
        Cli.Result replay = Cli.run(targetConfig, "restore", "--from", from, "--yes", "--batch-size", "2");
        assertThat(replay.exitCode()).as(replay.toString()).isZero();
        assertThat(replay.out()).contains("1,800 in backup, 901 created, 899 already there");
        assertThat(GraphSnapshot.take(TestServices.targetDriver(), "neo4j").differences(source, 10)).isEmpty();

        Cli.Result again = Cli.run(targetConfig, "restore", "--from", from, "--yes", "--batch-size", "2");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("1,800 in backup, 0 created, 1,800 already there");
        assertThat(GraphSnapshot.take(TestServices.targetDriver(), "neo4j").differences(source, 10)).isEmpty();
    }
}
