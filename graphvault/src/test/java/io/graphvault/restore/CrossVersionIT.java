package io.graphvault.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.graphvault.compare.GraphSnapshot;
import io.graphvault.testing.Cli;
import io.graphvault.testing.ClinicalGuidelineGraph;
import io.graphvault.testing.GraphVaultTest;
import io.graphvault.testing.OnlyOnNeo4j2026;
import io.graphvault.testing.SampleGraph;
import io.graphvault.testing.TestNeo4j;
import io.graphvault.testing.TestServices;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;
import org.neo4j.driver.Value;

/**
 * Backups move between Neo4j 5.26 and 2026 (Cypher 25 default), schema included: in the default run
 * the source is 5.26 and {@link TestServices#other()} is 2026, in the 2026 run the other way round,
 * so both runs restore a 5.26 backup into 2026 and a 2026 backup into 5.26.
 */
@OnlyOnNeo4j2026
@GraphVaultTest
class CrossVersionIT {

    /** Beyond the clinical sample graph: a relationship key, keyless twins with parallel relationships, odd types. */
    private static final List<String> EXTRA = List.of(
            "CREATE CONSTRAINT cites_id FOR ()-[r:CITES]-() REQUIRE r.cites_id IS UNIQUE",
            "CREATE TEXT INDEX note_text FOR (n:Note) ON (n.text)",
            "CREATE POINT INDEX note_at FOR (n:Note) ON (n.at)",
            "MATCH (s:Study {study_id: 'S-1'}), (t:Study {study_id: 'S-2'}) CREATE (s)-[:CITES {cites_id: 1}]->(t)",
            "CREATE (a:Note {text: 'twin'}), (b:Note {text: 'twin'}), (c:Note {text: 'other', at: point({x: 1.5, y: 2.0}),"
                    + " took: duration('P1DT2H'), seen: datetime('2024-03-31T02:30:00[Europe/Berlin]'), n: [1, 2]})"
                    + " CREATE (a)-[:SEE {w: 1}]->(c), (a)-[:SEE {w: 1}]->(c), (b)-[:SEE {w: 2}]->(c)");

    @TempDir
    Path backups;

    @BeforeEach
    @AfterEach
    void wipeTheServerOfTheOtherVersion() {
        TestServices.wipe(TestServices.otherDriver());
    }

    @Test
    void aBackupOfThisRunsVersionRestoresExactlyIntoTheOtherSchemaIncluded() {
        crossOver(TestServices.source(), TestServices.sourceDriver(), TestServices.other(), TestServices.otherDriver());
    }

    @Test
    void aBackupOfTheOtherVersionRestoresExactlyIntoThisRunsSchemaIncluded() {
        crossOver(TestServices.other(), TestServices.otherDriver(), TestServices.target(), TestServices.targetDriver());
    }

    private void crossOver(TestNeo4j from, Driver fromDriver, TestNeo4j to, Driver toDriver) {
        SampleGraph.load(fromDriver, "neo4j");
        try (Session s = fromDriver.session()) {
            EXTRA.forEach(q -> s.run(q).consume());
            s.run("CALL db.awaitIndexes(300)").consume();
        }
        String name = "from-" + from.version();
        Cli.Result backup = Cli.run(TestServices.config(from, backups), "backup", "--name", name);
        assertThat(backup.exitCode()).as(backup.toString()).isZero();

        Cli.Result restore = Cli.run(TestServices.config(to, backups), "restore", "--from", backups.resolve(name).toString());

        assertThat(restore.exitCode()).as(from.version() + " -> " + to.version() + "\n" + restore).isZero();
        assertThat(GraphSnapshot.take(toDriver, "neo4j").differences(GraphSnapshot.take(fromDriver, "neo4j"), 10)).isEmpty();
        assertThat(constraints(toDriver)).isEqualTo(constraints(fromDriver)).hasSize(7);
        Map<String, Map<String, Object>> sourceIndexes = indexes(fromDriver);
        Map<String, Map<String, Object>> targetIndexes = indexes(toDriver);
        assertThat(targetIndexes.keySet()).containsExactlyElementsOf(sourceIndexes.keySet())
                .containsExactly("guideline_text", "note_at", "note_text", "recommendation_embedding", "study_year");
        sourceIndexes.forEach((index, description) -> {
            if (!index.equals("recommendation_embedding")) {
                assertThat(targetIndexes.get(index)).as(index).isEqualTo(description);
            }
        });
        Map<String, Object> vector = targetIndexes.get("recommendation_embedding");
        assertThat(vector).containsEntry("vector.dimensions", 1536L).containsEntry("vector.similarity_function", "COSINE")
                .containsEntry("vector.hnsw.m", 16L).containsEntry("vector.hnsw.ef_construction", 100L)
                .containsEntry("state", "ONLINE");
        if (to.version().startsWith("5.")) {
            // the 2026 settings 5.26 does not know: translated or dropped, and said so
            assertThat(vector).containsEntry("vector.quantization.enabled", true);
            assertThat(restore.out())
                    .contains("index 'recommendation_embedding': Neo4j " + to.version() + " does not know"
                            + " vector.quantization.type: BINARY became vector.quantization.enabled true")
                    .contains("index 'recommendation_embedding': Neo4j " + to.version() + " does not know"
                            + " vector.default_search_expansion_factor: dropped (it was 3.0)");
        } else {
            // 2026 reads 5.26's quantization.enabled true as BINARY and adds its own default expansion factor
            assertThat(vector).containsEntry("vector.quantization.type", "BINARY")
                    .containsEntry("vector.default_search_expansion_factor", 3.0);
            assertThat(restore.out()).doesNotContain("does not know");
        }
    }

    /**
     * The clinical graph's schema as a 2026 user writes it in Cypher 25: every kind of constraint and index the
     * community edition has, without options, so the server fills in its own defaults. Two vector indexes
     * carry the options a user of each version would give: 5.26's ({@code quantization.enabled false}, which
     * 2026 keeps as {@code quantization.type NONE} with a search expansion factor of its own) and 2026's only
     * ({@code quantization.type SCALAR}); one has properties to filter on, which only 2026 has.
     */
    private static final List<String> SCHEMA_WITHOUT_OPTIONS = List.of(
            "CREATE CONSTRAINT guideline_id FOR (n:Guideline) REQUIRE n.guideline_id IS UNIQUE",
            "CREATE CONSTRAINT rec_id FOR (n:Recommendation) REQUIRE n.rec_id IS UNIQUE",
            "CREATE CONSTRAINT study_id FOR (n:Study) REQUIRE n.study_id IS UNIQUE",
            "CREATE CONSTRAINT module_position FOR ()-[r:HAS_MODULE]-() REQUIRE r.position IS UNIQUE",
            "CREATE INDEX module_year FOR (n:ClinicalModule) ON (n.year)",
            "CREATE INDEX based_on_since FOR ()-[r:BASED_ON]-() ON (r.since)",
            "CREATE TEXT INDEX recommendation_text FOR (n:Recommendation) ON (n.text)",
            "CREATE TEXT INDEX cites_context FOR ()-[r:CITES]-() ON (r.context)",
            "CREATE POINT INDEX study_location FOR (n:Study) ON (n.location)",
            "CREATE POINT INDEX enrols_site FOR ()-[r:ENROLS]-() ON (r.site)",
            "CREATE FULLTEXT INDEX evidence_text FOR (n:KeyQuestion|EvidenceBlock) ON EACH [n.question, n.summary]",
            "CREATE FULLTEXT INDEX cites_text FOR ()-[r:CITES]-() ON EACH [r.context]",
            "CREATE VECTOR INDEX recommendation_embedding FOR (n:Recommendation) ON (n.embedding)",
            "CREATE VECTOR INDEX measures_embedding FOR ()-[r:MEASURES]-() ON (r.embedding)",
            "CREATE VECTOR INDEX question_embedding FOR (n:KeyQuestion) ON (n.embedding) WITH [n.year, n.code]",
            "CREATE VECTOR INDEX outcome_embedding FOR (n:Outcome) ON (n.embedding) OPTIONS {indexConfig:"
                    + " {`vector.dimensions`: 3, `vector.similarity_function`: 'euclidean', `vector.quantization.enabled`: false}}",
            "CREATE VECTOR INDEX population_embedding FOR (n:Population) ON (n.embedding) OPTIONS {indexConfig:"
                    + " {`vector.quantization.type`: 'SCALAR'}}");

    @Test
    void a2026SchemaWithTheServersOwnDefaultsRestoresInto526EveryOptionItLacksTranslatedOrNamed() {
        boolean runs2026 = TestServices.source().version().startsWith("2026");
        TestNeo4j from = runs2026 ? TestServices.source() : TestServices.other();
        Driver fromDriver = runs2026 ? TestServices.sourceDriver() : TestServices.otherDriver();
        TestNeo4j to = runs2026 ? TestServices.other() : TestServices.target();
        Driver toDriver = runs2026 ? TestServices.otherDriver() : TestServices.targetDriver();
        ClinicalGuidelineGraph.create(fromDriver);
        try (Session s = fromDriver.session()) {
            SCHEMA_WITHOUT_OPTIONS.forEach(q -> s.run(q).consume());
        }
        // what the 2026 server made of the vector indexes: the settings 5.26 does not have
        Map<String, Map<String, Object>> sourceIndexes = indexes(fromDriver);
        assertThat(sourceIndexes.get("recommendation_embedding")).containsEntry("vector.quantization.type", "BINARY")
                .containsEntry("vector.default_search_expansion_factor", 3.0).doesNotContainKey("vector.dimensions");
        assertThat(sourceIndexes.get("outcome_embedding")).containsEntry("vector.quantization.type", "NONE")
                .containsEntry("vector.default_search_expansion_factor", 1.0);
        assertThat(sourceIndexes.get("population_embedding")).containsEntry("vector.quantization.type", "SCALAR")
                .containsEntry("vector.default_search_expansion_factor", 1.5);
        Cli.Result backup = Cli.run(TestServices.config(from, backups), "backup", "--name", "defaults");
        assertThat(backup.exitCode()).as(backup.toString()).isZero();

        Cli.Result restore = Cli.run(TestServices.config(to, backups), "restore", "--from", backups.resolve("defaults").toString());

        assertThat(restore.exitCode()).as(from.version() + " -> " + to.version() + "\n" + restore).isZero();
        assertThat(GraphSnapshot.take(toDriver, "neo4j").differences(GraphSnapshot.take(fromDriver, "neo4j"), 10)).isEmpty();
        try (Session s = toDriver.session()) {
            assertThat(s.run("MATCH (n) RETURN count(n)").single().get(0).asInt()).isEqualTo(ClinicalGuidelineGraph.NODES);
            assertThat(s.run("MATCH ()-[r]->() RETURN count(r)").single().get(0).asInt()).isEqualTo(ClinicalGuidelineGraph.RELATIONSHIPS);
        }
        assertThat(constraints(toDriver)).isEqualTo(constraints(fromDriver)).hasSize(4);
        Map<String, Map<String, Object>> targetIndexes = indexes(toDriver);
        assertThat(targetIndexes.keySet()).containsExactlyElementsOf(sourceIndexes.keySet()).hasSize(13);
        targetIndexes.forEach((index, description) -> assertThat(description).as(index).containsEntry("state", "ONLINE"));
        sourceIndexes.forEach((index, description) -> {
            if (!description.get("type").equals("VECTOR")) {
                assertThat(targetIndexes.get(index)).as(index).isEqualTo(description);
            }
        });
        assertThat(targetIndexes.get("recommendation_embedding")).containsEntry("vector.quantization.enabled", true)
                .containsEntry("vector.similarity_function", "COSINE").doesNotContainKey("vector.dimensions");
        assertThat(targetIndexes.get("measures_embedding")).containsEntry("vector.quantization.enabled", true);
        assertThat(targetIndexes.get("outcome_embedding")).containsEntry("vector.quantization.enabled", false)
                .containsEntry("vector.dimensions", 3L).containsEntry("vector.similarity_function", "EUCLIDEAN");
        assertThat(targetIndexes.get("population_embedding")).containsEntry("vector.quantization.enabled", true);
        assertThat(targetIndexes.get("question_embedding")).containsEntry("properties", List.of("embedding"));
        String lacks = "Neo4j " + to.version() + " does not know ";
        assertThat(restore.out())
                .contains("index 'recommendation_embedding': " + lacks + "vector.quantization.type: BINARY became vector.quantization.enabled true")
                .contains("index 'recommendation_embedding': " + lacks + "vector.default_search_expansion_factor: dropped (it was 3.0)")
                .contains("index 'measures_embedding': " + lacks + "vector.default_search_expansion_factor: dropped (it was 3.0)")
                .contains("index 'outcome_embedding': " + lacks + "vector.quantization.type: NONE became vector.quantization.enabled false")
                .contains("index 'outcome_embedding': " + lacks + "vector.default_search_expansion_factor: dropped (it was 1.0)")
                .contains("index 'population_embedding': " + lacks + "vector.quantization.type: SCALAR became vector.quantization.enabled true")
                .contains("index 'population_embedding': " + lacks + "vector.default_search_expansion_factor: dropped (it was 1.5)")
                .contains("index 'question_embedding': " + lacks + "vector index filter properties: year, code dropped"
                        + " (the index holds embedding alone)");

        // the same backup back into 2026: every index as it was, the filter properties included
        Map<String, String> sourceConstraints = constraints(fromDriver);
        GraphSnapshot sourceGraph = GraphSnapshot.take(fromDriver, "neo4j");
        TestServices.wipe(fromDriver);
        Cli.Result back = Cli.run(TestServices.config(from, backups), "restore", "--from", backups.resolve("defaults").toString());
        assertThat(back.exitCode()).as(back.toString()).isZero();
        assertThat(back.out()).doesNotContain("does not know");
        assertThat(GraphSnapshot.take(fromDriver, "neo4j").differences(sourceGraph, 10)).isEmpty();
        assertThat(constraints(fromDriver)).isEqualTo(sourceConstraints);
        assertThat(indexes(fromDriver)).isEqualTo(sourceIndexes);
    }

    /** The constraint types Cypher 25 names otherwise, written out here rather than taken from the code under test. */
    private static final Map<String, String> CYPHER_5_NAMES = Map.of("NODE_PROPERTY_UNIQUENESS", "UNIQUENESS",
            "RELATIONSHIP_PROPERTY_UNIQUENESS", "RELATIONSHIP_UNIQUENESS");

    /** Name to type (in Cypher 5 names, whatever the server's language), labels or types, and properties. */
    private static Map<String, String> constraints(Driver driver) {
        try (Session s = driver.session()) {
            Map<String, String> out = new TreeMap<>();
            s.run("SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties").forEachRemaining(r -> out.put(r.get("name").asString(),
                    CYPHER_5_NAMES.getOrDefault(r.get("type").asString(), r.get("type").asString()) + " " + r.get("labelsOrTypes").asList(Value::asString)
                            + " " + r.get("properties").asList(Value::asString)));
            return out;
        }
    }

    /** Name to type, labels, properties, state and every setting. */
    private static Map<String, Map<String, Object>> indexes(Driver driver) {
        try (Session s = driver.session()) {
            s.run("CALL db.awaitIndexes(300)").consume();
            Map<String, Map<String, Object>> out = new TreeMap<>();
            s.run("SHOW INDEXES YIELD name, type, labelsOrTypes, properties, options, state, owningConstraint"
                    + " WHERE type <> 'LOOKUP' AND owningConstraint IS NULL").forEachRemaining(r -> {
                        Map<String, Object> d = new TreeMap<>(r.get("options").get("indexConfig").asMap());
                        d.put("type", r.get("type").asString());
                        d.put("labelsOrTypes", r.get("labelsOrTypes").asList(Value::asString));
                        d.put("properties", r.get("properties").asList(Value::asString));
                        d.put("state", r.get("state").asString());
                        out.put(r.get("name").asString(), d);
                    });
            return out;
        }
    }
}
