package io.graphvault.testing;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.Values;

/**
 * A graph shaped like our first user's clinical-guideline graph (the HiGraph-CPG schema): 214 nodes
 * in 6 labels, 221 relationships in 6 types, a 1536-float {@code embedding} on 190 nodes,
 * a uniqueness constraint per key, a fulltext and a vector index. Deterministic: the same seed
 * always gives the same graph. Used by the tests and by the demo (demo/, through the test-jar).
 */
public final class SampleGraph {

    public static final int NODES = 214;
    public static final int RELATIONSHIPS = 221;
    public static final int EMBEDDINGS = 190;
    public static final int DIMENSIONS = 1536;
    public static final Map<String, Integer> LABELS = Map.of("Guideline", 1, "ClinicalModule", 9,
            "Recommendation", 26, "KeyQuestion", 12, "EvidenceBody", 12, "Study", 154);
    public static final Map<String, Integer> TYPES = Map.of("BELONGS_TO", 9, "PART_OF", 26, "RELEVANT_TO", 12,
            "BASED_ON", 26, "ANSWERS", 12, "INCLUDES", 136);

    private static final List<String> SCHEMA = List.of(
            "CREATE CONSTRAINT guideline_id IF NOT EXISTS FOR (n:Guideline) REQUIRE n.guideline_id IS UNIQUE",
            "CREATE CONSTRAINT module_id IF NOT EXISTS FOR (n:ClinicalModule) REQUIRE n.module_id IS UNIQUE",
            "CREATE CONSTRAINT rec_id IF NOT EXISTS FOR (n:Recommendation) REQUIRE n.rec_id IS UNIQUE",
            "CREATE CONSTRAINT kq_id IF NOT EXISTS FOR (n:KeyQuestion) REQUIRE n.kq_id IS UNIQUE",
            "CREATE CONSTRAINT eb_id IF NOT EXISTS FOR (n:EvidenceBody) REQUIRE n.eb_id IS UNIQUE",
            "CREATE CONSTRAINT study_id IF NOT EXISTS FOR (n:Study) REQUIRE n.study_id IS UNIQUE",
            "CREATE FULLTEXT INDEX guideline_text IF NOT EXISTS FOR (n:Recommendation|Study) ON EACH [n.text, n.title]",
            "CREATE VECTOR INDEX recommendation_embedding IF NOT EXISTS FOR (n:Recommendation) ON (n.embedding) "
                    + "OPTIONS {indexConfig: {`vector.dimensions`: 1536, `vector.similarity_function`: 'cosine'}}",
            "CREATE INDEX study_year IF NOT EXISTS FOR (n:Study) ON (n.year)");

    private SampleGraph() {
    }

    /** Creates the sample graph in {@code database}, which should be empty; waits for its indexes. */
    public static void load(Driver driver, String database) {
        Random random = new Random(20261126L);
        try (Session session = driver.session(SessionConfig.forDatabase(database))) {
            SCHEMA.forEach(session::run);
            create(session, "Guideline", List.of(Map.of("guideline_id", "CPG-DM-2023", "title",
                    "Management of Type 2 Diabetes Mellitus", "version", 6L, "published", LocalDate.of(2023, 5, 1),
                    "organizations", List.of("VA", "DoD"))));
            create(session, "ClinicalModule", nodes(9, i -> Map.of("module_id", "MOD-" + i, "name", "Module " + i,
                    "order", (long) i)));
            create(session, "Recommendation", nodes(26, i -> Map.of("rec_id", "REC-" + i, "text",
                    "We suggest intervention " + i + " for adults with type 2 diabetes.", "strength",
                    i % 3 == 0 ? "Strong" : "Weak", "direction", i % 5 == 0 ? "Against" : "For", "number", (long) i,
                    "embedding", embedding(random))));
            create(session, "KeyQuestion", nodes(12, i -> Map.of("kq_id", "KQ-" + i, "question",
                    "In adults with T2DM, what is the effect of intervention " + i + "?", "embedding", embedding(random))));
            create(session, "EvidenceBody", nodes(12, i -> Map.of("eb_id", "EB-" + i, "quality",
                    List.of("High", "Moderate", "Low", "Very low").get(i % 4), "num_studies", (long) (i * 3))));
            create(session, "Study", nodes(154, i -> study(i, random)));
            link(session, "ClinicalModule", "module_id", "BELONGS_TO", "Guideline", "guideline_id",
                    pairs(9, i -> "MOD-" + i, i -> "CPG-DM-2023"));
            link(session, "Recommendation", "rec_id", "PART_OF", "ClinicalModule", "module_id",
                    pairs(26, i -> "REC-" + i, i -> "MOD-" + (1 + i % 9)));
            link(session, "KeyQuestion", "kq_id", "RELEVANT_TO", "ClinicalModule", "module_id",
                    pairs(12, i -> "KQ-" + i, i -> "MOD-" + (1 + i % 9)));
            link(session, "Recommendation", "rec_id", "BASED_ON", "EvidenceBody", "eb_id",
                    pairs(26, i -> "REC-" + i, i -> "EB-" + (1 + i % 12)));
            link(session, "EvidenceBody", "eb_id", "ANSWERS", "KeyQuestion", "kq_id",
                    pairs(12, i -> "EB-" + i, i -> "KQ-" + i));
            link(session, "EvidenceBody", "eb_id", "INCLUDES", "Study", "study_id",
                    pairs(136, i -> "EB-" + (1 + i % 12), i -> "S-" + i));
            session.run("CALL db.awaitIndexes(300)").consume();
        }
    }

    private static Map<String, Object> study(int i, Random random) {
        Map<String, Object> p = new HashMap<>();
        p.put("study_id", "S-" + i);
        p.put("title", "Randomised trial " + i + " of glycaemic control");
        p.put("year", (long) (1995 + i % 29));
        p.put("authors", List.of("Author " + i, "Author " + (i + 1)));
        p.put("sample_size", (long) (50 + i * 7));
        p.put("effect_size", Math.round(random.nextGaussian() * 1000) / 1000.0);
        p.put("randomized", i % 4 != 0);
        if (i <= 152) {
            p.put("embedding", embedding(random));
        }
        return p;
    }

    private static List<Map<String, Object>> nodes(int n, java.util.function.IntFunction<Map<String, Object>> f) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            rows.add(f.apply(i));
        }
        return rows;
    }

    private static List<Map<String, Object>> pairs(int n, java.util.function.IntFunction<String> from,
            java.util.function.IntFunction<String> to) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            rows.add(Map.of("from", from.apply(i), "to", to.apply(i)));
        }
        return rows;
    }

    static List<Double> embedding(Random random) {
        List<Double> v = new ArrayList<>(DIMENSIONS);
        for (int i = 0; i < DIMENSIONS; i++) {
            v.add(random.nextDouble() * 2 - 1);
        }
        return v;
    }

    // Labels and keys here are this class's own constants, never data from a file.
    private static void create(Session session, String label, List<Map<String, Object>> rows) {
        session.run("UNWIND $rows AS row CREATE (n:" + label + ") SET n = row", Values.parameters("rows", rows)).consume();
    }

    private static void link(Session session, String fromLabel, String fromKey, String type, String toLabel,
            String toKey, List<Map<String, Object>> rows) {
        session.run("UNWIND $rows AS row MATCH (a:" + fromLabel + " {" + fromKey + ": row.from}) "
                + "MATCH (b:" + toLabel + " {" + toKey + ": row.to}) CREATE (a)-[:" + type + " {since: date('2023-05-01')}]->(b)",
                Values.parameters("rows", rows)).consume();
    }
}
