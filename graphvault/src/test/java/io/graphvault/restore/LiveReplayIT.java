package io.graphvault.restore;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphvault.compare.GraphSnapshot;
import io.graphvault.format.BackupJson;
import io.graphvault.testing.AlsoOnNeo4j2026;
import io.graphvault.testing.BackupFolder;
import io.graphvault.testing.Cli;
import io.graphvault.testing.GraphVaultTest;
import io.graphvault.testing.TestServices;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Replays into the very database a backup came from, the "someone deleted nodes, put them back"
 * scenario: nothing that is still there may change or be duplicated. (Other tests replay into a
 * database GraphVault restored, whose relationships were created in backup order.)
 */
@AlsoOnNeo4j2026
@GraphVaultTest
class LiveReplayIT {

    @TempDir
    Path backups;

    private final Driver db = TestServices.sourceDriver();

    private Map<String, String> config() {
        return TestServices.config(TestServices.source(), backups);
    }

    private void run(String... cypher) {
        try (Session s = db.session()) {
            for (String q : cypher) {
                s.run(q).consume();
            }
        }
    }

    @Test
    void parallelRelationshipsWithDifferentPropertiesKeepEachTheirOwnOnAReplayIntoTheirSourceDatabase() {
        run("CREATE CONSTRAINT person_id FOR (p:Person) REQUIRE p.id IS UNIQUE",
                "CREATE (:Person {id: 1}), (:Person {id: 2}), (:Person {id: 3})");
        // one statement each, so the database holds them in creation order
        for (String props : List.of("{x: 1}", "{y: 2}", "{z: 3}")) {
            run("MATCH (a:Person {id: 1}), (b:Person {id: 2}) CREATE (a)-[:KNOWS " + props + "]->(b)");
        }
        run("MATCH (a:Person {id: 1}), (b:Person {id: 3}) CREATE (a)-[:KNOWS {w: 1}]->(b), (a)-[:KNOWS]->(b)");
        GraphSnapshot before = GraphSnapshot.take(db, "neo4j");
        assertThat(Cli.run(config(), "backup", "--name", "live").exitCode()).isZero();

        run("MATCH (:Person {id: 1})-[r:KNOWS {y: 2}]->() DELETE r");
        assertTwoReplaysPutBack(before, "restore", "--from", "live");
    }

    @Test
    void aGroupOfParallelRelationshipsLargerThanFourBatchesIsMatchedAcrossItsBatchesWithoutLossOrDuplicates() {
        run("CREATE CONSTRAINT person_id FOR (p:Person) REQUIRE p.id IS UNIQUE",
                "CREATE (:Person {id: 1}), (:Person {id: 2})",
                "MATCH (a:Person {id: 1}), (b:Person {id: 2}) UNWIND range(1, 12) AS i CREATE (a)-[:CALLED {call: i % 4}]->(b)");
        GraphSnapshot before = GraphSnapshot.take(db, "neo4j");
        assertThat(Cli.run(config(), "backup", "--name", "calls").exitCode()).isZero();

        // --batch-size 1: a batch holds at most 4 rows, so the 12 rows of the group come in three batches
        run("MATCH (:Person {id: 1})-[r:CALLED {call: 1}]->() WITH r LIMIT 2 DELETE r",
                "MATCH (:Person {id: 1})-[r:CALLED {call: 3}]->() WITH r LIMIT 1 SET r.call = 7");
        assertTwoReplaysPutBack(before, "restore", "--from", "calls", "--batch-size", "1");
    }

    /** More relationships than the exporter holds for one start node (10,000), in three groups of parallel ones. */
    private static final int HUB = 10_020;

    @Test
    void aHubWithMoreRelationshipsThanTheExporterHoldsIsWrittenInWholeSortedGroupsAndReplaysExactly() throws Exception {
        run("CREATE CONSTRAINT person_id FOR (p:Person) REQUIRE p.id IS UNIQUE",
                "UNWIND range(0, 6) AS i CREATE (:Person {id: i})",
                // created interleaved, so the database holds each pair's parallel relationships apart
                "MATCH (hub:Person {id: 0}) UNWIND range(1, " + HUB + ") AS i MATCH (b:Person {id: 1 + i % 3})"
                        + " CREATE (hub)-[:KNOWS {i: i}]->(b)",
                "MATCH (a:Person) WHERE a.id >= 4 MATCH (b:Person {id: 1})"
                        + " CREATE (a)-[:KNOWS {i: 1}]->(b), (a)-[:LIKES]->(b), (a)-[:KNOWS {i: 2}]->(b)");
        GraphSnapshot before = GraphSnapshot.take(db, "neo4j");
        // the exporter holds a start node's relationships up to a batch, and at least 10,000: the hub has more
        Cli.Result backup = Cli.run(config(), "backup", "--name", "hub", "--batch-size", "1000");
        assertThat(backup.exitCode()).as(backup.toString()).isZero();

        JsonNode manifest = BackupJson.MAPPER.readTree(backups.resolve("hub/manifest.json").toFile());
        assertThat(manifest.path("options").path("relationshipGroups").asBoolean()).isTrue();
        List<JsonNode> lines = BackupFolder.records(backups.resolve("hub"), "relationships");
        assertThat(lines).hasSize(HUB + 3 * 3);
        Map<Long, List<JsonNode>> byStart = new LinkedHashMap<>();
        long previousStart = Long.MIN_VALUE;
        for (JsonNode line : lines) {
            long start = line.path("start").asLong();
            assertThat(start != previousStart && byStart.containsKey(start))
                    .as("each start node's relationships in one run: %s", line).isFalse();
            byStart.computeIfAbsent(start, k -> new ArrayList<>()).add(line);
            previousStart = start;
        }
        Comparator<JsonNode> order = Comparator.<JsonNode>comparingLong(l -> l.path("end").asLong())
                .thenComparing(l -> l.path("type").asText()).thenComparingLong(l -> l.path("id").asLong());
        for (List<JsonNode> ofStart : byStart.values()) {
            assertThat(ofStart).as("sorted by end node, type and id").isSortedAccordingTo(order);
            Map<String, Integer> seen = new HashMap<>();
            for (JsonNode l : ofStart) {
                int ordinal = seen.merge(l.path("end").asLong() + " " + l.path("type").asText(), 1, Integer::sum);
                assertThat(l.path("n").asInt(1)).as("ordinal of %s", l).isEqualTo(ordinal);
            }
        }
        // the hub, first in the node scan, is not held in memory: it is read again at the end, sorted by the server
        List<JsonNode> last = new ArrayList<>(byStart.values()).get(byStart.size() - 1);
        assertThat(last).hasSize(HUB);

        run("MATCH (:Person {id: 0})-[r:KNOWS]->(:Person {id: 2}) WITH r ORDER BY r.i LIMIT 3 DELETE r",
                "MATCH (:Person {id: 5})-[r:KNOWS {i: 1}]->() DELETE r");
        assertTwoReplaysPutBack(before, "restore", "--from", "hub");
    }

    @Test
    void aReplayPutsBackTheTypeOfANumberThatCypherWouldCallEqual() {
        run("CREATE CONSTRAINT person_id FOR (p:Person) REQUIRE p.id IS UNIQUE",
                "CREATE (:Person {id: 1, x: 1, l: [1, 2], f: 2.5, s: 'kept'})");
        GraphSnapshot before = GraphSnapshot.take(db, "neo4j");
        assertThat(Cli.run(config(), "backup", "--name", "types").exitCode()).isZero();

        // 1 = 1.0 and [1, 2] = [1.0, 2.0] in Cypher: only the types differ
        run("MATCH (p:Person {id: 1}) SET p.x = 1.0, p.l = [1.0, 2.0]");
        assertTwoReplaysPutBack(before, "restore", "--from", "types");
        try (Session s = db.session()) {
            assertThat(s.run("MATCH (p:Person {id: 1}) RETURN valueType(p.x) AS x, valueType(p.l) AS l").single().asMap())
                    .isEqualTo(Map.of("x", "INTEGER NOT NULL", "l", "LIST<INTEGER NOT NULL> NOT NULL"));
        }
    }

    @Test
    void anIndexOfTheDatabaseThatFailedLongBeforeIsANoteNotAFailedRestore() {
        run("CREATE CONSTRAINT person_id FOR (p:Person) REQUIRE p.id IS UNIQUE", "CREATE (:Person {id: 1, name: 'a'})");
        GraphSnapshot before = GraphSnapshot.take(db, "neo4j");
        assertThat(Cli.run(config(), "backup", "--name", "before-blob").exitCode()).isZero();
        // a value too large for a range index: the index on it fails to populate
        run("CREATE (:Blob {s: '" + "x".repeat(40_000) + "'})", "CREATE INDEX blob_s FOR (b:Blob) ON (b.s)");
        try (Session s = db.session()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> s.run("SHOW INDEXES YIELD name, state WHERE name = 'blob_s'"
                    + " RETURN state").single().get(0).asString(), "FAILED"::equals);
        }
        run("MATCH (p:Person {id: 1}) SET p.name = 'changed'");

        Cli.Result replay = Cli.run(config(), "restore", "--from", "before-blob");

        assertThat(replay.exitCode()).as(replay.toString()).isZero();
        assertThat(replay.out()).contains("index blob_s is FAILED (not one of the backup's: the restore did not wait for it)");
        GraphSnapshot after = GraphSnapshot.take(db, "neo4j");
        after.nodes().keySet().removeIf(k -> k.startsWith("[Blob]"));
        assertThat(after.differences(before, 5)).isEmpty();
    }

    /** The first replay gives back exactly {@code before}; the second creates nothing and changes nothing. */
    private void assertTwoReplaysPutBack(GraphSnapshot before, String... restore) {
        Cli.Result replay = Cli.run(config(), restore);
        assertThat(replay.exitCode()).as(replay.toString()).isZero();
        assertThat(GraphSnapshot.take(db, "neo4j").differences(before, 5)).isEmpty();

        Cli.Result again = Cli.run(config(), restore);
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).containsPattern("[^0-9]0 created");
        assertThat(GraphSnapshot.take(db, "neo4j").differences(before, 5)).isEmpty();
    }

    @Test
    void keylessNodesBackedUpWithoutAnExcludedPropertyAreNotDuplicatedByAReplayIntoTheirSourceDatabase() {
        run("UNWIND range(1, 30) AS i CREATE (:Note {text: 'note ' + i, embedding: [i * 1.0, 0.5, 0.25]})",
                "MATCH (a:Note), (b:Note) WHERE b.text = 'note ' + (toInteger(substring(a.text, 5)) + 1) CREATE (a)-[:NEXT]->(b)");
        GraphSnapshot before = GraphSnapshot.take(db, "neo4j");
        Cli.Result backup = Cli.run(config(), "backup", "--name", "lean", "--exclude-properties", "embedding");
        assertThat(backup.exitCode()).as(backup.toString()).isZero();

        Cli.Result replay = Cli.run(config(), "restore", "--from", "lean");
        assertThat(replay.exitCode()).as(replay.toString()).isZero();
        try (Session s = db.session()) {
            assertThat(s.run("MATCH (n:Note) RETURN count(n) AS c").single().get("c").asLong()).isEqualTo(30);
            assertThat(s.run("MATCH ()-[r:NEXT]->() RETURN count(r) AS c").single().get("c").asLong()).isEqualTo(29);
        }
        // the embeddings the backup left out are still on their nodes
        assertThat(GraphSnapshot.take(db, "neo4j").differences(before, 5)).isEmpty();
        // and a drill finds the database equal to the backup, which does not hold them
        Cli.Result drill = Cli.run(config(), "verify", "--from", "lean", "--against-db");
        assertThat(drill.exitCode()).as(drill.toString()).isZero();
        assertThat(drill.out()).contains("the database matches backup lean");
    }
}
