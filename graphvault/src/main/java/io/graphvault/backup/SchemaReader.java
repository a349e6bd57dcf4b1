package io.graphvault.backup;

import io.graphvault.format.BackupSchema;
import io.graphvault.format.BackupSchema.NodeKey;
import io.graphvault.format.BackupSchema.SchemaEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.Value;

/** Reads every constraint and index of a database, and chooses the node keys the restore merges on. */
public final class SchemaReader {

    /**
     * Read in the database's default language, whichever it is: {@link SchemaEntry} maps the
     * Cypher 25 type names to the Cypher 5 ones, and nothing here reads {@code indexProvider},
     * which Cypher 25 no longer reports.
     */
    private static final String CONSTRAINTS = """
            SHOW CONSTRAINTS YIELD name, type, entityType, labelsOrTypes, properties, options, createStatement, propertyType
            RETURN name, type, entityType, labelsOrTypes, properties, options, createStatement, propertyType
            ORDER BY name
            """;
    private static final String INDEXES = """
            SHOW INDEXES YIELD name, type, entityType, labelsOrTypes, properties, options, owningConstraint, createStatement
            WHERE owningConstraint IS NULL AND type <> 'LOOKUP'
            RETURN name, type, entityType, labelsOrTypes, properties, options, createStatement, null AS propertyType
            ORDER BY name
            """;

    private SchemaReader() {
    }

    public static BackupSchema read(Session session) {
        List<SchemaEntry> constraints = session.run(CONSTRAINTS).list(SchemaReader::entry);
        List<SchemaEntry> indexes = session.run(INDEXES).list(SchemaReader::entry);
        return new BackupSchema(constraints, indexes, chooseKeys(constraints));
    }

    private static SchemaEntry entry(Record r) {
        return new SchemaEntry(r.get("name").asString(), r.get("type").asString(), r.get("entityType").asString(),
                strings(r.get("labelsOrTypes")), strings(r.get("properties")), options(r.get("options")),
                r.get("createStatement").asString(null), r.get("propertyType").asString(null));
    }

    private static List<String> strings(Value v) {
        return v.isNull() ? List.of() : v.asList(Value::asString);
    }

    private static Map<String, Object> options(Value v) {
        return v.isNull() ? Map.of() : new TreeMap<>(v.asMap());
    }

    /**
     * One key per label: the single-property uniqueness or node-key constraint with the smallest
     * property name, so the choice is the same on every export of the same schema.
     */
    static List<NodeKey> chooseKeys(List<SchemaEntry> constraints) {
        Map<String, String> byLabel = new TreeMap<>();
        for (SchemaEntry c : constraints) {
            boolean unique = c.type().equals("UNIQUENESS") || c.type().equals("NODE_KEY");
            if (unique && c.entityType().equals("NODE") && c.labelsOrTypes().size() == 1 && c.properties().size() == 1) {
                byLabel.merge(c.labelsOrTypes().get(0), c.properties().get(0),
                        (a, b) -> a.compareTo(b) <= 0 ? a : b);
            }
        }
        List<NodeKey> keys = new ArrayList<>();
        byLabel.forEach((label, property) -> keys.add(new NodeKey(label, property)));
        keys.sort(Comparator.comparing(NodeKey::label));
        return keys;
    }
}
