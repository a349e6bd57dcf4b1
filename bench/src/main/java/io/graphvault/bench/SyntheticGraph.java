package io.graphvault.bench;

import io.graphvault.internal.CypherNames;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;
import org.neo4j.driver.Values;

/**
 * A deterministic synthetic graph: the same sizes always give the same nodes, properties and
 * relationships. Four labels, each with a uniqueness-constrained key; strings, integers, doubles,
 * lists, dates, datetimes, points; a 256-float {@code embedding} on 10% of the nodes; and every
 * twentieth relationship parallel to the one before it.
 *
 * <p>It is also the write limit: {@link #load} is the plainest fast way to write the graph with
 * Cypher ({@code UNWIND $rows CREATE} in transactions of 10,000 rows, relationships matched by a
 * temporary indexed id), and times only the writes.
 */
final class SyntheticGraph {

    static final int EMBEDDING_DIMENSIONS = 256;
    /** Rows per transaction of the write limit (10,000-row transactions). */
    private static final int BATCH = 10_000;
    private static final String TEMP_LABEL = "BenchLoad";
    private static final String TEMP_ID = "benchLoadId";

    /** A label, the share of nodes it gets, and its uniqueness-constrained key. */
    record Label(String name, double share, String key) {
    }

    static final List<Label> LABELS = List.of(
            new Label("Person", 0.4, "email"),
            new Label("Company", 0.1, "companyId"),
            new Label("Product", 0.3, "sku"),
            new Label("Document", 0.2, "docId"));
    static final List<String> TYPES = List.of("KNOWS", "WORKS_AT", "BOUGHT", "CITES");

    private final int nodes;
    private final int relationships;

    SyntheticGraph(int nodes, int relationships) {
        this.nodes = nodes;
        this.relationships = relationships;
    }

    /** The first node id of each label, and one past the last as the final element. */
    int[] labelStarts() {
        int[] starts = new int[LABELS.size() + 1];
        double acc = 0;
        for (int l = 0; l < LABELS.size(); l++) {
            starts[l] = (int) Math.round(acc * nodes);
            acc += LABELS.get(l).share();
        }
        starts[LABELS.size()] = nodes;
        return starts;
    }

    Map<String, Object> nodeProperties(Label label, int id) {
        SplittableRandom r = new SplittableRandom(id * 0x9E3779B97F4A7C15L);
        Map<String, Object> p = new LinkedHashMap<>();
        switch (label.name()) {
            case "Person" -> {
                p.put("email", "person" + id + "@example.org");
                p.put("name", "Person " + id);
                p.put("age", (long) r.nextInt(18, 95));
                p.put("score", r.nextDouble());
                p.put("active", r.nextBoolean());
                p.put("tags", List.of("t" + r.nextInt(20), "t" + r.nextInt(20)));
                p.put("born", LocalDate.of(1940, 1, 1).plusDays(r.nextInt(25_000)));
                p.put("home", Values.point(4326, r.nextDouble(-180, 180), r.nextDouble(-90, 90)).asPoint());
            }
            case "Company" -> {
                p.put("companyId", "C-" + id);
                p.put("name", "Company " + id + " GmbH");
                p.put("founded", ZonedDateTime.of(1990, 1, 1, 0, 0, 0, 0, ZoneId.of("Europe/Berlin")).plusHours(r.nextInt(300_000)));
                p.put("revenue", r.nextDouble() * 1e9);
                p.put("office", Values.point(7203, r.nextDouble(1000), r.nextDouble(1000)).asPoint());
            }
            case "Product" -> {
                p.put("sku", "SKU-" + id);
                p.put("price", Math.round(r.nextDouble() * 100_000) / 100.0);
                p.put("dimensions", List.of((long) r.nextInt(100), (long) r.nextInt(100), (long) r.nextInt(100)));
                p.put("released", LocalDateTime.of(2000, 1, 1, 0, 0).plusMinutes(r.nextInt(12_000_000)));
            }
            default -> {
                p.put("docId", "DOC-" + id);
                p.put("title", "Document " + id + " on topic " + r.nextInt(500));
                p.put("body", "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(1 + r.nextInt(6)));
                p.put("created", ZonedDateTime.of(2015, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).plusSeconds(r.nextInt(300_000_000)).toOffsetDateTime());
            }
        }
        if (id % 10 == 3) {
            List<Double> embedding = new ArrayList<>(EMBEDDING_DIMENSIONS);
            for (int i = 0; i < EMBEDDING_DIMENSIONS; i++) {
                embedding.add(r.nextDouble(-1, 1));
            }
            p.put("embedding", embedding);
        }
        return p;
    }

    /** Relationship {@code j}: start, end, type and properties; every twentieth repeats the endpoints of the one before. */
    Map<String, Object> relationship(int j) {
        int source = j % 20 == 19 ? j - 1 : j;
        SplittableRandom endpoints = new SplittableRandom(source * 0xC2B2AE3D27D4EB4FL);
        SplittableRandom r = new SplittableRandom(j * 0x165667B19E3779F9L);
        Map<String, Object> props = new HashMap<>();
        props.put("weight", r.nextDouble());
        if (j % 3 == 0) {
            props.put("since", LocalDate.of(2000, 1, 1).plusDays(r.nextInt(9000)));
        }
        Map<String, Object> row = new HashMap<>();
        row.put("start", (long) endpoints.nextInt(nodes));
        row.put("end", (long) endpoints.nextInt(nodes));
        row.put("type", TYPES.get(source % TYPES.size()));
        row.put("props", props);
        return row;
    }

    /**
     * Writes the whole graph into an empty database, then removes the temporary id and its index.
     * Only the writes are timed (the write limit of bench/README.md): every row is generated before the clock
     * starts, and the constraints and the temporary index before it, the clean-up after it. Prints
     * {@code timed: <seconds>}, which the bench takes as the step's time.
     */
    void load(Driver driver) {
        int[] starts = labelStarts();
        List<List<Map<String, Object>>> nodeRows = new ArrayList<>();
        for (int l = 0; l < LABELS.size(); l++) {
            List<Map<String, Object>> rows = new ArrayList<>(starts[l + 1] - starts[l]);
            for (int id = starts[l]; id < starts[l + 1]; id++) {
                rows.add(Map.of("id", (long) id, "props", nodeProperties(LABELS.get(l), id)));
            }
            nodeRows.add(rows);
        }
        Map<String, List<Map<String, Object>>> relationshipRows = new LinkedHashMap<>();
        for (int j = 0; j < relationships; j++) {
            Map<String, Object> row = relationship(j);
            relationshipRows.computeIfAbsent((String) row.get("type"), t -> new ArrayList<>()).add(row);
        }
        try (Session s = driver.session()) {
            for (Label l : LABELS) {
                s.run("CREATE CONSTRAINT " + CypherNames.quote(l.name().toLowerCase() + "_" + l.key()) + " IF NOT EXISTS FOR (n:"
                        + CypherNames.quote(l.name()) + ") REQUIRE n." + CypherNames.quote(l.key()) + " IS UNIQUE").consume();
            }
            s.run("CREATE INDEX bench_load_id IF NOT EXISTS FOR (n:" + TEMP_LABEL + ") ON (n." + TEMP_ID + ")").consume();
            s.run("CALL db.awaitIndexes(600)").consume();
            long timed = System.nanoTime();
            long start = timed;
            for (int l = 0; l < LABELS.size(); l++) {
                write(s, "UNWIND $rows AS row CREATE (n:" + CypherNames.quote(LABELS.get(l).name()) + ":" + TEMP_LABEL
                        + ") SET n = row.props, n." + TEMP_ID + " = row.id", nodeRows.get(l));
            }
            start = phase("nodes", start);
            relationshipRows.forEach((type, rows) -> write(s, relationshipCypher(type), rows));
            start = phase("relationships", start);
            System.out.printf(java.util.Locale.ROOT, "timed: %.3f%n", (start - timed) / 1e9);
            s.run("MATCH (n:" + TEMP_LABEL + ") CALL { WITH n REMOVE n:" + TEMP_LABEL + ", n." + TEMP_ID
                    + " } IN TRANSACTIONS OF 50000 ROWS").consume();
            s.run("DROP INDEX bench_load_id").consume();
            phase("temporary id removed (untimed)", start);
        }
    }

    /** Tells the bench where the write limit's time goes (stdout lines starting with "phase "). */
    private static long phase(String name, long since) {
        long now = System.nanoTime();
        System.out.printf(java.util.Locale.ROOT, "phase %s: %.1f s%n", name, (now - since) / 1e9);
        return now;
    }

    private static String relationshipCypher(String type) {
        return "UNWIND $rows AS row MATCH (a:" + TEMP_LABEL + " {" + TEMP_ID + ": row.start}), (b:" + TEMP_LABEL + " {"
                + TEMP_ID + ": row.end}) CREATE (a)-[r:" + CypherNames.quote(type) + "]->(b) SET r = row.props";
    }

    /** {@code rows} in transactions of {@link #BATCH} rows. */
    private static void write(Session s, String cypher, List<Map<String, Object>> rows) {
        for (int from = 0; from < rows.size(); from += BATCH) {
            List<Map<String, Object>> batch = rows.subList(from, Math.min(rows.size(), from + BATCH));
            s.executeWriteWithoutResult(tx -> tx.run(cypher, Map.of("rows", batch)).consume());
        }
    }
}
