package io.graphvault.compare;

import com.fasterxml.jackson.core.JsonGenerator;
import io.graphvault.format.BackupJson;
import io.graphvault.format.TypedValueCodec;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.Value;

/**
 * The content of a whole graph with no internal ids: every node as its sorted labels and typed
 * properties, every relationship as its type, typed properties and both endpoints' content. Two
 * graphs are equal exactly when their snapshots are. Holds the graph in memory: for comparing
 * sample-sized graphs (tests, {@code demo}), not for production-sized ones.
 */
public record GraphSnapshot(Map<String, Integer> nodes, Map<String, Integer> relationships) {

    private static final String NODES = "MATCH (n) RETURN elementId(n) AS id, labels(n) AS labels, properties(n) AS props";
    private static final String RELATIONSHIPS =
            "MATCH (a)-[r]->(b) RETURN elementId(a) AS a, type(r) AS type, properties(r) AS props, elementId(b) AS b";

    public static GraphSnapshot take(Driver driver, String database) {
        try (Session session = driver.session(SessionConfig.builder().withDatabase(database)
                .withDefaultAccessMode(AccessMode.READ).build())) {
            Map<String, String> byId = new HashMap<>();
            Map<String, Integer> nodes = new TreeMap<>();
            for (Record r : session.run(NODES).list()) {
                String text = node(r.get("labels").asList(Value::asString), r.get("props").asMap(v -> v));
                byId.put(r.get("id").asString(), text);
                nodes.merge(text, 1, Integer::sum);
            }
            Map<String, Integer> rels = new TreeMap<>();
            for (Record r : session.run(RELATIONSHIPS).list()) {
                String text = byId.get(r.get("a").asString()) + " -[" + r.get("type").asString() + " "
                        + props(r.get("props").asMap(v -> v)) + "]-> " + byId.get(r.get("b").asString());
                rels.merge(text, 1, Integer::sum);
            }
            return new GraphSnapshot(nodes, rels);
        }
    }

    /** Canonical text of a node: labels sorted, properties sorted by key, values with their types. */
    public static String node(List<String> labels, Map<String, Value> props) {
        StringWriter w = new StringWriter();
        try {
            writeNode(w, labels, props);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** {@link #node}'s text, written to {@code w} as it is made: a long string is never held as a second text. */
    public static void writeNode(Writer w, List<String> labels, Map<String, Value> props) throws IOException {
        List<String> sorted = new ArrayList<>(labels);
        sorted.sort(null);
        w.write(sorted.toString());
        try (JsonGenerator g = BackupJson.FACTORY.createGenerator(w)) {
            TypedValueCodec.writeProperties(g, new TreeMap<>(props));
        }
    }

    /** Canonical text of a property map: keys sorted, values with their types. */
    public static String props(Map<String, Value> props) {
        return json(g -> TypedValueCodec.writeProperties(g, new TreeMap<>(props)));
    }

    /** Canonical text of one value, with its type. */
    public static String value(Value v) {
        return json(g -> TypedValueCodec.writeValue(g, v));
    }

    private interface JsonWriting {
        void write(JsonGenerator g) throws IOException;
    }

    private static String json(JsonWriting writing) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = BackupJson.FACTORY.createGenerator(w)) {
            writing.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** Human-readable differences, at most {@code limit} lines; empty when the graphs are equal. */
    public List<String> differences(GraphSnapshot other, int limit) {
        List<String> out = new ArrayList<>();
        diff("node", nodes, other.nodes, out, limit);
        diff("relationship", relationships, other.relationships, out, limit);
        return out;
    }

    private static void diff(String kind, Map<String, Integer> a, Map<String, Integer> b, List<String> out, int limit) {
        for (Map.Entry<String, Integer> e : a.entrySet()) {
            int there = b.getOrDefault(e.getKey(), 0);
            if (there != e.getValue() && out.size() < limit) {
                out.add(kind + " x" + e.getValue() + " in the first graph, x" + there + " in the second: " + abbreviate(e.getKey()));
            }
        }
        for (Map.Entry<String, Integer> e : b.entrySet()) {
            if (!a.containsKey(e.getKey()) && out.size() < limit) {
                out.add(kind + " only in the second graph (x" + e.getValue() + "): " + abbreviate(e.getKey()));
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 297) + "..." : s;
    }
}
