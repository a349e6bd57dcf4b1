package io.graphvault.backup;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphvault.compare.GraphSnapshot;
import io.graphvault.format.BackupJson;
import io.graphvault.testing.BackupFolder;
import io.graphvault.testing.Cli;
import io.graphvault.testing.GraphVaultTest;
import io.graphvault.testing.TestServices;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Session;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hub: a node with more relationships than the exporter holds for sorting (10,000), which it
 * reads again at the end, sorted by the server by end node, type and id (element ids compared by
 * length, then text).
 */
@GraphVaultTest
class HubBackupIT {

    private static final int LINKS = 10_050;

    @TempDir
    Path backups;

    @Test
    void aHubIsWrittenSortedByEndNodeTypeAndIdWithItsParallelRelationshipsNumberedAndRestoresExactly() throws IOException {
        try (Session s = TestServices.sourceDriver().session()) {
            s.run("CREATE CONSTRAINT leaf_k FOR (n:Leaf) REQUIRE n.k IS UNIQUE").consume();
            // 120 leaves before the hub: in a fresh database their ids have 1 to 3 digits, which must sort as numbers, not as text
            s.run("UNWIND range(1, 120) AS i CREATE (:Leaf {k: i})").consume();
            s.run("CREATE (:Hub {name: 'hub'})").consume();
            s.run("MATCH (h:Hub) UNWIND range(1, $n) AS i MATCH (l:Leaf {k: 1 + (i * 37) % 120})"
                    + " FOREACH (x IN CASE WHEN i % 2 = 0 THEN [1] ELSE [] END | CREATE (h)-[:LINK {w: i % 3}]->(l))"
                    + " FOREACH (x IN CASE WHEN i % 2 = 1 THEN [1] ELSE [] END | CREATE (h)-[:TIE]->(l))", Map.of("n", LINKS)).consume();
        }

        Cli.Result backup = Cli.run(TestServices.config(TestServices.source(), backups), "backup", "--name", "hub",
                "--batch-size", "500");

        assertThat(backup.exitCode()).as(backup.toString()).isZero();
        Path dir = backups.resolve("hub");
        assertThat(BackupJson.MAPPER.readTree(dir.resolve("manifest.json").toFile()).path("options")
                .path("relationshipOrdinals").asBoolean()).as("ordinals complete").isTrue();
        List<JsonNode> rels = BackupFolder.records(dir, "relationships");
        assertThat(rels).hasSize(LINKS);
        long lastEnd = -1;
        String lastType = "";
        int expected = 0;
        for (JsonNode r : rels) {
            long end = r.path("end").asLong();
            String type = r.path("type").asText();
            assertThat(end > lastEnd || end == lastEnd && type.compareTo(lastType) >= 0).as("sorted at " + r).isTrue();
            expected = end == lastEnd && type.equals(lastType) ? expected + 1 : 1;
            assertThat(r.path("n").asInt(1)).as("ordinal of " + r).isEqualTo(expected);
            lastEnd = end;
            lastType = type;
        }
        Cli.Result restore = Cli.run(TestServices.config(TestServices.target(), backups), "restore", "--from", dir.toString());

        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        assertThat(GraphSnapshot.take(TestServices.targetDriver(), "neo4j")
                .differences(GraphSnapshot.take(TestServices.sourceDriver(), "neo4j"), 10)).isEmpty();
    }
}
