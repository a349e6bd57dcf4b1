package io.graphvault.restore;

import io.graphvault.testing.Cli;
import io.graphvault.testing.CraftedBackup;
import io.graphvault.testing.GraphVaultTest;
import io.graphvault.testing.TestServices;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Session;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schema step on Neo4j 5.26: schema.json written by a 2026 server (Cypher 25 names, 2026
 * vector settings), and constraints or indexes the target cannot create.
 */
@GraphVaultTest
class SchemaRestoreIT {

    @TempDir
    Path backups;

    private static final List<String> NODES = List.of(
            "{\"id\":1,\"labels\":[\"A\"],\"props\":{\"k\":1,\"name\":\"one\",\"text\":\"hello\",\"emb\":[0.5,0.25]}}",
            "{\"id\":2,\"labels\":[\"A\"],\"props\":{\"k\":2,\"name\":\"two\"}}");
    private static final List<String> RELATIONSHIPS = List.of("{\"id\":1,\"type\":\"T\",\"start\":1,\"end\":2,"
            + "\"startKey\":{\"label\":\"A\",\"property\":\"k\",\"value\":1},\"endKey\":{\"label\":\"A\",\"property\":\"k\",\"value\":2},"
            + "\"props\":{\"w\":0.5}}");

    private static String entry(String name, String type, String entityType, String labelOrType, String properties, String config) {
        return "{\"name\":\"" + name + "\",\"type\":\"" + type + "\",\"entityType\":\"" + entityType + "\",\"labelsOrTypes\":[\""
                + labelOrType + "\"],\"properties\":" + properties + ",\"options\":{\"indexConfig\":" + config + "},"
                + "\"createStatement\":\"(for people)\"}";
    }

    @Test
    void aSchemaFromA2026ServerRestoresExactlyInto526WithTheVectorSettingsItDoesNotKnowDroppedAndNamed() throws IOException {
        // as a 2026 server with Cypher 25 as its default wrote it before GraphVault knew the Cypher 25 names: no keys
        String schema = "{\"constraints\":[" + entry("a_k", "NODE_PROPERTY_UNIQUENESS", "NODE", "A", "[\"k\"]", "{}") + ","
                + entry("t_w", "RELATIONSHIP_PROPERTY_UNIQUENESS", "RELATIONSHIP", "T", "[\"w\"]", "{}") + "],\"indexes\":["
                + entry("a_emb", "VECTOR", "NODE", "A", "[\"emb\"]", "{\"vector.default_search_expansion_factor\":3.0,"
                        + "\"vector.dimensions\":2,\"vector.hnsw.ef_construction\":100,\"vector.hnsw.m\":16,"
                        + "\"vector.quantization.type\":\"BINARY\",\"vector.similarity_function\":\"COSINE\"}") + ","
                + entry("a_name", "RANGE", "NODE", "A", "[\"name\"]", "{}") + ","
                + entry("a_text", "FULLTEXT", "NODE", "A", "[\"text\"]", "{\"fulltext.analyzer\":\"standard-no-stop-words\","
                        + "\"fulltext.eventually_consistent\":false}") + "],\"keys\":[]}";
        Path dir = CraftedBackup.write(backups.resolve("from2026"), schema, NODES, RELATIONSHIPS);

        Cli.Result r = gv("restore", "--from", dir.toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(constraints()).isEqualTo(Map.of("a_k", "UNIQUENESS A [k]", "t_w", "RELATIONSHIP_UNIQUENESS T [w]"));
        assertThat(indexes()).containsEntry("a_name", "RANGE A [name] {} ONLINE")
                .containsEntry("a_text", "FULLTEXT A [text] {fulltext.analyzer=standard-no-stop-words,"
                        + " fulltext.eventually_consistent=false} ONLINE")
                .containsEntry("a_emb", "VECTOR A [emb] {vector.dimensions=2, vector.hnsw.ef_construction=100, vector.hnsw.m=16,"
                        + " vector.quantization.enabled=true, vector.similarity_function=COSINE} ONLINE");
        assertThat(r.out()).contains("index 'a_emb': Neo4j 5.26.30 does not know vector.default_search_expansion_factor:"
                        + " dropped (it was 3.0)")
                .contains("index 'a_emb': Neo4j 5.26.30 does not know vector.quantization.type: BINARY became"
                        + " vector.quantization.enabled true");
        assertThat(count("MATCH (a:A {k: 1})-[t:T {w: 0.5}]->(b:A {k: 2}) RETURN count(t)")).isEqualTo(1);
    }

    @Test
    void aConstraintOrIndexThatCannotBeCreatedFailsTheRestoreNamingItAfterEveryOtherWasAttempted() throws IOException {
        // names sort the failing ones first: the schema step runs in this order
        String schema = "{\"constraints\":[" + entry("a_label_rule", "NODE_LABEL_EXISTENCE", "NODE", "A", "[]", "{}") + ","
                + entry("b_k", "UNIQUENESS", "NODE", "A", "[\"k\"]", "{}") + "],\"indexes\":["
                + entry("a_text", "FULLTEXT", "NODE", "A", "[\"text\"]", "{\"fulltext.analyzer\":\"no-such-analyzer\"}") + ","
                // a 2026 vector index on two labels
                + entry("a_vectors", "VECTOR", "NODE", "A\",\"B", "[\"emb\"]", "{\"vector.quantization.type\":\"BINARY\"}") + ","
                + entry("b_name", "RANGE", "NODE", "A", "[\"name\"]", "{}") + "],\"keys\":[{\"label\":\"A\",\"property\":\"k\"}]}";
        Path dir = CraftedBackup.write(backups.resolve("refused"), schema, NODES, RELATIONSHIPS);

        for (int run = 1; run <= 2; run++) {
            Cli.Result r = gv("restore", "--from", dir.toString());

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.err()).as("run " + run)
                    .contains("constraint 'a_label_rule' (NODE_LABEL_EXISTENCE on A []) was not created: this version of"
                            + " GraphVault cannot write a NODE_LABEL_EXISTENCE")
                    .contains("index 'a_text' (FULLTEXT on A [text]) was not created: Neo4j said")
                    .contains("no-such-analyzer")
                    .contains("index 'a_vectors' (VECTOR on A|B [emb]) was not created: Neo4j 5.26.30 has no vector index on"
                            + " more than one label (2026 has); restore into Neo4j 2026, or create a vector index per label after the restore");
            assertThat(constraints()).as("run " + run).isEqualTo(Map.of("b_k", "UNIQUENESS A [k]"));
            assertThat(indexes()).as("run " + run).containsEntry("b_name", "RANGE A [name] {} ONLINE").doesNotContainKeys("a_text", "a_vectors");
            assertThat(count("MATCH (a:A) RETURN count(a)")).as("run " + run).isEqualTo(2);
            assertThat(count("MATCH (:A {k: 1})-[t:T]->(:A {k: 2}) RETURN count(t)")).as("run " + run).isEqualTo(1);
        }
    }

    private Cli.Result gv(String... args) {
        return Cli.run(TestServices.config(TestServices.target(), backups), args);
    }

    private static long count(String cypher) {
        try (Session s = TestServices.targetDriver().session()) {
            return s.run(cypher).single().get(0).asLong();
        }
    }

    private static Map<String, String> constraints() {
        try (Session s = TestServices.targetDriver().session()) {
            Map<String, String> out = new TreeMap<>();
            s.run("SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties").forEachRemaining(r -> out.put(
                    r.get("name").asString(), r.get("type").asString() + " " + String.join("|", r.get("labelsOrTypes")
                            .asList(v -> v.asString())) + " " + r.get("properties").asList(v -> v.asString())));
            return out;
        }
    }

    private static Map<String, String> indexes() {
        try (Session s = TestServices.targetDriver().session()) {
            s.run("CALL db.awaitIndexes(60)").consume();
            Map<String, String> out = new TreeMap<>();
            s.run("SHOW INDEXES YIELD name, type, labelsOrTypes, properties, options, state, owningConstraint"
                    + " WHERE type <> 'LOOKUP' AND owningConstraint IS NULL").forEachRemaining(r -> out.put(
                    r.get("name").asString(), r.get("type").asString() + " " + String.join("|", r.get("labelsOrTypes")
                            .asList(v -> v.asString())) + " " + r.get("properties").asList(v -> v.asString()) + " "
                            + new TreeMap<>(r.get("options").get("indexConfig").asMap()) + " " + r.get("state").asString()));
            return out;
        }
    }
}
