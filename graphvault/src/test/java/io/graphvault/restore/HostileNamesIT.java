package io.graphvault.restore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.graphvault.compare.GraphSnapshot;
import io.graphvault.format.BackupJson;
import io.graphvault.internal.Sha256;
import io.graphvault.testing.AlsoOnNeo4j2026;
import io.graphvault.testing.Cli;
import io.graphvault.testing.GraphVaultTest;
import io.graphvault.testing.GraphVaultTest.Holds;
import io.graphvault.testing.TestServices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.neo4j.driver.Session;
import org.neo4j.driver.Values;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every position where a name from a backup reaches a query, with every name known to get out of a
 * quoted name: Neo4j replaces unicode escapes in the query text before it parses it. One source
 * graph holds each name in every position (node label, relationship type, node and relationship
 * property key, merge key, constraint name, index name); it is backed up and restored once into a
 * target that holds a canary, and each name is then checked on its own.
 */
@AlsoOnNeo4j2026
@GraphVaultTest(source = Holds.CLASS_DATA, target = Holds.CLASS_DATA)
class HostileNamesIT {

    private static final String BS = "\\";
    /** The hostile label: a backslash, then u0060, which the server reads as a backtick. */
    static final String INJECTION = "X" + BS + "u0060) WITH n MATCH (c:Canary) DETACH DELETE c //";
    /** The same payload written into backup files by hand: in a graph without schema, and in a schema. */
    static final String CRAFTED = "Y" + BS + "u0060) WITH n MATCH (c:Canary) DETACH DELETE c //";
    static final String CRAFTED_SCHEMA = "Z" + BS + "u0060) WITH n MATCH (c:Canary) DETACH DELETE c //";
    /** One JSON Lines record: the shared mapper indents. */
    private static final ObjectWriter LINE = BackupJson.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT);

    static Stream<Arguments> hostileNames() {
        return Stream.of(
                Arguments.of("a unicode-escaped backtick", INJECTION),
                Arguments.of("one in a relationship pattern", "T" + BS + "u0060]->() WITH 1 AS x MATCH (c:Canary) DETACH DELETE c //"),
                Arguments.of("one in a property map", "k" + BS + "u0060: 1}) WITH 1 AS x MATCH (c:Canary) DETACH DELETE c //"),
                Arguments.of("an escaped backslash before it", "a" + BS + BS + "u0060b"),
                Arguments.of("three backslashes before it", "X" + BS + BS + BS + "u0060) MATCH (c:Canary) DETACH DELETE c //"),
                Arguments.of("a unicode-escaped backslash", "X" + BS + "u005C" + BS + "u0060) MATCH (c:Canary) DETACH DELETE c //"),
                Arguments.of("an upper-case U", "X" + BS + "U0060) MATCH (c:Canary) DETACH DELETE c //"),
                Arguments.of("several u", "X" + BS + "uuuu0060) MATCH (c:Canary) DETACH DELETE c //"),
                Arguments.of("a short escape", "a" + BS + "u00"),
                Arguments.of("a plain backtick", "X`) WITH n MATCH (c:Canary) DETACH DELETE c //"),
                Arguments.of("backticks in pairs", "a``b```c"),
                Arguments.of("a lone backslash", BS),
                Arguments.of("a trailing backslash", "name" + BS),
                Arguments.of("a written-out newline", "a" + BS + "nb" + BS + "t" + BS + "`"),
                Arguments.of("a newline", "first\nsecond"),
                Arguments.of("a line comment", "a // b"),
                Arguments.of("a block comment", "a /* b"),
                Arguments.of("a unicode-escaped quote", "a" + BS + "u0027b"),
                Arguments.of("a unicode-escaped double quote", "a" + BS + "u0022b"),
                Arguments.of("a unicode-escaped colon", "a" + BS + "u003Ab"),
                Arguments.of("unicode-escaped brackets", "a" + BS + "u0028" + BS + "u0029" + BS + "u005B" + BS + "u005D"
                        + BS + "u007B" + BS + "u007D"),
                Arguments.of("unicode-escaped dollar, dot and pipe", "a" + BS + "u0024" + BS + "u002E" + BS + "u007Cb"),
                Arguments.of("a unicode-escaped newline", "a" + BS + "u000Ab"),
                Arguments.of("a unicode-escaped NUL", "a" + BS + "u0000b"),
                Arguments.of("half a surrogate pair, escaped", "a" + BS + "uD83Db"),
                Arguments.of("real unicode", "Ünïcødé 🚀"));
    }

    @TempDir
    static Path backups;

    private static Cli.Result backup;
    private static Cli.Result restore;
    private static long canariesAfterRestore;
    private static Cli.Result craftedRestore;
    private static long canariesAfterCrafted;
    private static Cli.Result craftedSchemaRestore;
    private static long canariesAfterCraftedSchema;
    private static GraphSnapshot source;
    private static GraphSnapshot restored;

    /**
     * The source graph, its backup and its restore, shared by every case; then the crafted backups,
     * restored into the same target (their names are their own).
     */
    @BeforeAll
    static void backUpAndRestoreEveryHostileName() throws IOException {
        try (Session s = TestServices.sourceDriver().session()) {
            names().forEach(name -> createInSource(s, name));
        }
        source = GraphSnapshot.take(TestServices.sourceDriver(), "neo4j");
        backup = Cli.run(TestServices.config(TestServices.source(), backups), "backup", "--name", "hostile-names");
        plantCanary();
        restore = Cli.run(TestServices.config(TestServices.target(), backups), "restore", "--from",
                backups.resolve("hostile-names").toString());
        canariesAfterRestore = canaries();
        restored = GraphSnapshot.take(TestServices.targetDriver(), "neo4j");
        plantCanary();
        craftedRestore = Cli.run(TestServices.config(TestServices.target(), backups), "restore", "--from",
                craft(backups.resolve("crafted"), CRAFTED, false).toString());
        canariesAfterCrafted = canaries();
        plantCanary();
        craftedSchemaRestore = Cli.run(TestServices.config(TestServices.target(), backups), "restore", "--from",
                craft(backups.resolve("crafted-schema"), CRAFTED_SCHEMA, true).toString());
        canariesAfterCraftedSchema = canaries();
    }

    private static Stream<String> names() {
        return hostileNames().map(a -> (String) a.get()[1]);
    }

    /**
     * The name as node label, merge key (with a uniqueness constraint of that name), relationship
     * type and key, a keyless node's key and (inside another label) label, and the name of an
     * index. Everything goes in as a parameter where 5.26 takes one; the schema statements need
     * the name in their text, written here with {@link #escapedHere}, not with the code under test.
     */
    private static void createInSource(Session s, String name) {
        s.run("CREATE CONSTRAINT " + escapedHere(name) + " FOR (n:" + escapedHere(name) + ") REQUIRE n."
                + escapedHere(name) + " IS UNIQUE").consume();
        s.run("CREATE INDEX " + escapedHere(indexName(name)) + " FOR ()-[r:" + escapedHere(name) + "]-() ON (r."
                + escapedHere(name) + ")").consume();
        s.run("CREATE (a:$($name)), (b:$($name)), (c:Loose:$($loose)) SET a += $ka, b += $kb, c += $kc "
                        + "CREATE (a)-[r:$($name)]->(b), (c)-[l:$($name)]->(c) SET r += $ka, l += $kc",
                Values.parameters("name", name, "loose", looseLabel(name), "ka", Map.of(name, 1), "kb", Map.of(name, 2),
                        "kc", Map.of(name, "keyless"))).consume();
        // the fixture itself is checked: the source holds exactly these names
        assertThat(s.run("SHOW CONSTRAINTS YIELD name, labelsOrTypes, properties WHERE name = $n RETURN labelsOrTypes + properties",
                Values.parameters("n", name)).single().get(0).asList()).containsExactly(name, name);
        assertThat(s.run("MATCH (n:$($n)) RETURN count(n)", Values.parameters("n", name)).single().get(0).asLong()).isEqualTo(2);
    }

    private static String indexName(String name) {
        return "index " + name;
    }

    private static String looseLabel(String name) {
        return "loose " + name;
    }

    /**
     * A quoted name for the fixture's schema statements, independent of CypherNames: every
     * character as a unicode escape, except a backtick, which is doubled (an escaped backtick is a
     * backtick to the parser).
     */
    private static String escapedHere(String name) {
        StringBuilder b = new StringBuilder("`");
        for (char c : name.toCharArray()) {
            b.append(c == '`' ? "``" : String.format("\\u%04X", (int) c));
        }
        return b.append('`').toString();
    }

    /** A canary in the target, unless one lives there already (a case judged on its own, whatever ran before). */
    private static void plantCanary() {
        try (Session s = TestServices.targetDriver().session()) {
            s.run("MERGE (:Canary {alive: true})").consume();
        }
    }

    private static long canaries() {
        try (Session s = TestServices.targetDriver().session()) {
            return s.run("MATCH (c:Canary) RETURN count(c)").single().get(0).asLong();
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("hostileNames")
    void aNameComesBackExactlyInEveryPositionAndTheCanaryLives(String kind, String name) {
        assertThat(backup.exitCode()).as(backup.toString()).isZero();
        assertThat(canariesAfterRestore).as(restore.toString()).isEqualTo(1);
        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        try (Session s = TestServices.targetDriver().session()) {
            Map<String, Object> p = Map.of("n", name, "ix", indexName(name), "loose", looseLabel(name));
            assertThat(s.run("SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties WHERE name = $n "
                    // Cypher 25 (the 2026 run's default) names the type NODE_PROPERTY_UNIQUENESS
                    + "RETURN [CASE type WHEN 'NODE_PROPERTY_UNIQUENESS' THEN 'UNIQUENESS' ELSE type END]"
                    + " + labelsOrTypes + properties", p).single().get(0).asList())
                    .as("constraint name, label and merge key").containsExactly("UNIQUENESS", name, name);
            assertThat(s.run("SHOW INDEXES YIELD name, entityType, labelsOrTypes, properties WHERE name = $ix "
                    + "RETURN [entityType] + labelsOrTypes + properties", p).single().get(0).asList())
                    .as("index name, relationship type and key").containsExactly("RELATIONSHIP", name, name);
            assertThat(s.run("MATCH (a:$($n))-[r:$($n)]->(b:$($n)) RETURN a[$n] + r[$n] + b[$n]", p).single().get(0).asLong())
                    .as("keyed nodes and their relationship, by label, type and key").isEqualTo(1 + 1 + 2);
            assertThat(s.run("MATCH (c:Loose:$($loose))-[l:$($n)]->(c) RETURN c[$n] + l[$n]", p).single().get(0).asString())
                    .as("the keyless node and its loop").isEqualTo("keylesskeyless");
        }
    }

    @Test
    void theRestoredGraphIsTheSourceGraphAndStatusCountsItsHostileNames() throws IOException {
        assertThat(backup.exitCode()).as(backup.toString()).isZero();
        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        assertThat(restored.nodes().remove("[Canary]{\"alive\":true}")).isEqualTo(1);
        assertThat(restored.differences(source, 10)).isEmpty();

        Cli.Result status = Cli.run(TestServices.config(TestServices.target(), backups), "status", "--json");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        JsonNode counts = BackupJson.MAPPER.readTree(status.out());
        names().forEach(name -> {
            assertThat(counts.path("labels").path(name).asLong()).as("status: label %s", name).isEqualTo(2);
            assertThat(counts.path("types").path(name).asLong()).as("status: type %s", name).isEqualTo(2);
        });
    }

    /**
     * That backup, written straight into the files as an attacker would (no source
     * database could be asked to refuse it), with checksums and counts that verify: keyless nodes
     * whose label and key are the payload, joined by a relationship whose type and key are too.
     */
    @Test
    void theCraftedBackupOfIssue14RestoresItsNamesAndTheCanaryLives() {
        assertThat(canariesAfterCrafted).as(craftedRestore.toString()).isEqualTo(1);
        assertThat(craftedRestore.exitCode()).as(craftedRestore.toString()).isZero();
        try (Session s = TestServices.targetDriver().session()) {
            assertThat(s.run("MATCH (a:$($n))-[r:$($n)]->(b:$($n)) RETURN a[$n] + r[$n] + b[$n]", Map.of("n", CRAFTED))
                    .single().get(0).asLong()).isEqualTo(1 + 1 + 2);
        }
    }

    /** The same, with the payload as the name, label and key of a constraint and the name, type and key of an index. */
    @Test
    void aBackupCraftedWithTheInjectionInItsSchemaRestoresItAsNamesAndTheCanaryLives() {
        assertThat(canariesAfterCraftedSchema).as(craftedSchemaRestore.toString()).isEqualTo(1);
        assertThat(craftedSchemaRestore.exitCode()).as(craftedSchemaRestore.toString()).isZero();
        try (Session s = TestServices.targetDriver().session()) {
            Map<String, Object> p = Map.of("n", CRAFTED_SCHEMA, "ix", indexName(CRAFTED_SCHEMA));
            assertThat(s.run("MATCH (a:$($n))-[r:$($n)]->(b:$($n)) RETURN a[$n] + r[$n] + b[$n]", p).single().get(0).asLong())
                    .isEqualTo(1 + 1 + 2);
            assertThat(s.run("SHOW CONSTRAINTS YIELD name, labelsOrTypes, properties WHERE name = $n "
                    + "RETURN labelsOrTypes + properties", p).single().get(0).asList())
                    .containsExactly(CRAFTED_SCHEMA, CRAFTED_SCHEMA);
            assertThat(s.run("SHOW INDEXES YIELD name, labelsOrTypes, properties WHERE name = $ix "
                    + "RETURN labelsOrTypes + properties", p).single().get(0).asList())
                    .containsExactly(CRAFTED_SCHEMA, CRAFTED_SCHEMA);
        }
    }

    /**
     * A graphvault/1 folder of uncompressed files: two nodes with label and key {@code name} and a
     * relationship of that type and key between them; with {@code schema}, the nodes are keyed by a
     * uniqueness constraint named {@code name} and the relationship key has an index.
     */
    private static Path craft(Path dir, String name, boolean schema) throws IOException {
        Files.createDirectories(dir.resolve("nodes"));
        Files.createDirectories(dir.resolve("relationships"));
        ObjectNode schemaJson = BackupJson.MAPPER.createObjectNode();
        ArrayNode constraints = schemaJson.putArray("constraints");
        ArrayNode indexes = schemaJson.putArray("indexes");
        ArrayNode keys = schemaJson.putArray("keys");
        if (schema) {
            constraints.addObject().put("name", name).put("type", "UNIQUENESS").put("entityType", "NODE")
                    .<ObjectNode>set("labelsOrTypes", strings(name)).set("properties", strings(name));
            indexes.addObject().put("name", indexName(name)).put("type", "RANGE").put("entityType", "RELATIONSHIP")
                    .<ObjectNode>set("labelsOrTypes", strings(name)).set("properties", strings(name));
            keys.addObject().put("label", name).put("property", name);
        }
        Files.write(dir.resolve("schema.json"), BackupJson.MAPPER.writeValueAsBytes(schemaJson));

        StringBuilder nodes = new StringBuilder();
        for (int id = 1; id <= 2; id++) {
            ObjectNode n = BackupJson.MAPPER.createObjectNode().put("id", id);
            n.set("labels", strings(name));
            n.putObject("props").put(name, id);
            nodes.append(LINE.writeValueAsString(n)).append('\n');
        }
        Files.writeString(dir.resolve("nodes/000001.jsonl"), nodes);
        ObjectNode rel = BackupJson.MAPPER.createObjectNode().put("id", 1).put("type", name).put("start", 1).put("end", 2);
        if (schema) {
            rel.putObject("startKey").put("label", name).put("property", name).put("value", 1);
            rel.putObject("endKey").put("label", name).put("property", name).put("value", 2);
        }
        rel.putObject("props").put(name, 1);
        Files.writeString(dir.resolve("relationships/000001.jsonl"), LINE.writeValueAsString(rel) + "\n");

        ObjectNode m = BackupJson.MAPPER.createObjectNode();
        m.put("format", "graphvault/1").put("id", dir.getFileName().toString());
        ObjectNode counts = m.putObject("counts").put("nodes", 2).put("relationships", 1);
        counts.putObject("labels").put(name, 2);
        counts.putObject("types").put(name, 1);
        ArrayNode files = m.putArray("files");
        for (Map.Entry<String, Integer> f : List.of(Map.entry("schema.json", 0), Map.entry("nodes/000001.jsonl", 2),
                Map.entry("relationships/000001.jsonl", 1))) {
            byte[] bytes = Files.readAllBytes(dir.resolve(f.getKey()));
            files.addObject().put("path", f.getKey()).put("records", f.getValue()).put("bytes", bytes.length)
                    .put("sha256", Sha256.hex(bytes));
        }
        BackupJson.MAPPER.writeValue(dir.resolve("manifest.json").toFile(), m);
        return dir;
    }

    private static ArrayNode strings(String... values) {
        ArrayNode a = BackupJson.MAPPER.createArrayNode();
        for (String v : values) {
            a.add(v);
        }
        return a;
    }
}
