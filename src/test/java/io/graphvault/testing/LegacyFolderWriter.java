package io.graphvault.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.graphvault.format.BackupJson;
import io.graphvault.internal.CypherNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.Value;

/**
 * Writes a backup folder the way the old {@code backup_database.py} did: one JSON array per label
 * with properties in the server's storage order and {@code embedding} removed, relationships named
 * by {@code keys(a)[0]} of each endpoint, values stringified as Python's {@code json.dump(default=str)}
 * would (dates become strings).
 */
public final class LegacyFolderWriter {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private LegacyFolderWriter() {
    }

    public static void write(Driver driver, Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, Integer> counts = new TreeMap<>();
        try (Session s = driver.session()) {
            for (String label : s.run("CALL db.labels() YIELD label RETURN label").list(r -> r.get(0).asString())) {
                ArrayNode nodes = JSON.arrayNode();
                for (Record r : s.run("MATCH (n" + CypherNames.labelExpression(List.of(label))
                        + ") RETURN [k IN keys(n) | [k, n[k]]] AS pairs").list()) {
                    ObjectNode node = nodes.addObject();
                    for (Value pair : r.get("pairs").values()) {
                        String key = pair.get(0).asString();
                        if (!key.equals("embedding")) {
                            node.set(key, python(pair.get(1)));
                        }
                    }
                }
                counts.put(label, nodes.size());
                BackupJson.MAPPER.writeValue(dir.resolve(label + "_nodes.json").toFile(), nodes);
            }
            ArrayNode rels = JSON.arrayNode();
            for (Record r : s.run("MATCH (a)-[r]->(b) RETURN labels(a)[0] AS from_label, a[keys(a)[0]] AS from_id, "
                    + "type(r) AS type, labels(b)[0] AS to_label, b[keys(b)[0]] AS to_id, properties(r) AS props").list()) {
                ObjectNode rel = rels.addObject();
                rel.put("from_label", r.get("from_label").asString());
                rel.set("from_id", python(r.get("from_id")));
                rel.put("type", r.get("type").asString());
                rel.put("to_label", r.get("to_label").asString());
                rel.set("to_id", python(r.get("to_id")));
                ObjectNode props = rel.putObject("properties");
                r.get("props").asMap(v -> v).forEach((k, v) -> props.set(k, python(v)));
            }
            BackupJson.MAPPER.writeValue(dir.resolve("relationships.json").toFile(), rels);
            ObjectNode summary = JSON.objectNode();
            summary.put("timestamp", "2026-11-01T02:00:00");
            ObjectNode labels = summary.putObject("node_counts");
            counts.forEach(labels::put);
            summary.put("relationship_count", rels.size());
            BackupJson.MAPPER.writeValue(dir.resolve("backup_summary.json").toFile(), summary);
        }
    }

    /** A value as Python's json.dump(default=str) writes it. */
    static JsonNode python(Value v) {
        switch (v.type().name()) {
            case "STRING":
                return JSON.textNode(v.asString());
            case "INTEGER":
                return JSON.numberNode(v.asLong());
            case "FLOAT":
                return JSON.numberNode(v.asDouble());
            case "BOOLEAN":
                return JSON.booleanNode(v.asBoolean());
            case "NULL":
                return JSON.nullNode();
            default:
                if (v.type().name().startsWith("LIST")) {
                    ArrayNode a = JSON.arrayNode();
                    v.values().forEach(e -> a.add(python(e)));
                    return a;
                }
                return JSON.textNode(v.asObject().toString());
        }
    }
}
