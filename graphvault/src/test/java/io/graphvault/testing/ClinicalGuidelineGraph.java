package io.graphvault.testing;

import io.graphvault.internal.CypherNames;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;
import org.neo4j.driver.Value;
import org.neo4j.driver.Values;

/**
 * A clinical-practice-guideline graph shaped like the ones the old script backed up: 8 labels,
 * 200 nodes (5 with two labels), 222 relationships (parallel ones among them), 1536-float
 * embeddings on every Recommendation, and dates, datetimes, times, durations, points, bytes,
 * booleans, lists, NaN and infinities.
 *
 * <p>Storage order is not key order, as in real graphs: each node gets most properties in one
 * transaction and one more in a later one. Neo4j (record format) puts a new property into the first
 * property record of the node with room for it, else into a new record at the head of the chain;
 * so the later property comes first when it is large (a list, a long string) or when the first
 * transaction filled the records exactly (a 5-character id takes two of a record's four blocks, a
 * long string one, a short code one), as for the year and boolean ones. So the property the script's
 * {@code keys(a)[0]} sees is, depending on the node: its id, a name several nodes share, a year, a
 * boolean, a list, an {@code embedding} (the long one of a Recommendation, or a short placeholder
 * of an Outcome), or nothing (a node without properties).
 */
public final class ClinicalGuidelineGraph {

    public static final int NODES = 200;
    public static final int RELATIONSHIPS = 222;
    /** Each node's identity, by label: every node but the one without properties has one of these. */
    public static final Map<String, String> IDS = Map.of("Guideline", "guideline_id", "ClinicalModule", "module_id",
            "KeyQuestion", "kq_id", "Recommendation", "rec_id", "EvidenceBlock", "eb_id", "Study", "study_id",
            "Outcome", "outcome_id", "Population", "pop_id");

    private final Random random = new Random(20261202);
    private final List<Node> nodes = new ArrayList<>();

    private record Node(List<String> labels, Map<String, Object> base, Map<String, Object> later) {
    }

    private record Rel(String type, Node from, Node to, Map<String, Object> props) {
    }

    private ClinicalGuidelineGraph() {
    }

    public static void create(Driver driver) {
        new ClinicalGuidelineGraph().write(driver);
    }

    private void write(Driver driver) {
        List<Node> guidelines = add(3, i -> node(List.of("Guideline"), map("title", i == 1 ? "Leitlinie Diabetes \u2013 \u00dcberblick \"DE\"" : "Guideline " + i,
                "published", LocalDate.of(2023, 5, i), "version", 1.0 + i / 10.0, "is_current", i == 3,
                "keywords", List.of("diabetes", "type 2", "adults"),
                "review_interval", i == 2 ? Values.isoDuration(0, 0, -1, 500_000_000) : Values.isoDuration(14, 3, 4, 5),
                "checksum", new byte[] {0, 'a', '\'', '\\', '\n', (byte) 0xff},
                "updated_at", ZonedDateTime.of(2023, 5, 1, 10, 0, 0, 123_456_789, ZoneId.of("Europe/Berlin")),
                "reviewed_at", LocalDateTime.of(2024, 1, 2, 3, 4, 5)), map("guideline_id", "CPG-" + i)));
        List<Node> modules = add(15, i -> node(List.of("ClinicalModule"), map("module_id", "CM-" + i, "year", 2018 + i % 5, "order", (long) i),
                map("name", i % 5 == 0 ? "General" : "Module " + i)));
        List<Node> questions = add(30, i -> i <= 10
                ? node(List.of("KeyQuestion"), map("kq_id", String.format("KQ-%02d", i), "question", question(i), "code", i == 1 ? "2031" : "Q" + i),
                        map("year", i == 9 ? 2030L : i == 10 ? 2031L : 2015L + i % 4))
                : node(List.of("KeyQuestion"), map("question", "Question " + i, "year", 2015 + i % 4), map("kq_id", "KQ-" + i)));
        List<Node> recommendations = add(50, i -> i <= 20
                ? node(List.of("Recommendation"), map("rec_id", "REC-" + i, "text", "Do " + i, "strength", i % 2 == 0 ? "strong" : "weak"),
                        map("embedding", embedding()))
                : node(List.of("Recommendation"), map("text", "Do " + i, "strength", "weak", "embedding", embedding()), map("rec_id", "REC-" + i)));
        List<Node> blocks = add(25, i -> i <= 10
                ? node(List.of("EvidenceBlock"), map("eb_id", String.format("EB-%02d", i), "summary", question(i), "certainty", "low"),
                        map("is_pooled", i % 2 == 0))
                : node(List.of("EvidenceBlock"), map("summary", "Block " + i, "certainty", "moderate", "is_pooled", true), map("eb_id", "EB-" + i)));
        List<Node> studyBlocks = add(5, i -> node(List.of("EvidenceBlock", "Study"), map("study_id", "ST-M" + i, "eb_id", "EB-M" + i,
                "design", "meta-analysis"), map("title", "Pooled analysis " + i)));
        List<Node> studies = add(45, i -> i <= 20
                ? node(List.of("Study"), map("study_id", "ST-" + i, "title", "Trial " + i, "design", "RCT", "sample_size", 100L * i),
                        map("tags", List.of("rct", "st-" + i)))
                : node(List.of("Study"), map("title", "Trial " + i, "design", "cohort", "location", i == 21
                        ? Values.point(9157, 1.5, 2.5, 3.5) : Values.point(4326, 13.4 + i / 100.0, 52.5)), map("study_id", "ST-" + i)));
        List<Node> outcomes = add(12, i -> node(List.of("Outcome"), map("name", "Outcome " + i, "effect", effect(i),
                "measured_at", LocalTime.of(8, i, 0), "recorded_at", OffsetTime.of(9, 30, 0, 0, ZoneOffset.ofHoursMinutes(-3, -30))),
                i > 10 ? map("embedding", List.of(0.0, 0.0, 0.0)) : map("outcome_id", "OUT-" + i)));
        List<Node> populations = add(15, i -> i == 15 ? node(List.of("Population"), map(), map())
                : node(List.of("Population"), map("description", "Adults " + i, "age_range", List.of(18L, 65L)), map("pop_id", "POP-" + i)));
        List<Node> allStudies = new ArrayList<>(studies);
        allStudies.addAll(studyBlocks);
        List<Node> allBlocks = new ArrayList<>(blocks);
        allBlocks.addAll(studyBlocks);

        List<Rel> rels = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            rels.add(new Rel("HAS_MODULE", guidelines.get(i % 3), modules.get(i), map("position", (long) i)));
        }
        for (int i = 0; i < 30; i++) {
            rels.add(new Rel("ADDRESSES", modules.get(i % 15), questions.get(i), map()));
        }
        for (int i = 0; i < 50; i++) {
            rels.add(new Rel("ANSWERED_BY", questions.get(i % 30), recommendations.get(i), map()));
        }
        for (int i = 0; i < 50; i++) {
            rels.add(new Rel("BASED_ON", recommendations.get(i), allBlocks.get(i % 30), i % 3 == 0 ? map("weight", 0.5, "since",
                    LocalDate.of(2022, 1, 1 + i % 28)) : map()));
        }
        for (int i = 45; i < 50; i++) { // the same relationship again: parallel twins
            rels.add(new Rel("BASED_ON", recommendations.get(i), allBlocks.get(i % 30), map()));
        }
        for (int i = 0; i < 30; i++) {
            rels.add(new Rel("SYNTHESISES", allBlocks.get(i), allStudies.get((i * 7) % 50), map()));
        }
        for (int i = 0; i < 20; i++) {
            rels.add(new Rel("MEASURES", allStudies.get(i + 20), outcomes.get(i % 12), map("primary", i % 2 == 0)));
        }
        for (int i = 0; i < 15; i++) {
            rels.add(new Rel("ENROLS", allStudies.get(i + 25), populations.get(i), map()));
        }
        for (int i = 0; i < 5; i++) {
            rels.add(new Rel("CITES", allStudies.get(i + 21), allStudies.get(i + 40), map("context", "background")));
        }
        rels.add(new Rel("CITES", allStudies.get(21), allStudies.get(40), map("context", "discussion")));
        rels.add(new Rel("CITES", allStudies.get(21), allStudies.get(40), map("context", "background")));
        if (nodes.size() != NODES || rels.size() != RELATIONSHIPS) {
            throw new IllegalStateException(nodes.size() + " nodes, " + rels.size() + " relationships");
        }
        store(driver, rels);
    }

    private void store(Driver driver, List<Rel> rels) {
        Map<Node, String> ids = new IdentityHashMap<>(); // two nodes may be equal records
        try (Session s = driver.session()) {
            for (Node n : nodes) {
                ids.put(n, s.executeWrite(tx -> tx.run("CREATE (n" + CypherNames.labelExpression(n.labels()) + ") SET n = $props RETURN elementId(n)",
                        Values.parameters("props", n.base())).single().get(0).asString()));
            }
            // a later transaction: Neo4j stores these properties ahead of the others
            for (Node n : nodes) {
                s.executeWriteWithoutResult(tx -> tx.run("MATCH (n) WHERE elementId(n) = $id SET n += $props",
                        Values.parameters("id", ids.get(n), "props", n.later())).consume());
            }
            for (Rel r : rels) {
                s.executeWriteWithoutResult(tx -> tx.run("MATCH (a) WHERE elementId(a) = $a MATCH (b) WHERE elementId(b) = $b CREATE (a)-[r:"
                        + CypherNames.quote(r.type()) + "]->(b) SET r = $props", Values.parameters("a", ids.get(r.from()), "b",
                        ids.get(r.to()), "props", r.props())).consume());
            }
        }
    }

    private List<Node> add(int count, java.util.function.IntFunction<Node> make) {
        List<Node> made = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            made.add(make.apply(i));
        }
        nodes.addAll(made);
        return made;
    }

    private static Node node(List<String> labels, Map<String, Object> base, Map<String, Object> later) {
        return new Node(labels, base, later);
    }

    /** Long enough for the dynamic store: one block in the node's property record, as its 5-character id takes two. */
    private static String question(int i) {
        return "What is the effect of intervention " + i + " on outcomes in adults with type 2 diabetes?";
    }

    private List<Double> embedding() {
        List<Double> e = new ArrayList<>(1536);
        for (int i = 0; i < 1536; i++) {
            e.add(random.nextGaussian() / 30);
        }
        return e;
    }

    private static double effect(int i) {
        return switch (i) {
            case 1 -> Double.NaN;
            case 2 -> Double.POSITIVE_INFINITY;
            case 3 -> Double.NEGATIVE_INFINITY;
            default -> i / 7.0;
        };
    }

    /** An ordered map of alternating keys and values; a Value stays as it is. */
    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1] instanceof Value v ? v.asObject() : kv[i + 1]);
        }
        return m;
    }
}
