package io.graphvault.restore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.graphvault.format.BackupJson;
import io.graphvault.internal.Sha256;
import io.graphvault.testing.Cli;
import io.graphvault.testing.TestServices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Session;

/**
 * Backups written by hand, as a careless tool or an attacker would: every one has a manifest whose
 * checksums are right, so only what is inside the records can be wrong.
 */
class CraftedBackupRestoreIT {

    @TempDir
    Path backups;

    @BeforeEach
    @AfterEach
    void wipe() {
        TestServices.wipe(TestServices.targetDriver());
    }

    private static final String SCHEMA_WITH_KEY = """
            {"constraints":[],"indexes":[],"keys":[{"label":"A","property":"k"}]}""";
    private static final String SCHEMA_WITHOUT_KEYS = """
            {"constraints":[],"indexes":[],"keys":[]}""";

    /** A graphvault/1 folder of uncompressed files, its manifest counted from the lines (nodes counted as {@code nodeCount} if not null). */
    private Path craft(String name, String schema, List<String> nodes, List<String> relationships, Long nodeCount) throws IOException {
        Path dir = Files.createDirectories(backups.resolve(name));
        Files.createDirectories(dir.resolve("nodes"));
        Files.createDirectories(dir.resolve("relationships"));
        Files.writeString(dir.resolve("schema.json"), schema);
        Files.writeString(dir.resolve("nodes/000001.jsonl"), lines(nodes));
        Files.writeString(dir.resolve("relationships/000001.jsonl"), lines(relationships));
        Map<String, Long> labels = new TreeMap<>();
        for (String n : nodes) {
            BackupJson.MAPPER.readTree(n).path("labels").forEach(l -> labels.merge(l.asText(), 1L, Long::sum));
        }
        Map<String, Long> types = new TreeMap<>();
        for (String r : relationships) {
            types.merge(BackupJson.MAPPER.readTree(r).path("type").asText(), 1L, Long::sum);
        }
        ObjectNode m = BackupJson.MAPPER.createObjectNode();
        m.put("format", "graphvault/1").put("id", name);
        ObjectNode counts = m.putObject("counts");
        counts.put("nodes", nodeCount == null ? nodes.size() : nodeCount).put("relationships", relationships.size());
        labels.forEach(counts.putObject("labels")::put);
        types.forEach(counts.putObject("types")::put);
        ArrayNode files = m.putArray("files");
        for (String[] f : new String[][] {{"schema.json", "0"}, {"nodes/000001.jsonl", String.valueOf(nodes.size())},
                {"relationships/000001.jsonl", String.valueOf(relationships.size())}}) {
            byte[] bytes = Files.readAllBytes(dir.resolve(f[0]));
            files.addObject().put("path", f[0]).put("records", Long.parseLong(f[1])).put("bytes", bytes.length)
                    .put("sha256", Sha256.hex(bytes));
        }
        BackupJson.MAPPER.writeValue(dir.resolve("manifest.json").toFile(), m);
        return dir;
    }

    private static String lines(List<String> records) {
        return records.isEmpty() ? "" : String.join("\n", records) + "\n";
    }

    private Cli.Result gv(String... args) {
        return Cli.run(TestServices.config(TestServices.target(), backups), args);
    }

    private long count(String cypher) {
        try (Session s = TestServices.targetDriver().session()) {
            return s.run(cypher).single().get(0).asLong();
        }
    }

    private static String node(long id, String label, String props) {
        return "{\"id\":" + id + ",\"labels\":[\"" + label + "\"],\"props\":" + props + "}";
    }

    @Test
    void aNulCharacterInAnEndpointLabelCannotCutTheQueryAndRunWhatFollowsIt() throws IOException {
        // the label holds a NUL, then Cypher: were the query cut at the NUL, the rest would run unquoted
        String evil = "X\\u0000) RETURN 0 AS id UNION CREATE (z:Pwned) RETURN 0 AS id //";
        Path dir = craft("nul", SCHEMA_WITH_KEY, List.of(node(1, "A", "{\"k\":1}"), node(2, "A", "{\"k\":2}")),
                List.of("{\"id\":1,\"type\":\"T\",\"start\":1,\"end\":2,\"startKey\":{\"label\":\"" + evil
                        + "\",\"property\":\"k\",\"value\":1},\"endKey\":{\"label\":\"A\",\"property\":\"k\",\"value\":2},\"props\":{}}"),
                null);

        Cli.Result r = gv("restore", "--from", dir.toString());

        assertThat(count("MATCH (z:Pwned) RETURN count(z)")).as(r.toString()).isZero();
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(count("MATCH ()-[t:T]->() RETURN count(t)")).isZero();
    }

    @Test
    void aRelationshipWhoseEndpointIsNotThereIsNamedByFileLineAndKey() throws IOException {
        Path dir = craft("dangling", SCHEMA_WITH_KEY, List.of(node(1, "A", "{\"k\":1}"), node(2, "A", "{\"k\":2}")),
                List.of("{\"id\":5,\"type\":\"T\",\"start\":1,\"end\":2,\"startKey\":{\"label\":\"A\",\"property\":\"k\",\"value\":1},"
                                + "\"endKey\":{\"label\":\"A\",\"property\":\"k\",\"value\":2},\"props\":{}}",
                        "{\"id\":7,\"type\":\"T\",\"start\":1,\"end\":99,\"startKey\":{\"label\":\"A\",\"property\":\"k\",\"value\":1},"
                                + "\"endKey\":{\"label\":\"A\",\"property\":\"k\",\"value\":99},\"props\":{}}"),
                null);

        Cli.Result r = gv("restore", "--from", dir.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.out() + r.err()).contains("1 relationships could not be restored: an endpoint was not found")
                .contains("relationships/000001.jsonl line 2: relationship 7 :T from (:A {k: 1}) to (:A {k: 99})");
        assertThat(count("MATCH ()-[t:T]->() RETURN count(t)")).isEqualTo(1);
    }

    @Test
    void aManifestWhoseCountsDoNotAddUpToItsFilesFailsVerifyAndTheRestoreBeforeAnyWrite() throws IOException {
        Path dir = craft("miscounted", SCHEMA_WITH_KEY, List.of(node(1, "A", "{\"k\":1}"), node(2, "A", "{\"k\":2}")),
                List.of(), 5L);

        Cli.Result verify = gv("verify", "--from", dir.toString());
        Cli.Result restore = gv("restore", "--from", dir.toString());

        for (Cli.Result r : List.of(verify, restore)) {
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.err()).contains("miscounted/manifest.json does not add up: it counts 5 nodes")
                    .contains("its files hold 2 and 0 records");
        }
        assertThat(count("MATCH (n) RETURN count(n)")).isZero();
    }

    @Test
    void aRecordTheRestoreCannotReadStopsADryRunAndAClearFirstRestoreBeforeAnythingIsDeleted() throws IOException {
        Path dir = craft("undecodable", SCHEMA_WITH_KEY,
                List.of(node(1, "A", "{\"k\":1}"), node(2, "A", "{\"k\":2,\"price\":{\"$type\":\"decimal\",\"value\":\"1.5\"}}")),
                List.of(), null);
        try (Session s = TestServices.targetDriver().session()) {
            s.run("UNWIND range(1, 50) AS i CREATE (:Kept {i: i})").consume();
        }

        Cli.Result verify = gv("verify", "--from", dir.toString());
        Cli.Result dryRun = gv("restore", "--from", dir.toString(), "--dry-run");
        Cli.Result clearing = gv("restore", "--from", dir.toString(), "--clear-first", "--yes", "--no-safety-backup");

        for (Cli.Result r : List.of(verify, dryRun, clearing)) {
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.err()).contains("undecodable/nodes/000001.jsonl line 2: unknown value type \"decimal\"");
        }
        assertThat(count("MATCH (n:Kept) RETURN count(n)")).isEqualTo(50);
        assertThat(count("MATCH (n:A) RETURN count(n)")).isZero();
    }

    @Test
    void aFailedWriteIsReportedAsTheDatabaseSaidItNotPinnedOnTheLineBeingRead() throws IOException {
        // keyless nodes, one pair of them equal on a property the target holds unique: the second write fails,
        // long before the reader is through the 3,000 lines that follow
        List<String> nodes = new ArrayList<>(List.of(node(1, "Person", "{\"name\":\"same\"}"), node(2, "Person", "{\"name\":\"same\"}")));
        IntStream.rangeClosed(3, 3000).forEach(i -> nodes.add(node(i, "Filler", "{\"i\":" + i + "}")));
        Path dir = craft("clash", SCHEMA_WITHOUT_KEYS, nodes, List.of(), null);
        try (Session s = TestServices.targetDriver().session()) {
            s.run("CREATE CONSTRAINT person_name FOR (p:Person) REQUIRE p.name IS UNIQUE").consume();
        }

        Cli.Result r = gv("restore", "--from", dir.toString(), "--batch-size", "1");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("failed (it can be run again)").contains("ConstraintValidationFailed")
                .doesNotContain(" line ");
    }

    @Test
    void theRecordCheckOfVerifyPassesARealBackup() throws IOException {
        Path dir = craft("fine", SCHEMA_WITH_KEY, List.of(node(1, "A", "{\"k\":1,\"d\":{\"$type\":\"date\",\"value\":\"2024-02-29\"}}"),
                node(2, "A", "{\"k\":2,\"$$x\":[1.5,2.0]}")),
                List.of("{\"id\":1,\"type\":\"T\",\"start\":1,\"end\":2,\"startKey\":{\"label\":\"A\",\"property\":\"k\",\"value\":1},"
                        + "\"endKey\":{\"label\":\"A\",\"property\":\"k\",\"value\":2},\"props\":{\"w\":0.5}}"),
                null);

        Cli.Result verify = gv("verify", "--from", dir.toString());
        Cli.Result restore = gv("restore", "--from", dir.toString(), "--clear-first", "--yes", "--no-safety-backup");

        assertThat(verify.exitCode()).as(verify.toString()).isZero();
        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        try (Session s = TestServices.targetDriver().session()) {
            assertThat(s.run("MATCH (:A {k: 1})-[t:T]->(b:A {k: 2}) RETURN t.w AS w, b.`$x` AS x").single().asMap())
                    .isEqualTo(Map.of("w", 0.5, "x", List.of(1.5, 2.0)));
        }
    }
}
