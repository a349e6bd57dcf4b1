package io.graphvault.testing;

import io.graphvault.internal.CypherNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.Value;

/**
 * The old {@code backup_database.py}, run against a database: its own queries, its own file names,
 * its own serialisation ({@code json.dump(..., indent=2, default=str)}, see {@link PythonJson}).
 * Nothing here chooses an endpoint value: {@code from_id} and {@code to_id} are whatever
 * {@code a[keys(a)[0]]} returns.
 *
 * <p>The script's steps, as docs/format.md records them:
 * <ol>
 * <li>per label of {@code CALL db.labels()}: {@code MATCH (n:Label) RETURN n}, each node as
 *     {@code dict(node)} without {@code embedding}, into {@code f"{label.lower()}_nodes.json"}
 *     (opened for writing: two labels with the same lower case share a file, the last one wins);</li>
 * <li>{@code relationships.json}: the rows of the relationship query below, {@code rel_props} None
 *     when the relationship has no properties;</li>
 * <li>{@code backup_summary.json}: {@code backup_timestamp} ({@code datetime.now().isoformat()}),
 *     {@code node_counts} per label, the totals and a note.</li>
 * </ol>
 * The Java driver hands property maps back without their order, while the Python driver keeps the
 * server's (storage) order, the order of {@code keys(n)}: the queries also return {@code keys(n)}
 * and {@code keys(r)}, used only to put each dict in the order Python saw.
 */
public final class LegacyScript {

    /** The script's relationship query, with keys(r) added for the order of rel_props (see above). */
    static final String RELATIONSHIPS = "MATCH (a)-[r]->(b) RETURN labels(a)[0] AS from_label, a[keys(a)[0]] AS from_id,"
            + " type(r) AS rel_type, properties(r) AS rel_props, labels(b)[0] AS to_label, b[keys(b)[0]] AS to_id, keys(r) AS rel_keys";

    private LegacyScript() {
    }

    public static void run(Driver driver, Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, Object> counts = new LinkedHashMap<>();
        long totalNodes = 0;
        try (Session s = driver.session()) {
            for (String label : s.run("CALL db.labels()").list(r -> r.get("label").asString())) {
                List<Object> nodes = new ArrayList<>();
                for (Record r : s.run("MATCH (n" + CypherNames.labelExpression(List.of(label)) + ") RETURN n, keys(n) AS storage_order").list()) {
                    Map<String, Object> node = new LinkedHashMap<>();
                    Value props = r.get("n");
                    r.get("storage_order").asList(Value::asString).forEach(k -> node.put(k, props.get(k)));
                    node.remove("embedding");
                    nodes.add(node);
                }
                write(dir.resolve(label.toLowerCase(Locale.ROOT) + "_nodes.json"), nodes);
                counts.put(label, (long) nodes.size());
                totalNodes += nodes.size();
            }
            List<Object> rels = new ArrayList<>();
            for (Record r : s.run(RELATIONSHIPS).list()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("from_label", r.get("from_label"));
                row.put("from_id", r.get("from_id"));
                row.put("rel_type", r.get("rel_type"));
                Map<String, Object> props = new LinkedHashMap<>();
                r.get("rel_keys").asList(Value::asString).forEach(k -> props.put(k, r.get("rel_props").get(k)));
                row.put("rel_props", props.isEmpty() ? null : props);
                row.put("to_label", r.get("to_label"));
                row.put("to_id", r.get("to_id"));
                rels.add(row);
            }
            write(dir.resolve("relationships.json"), rels);
            Map<String, Object> summary = new LinkedHashMap<>();
            LocalDateTime now = LocalDateTime.now().truncatedTo(ChronoUnit.MICROS);
            // datetime.isoformat(): microseconds only when there are some
            summary.put("backup_timestamp", String.format("%tFT%<tT", now) + (now.getNano() == 0 ? "" : String.format(".%06d", now.getNano() / 1000)));
            summary.put("node_counts", counts);
            summary.put("total_nodes", totalNodes);
            summary.put("total_relationships", (long) rels.size());
            summary.put("note", "Embeddings excluded from node files to keep the backup small");
            write(dir.resolve("backup_summary.json"), summary);
        }
    }

    private static void write(Path file, Object obj) throws IOException {
        Files.writeString(file, PythonJson.dump(obj), StandardCharsets.US_ASCII);
    }
}
