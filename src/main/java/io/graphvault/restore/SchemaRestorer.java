package io.graphvault.restore;

import static io.graphvault.internal.CypherNames.quote;

import io.graphvault.GraphVaultException;
import io.graphvault.Neo4jErrors;
import io.graphvault.format.BackupSchema.SchemaEntry;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.neo4j.driver.Session;
import org.neo4j.driver.Values;

/**
 * Recreates constraints and indexes from the structured fields of {@code schema.json}. The
 * server's own {@code createStatement} is never run: it is text from a file. Names, labels and
 * property keys are quoted; index options go in as a parameter.
 */
final class SchemaRestorer {

    /** What the schema step did. */
    record Outcome(int created, int existing, List<String> skipped) {
    }

    private SchemaRestorer() {
    }

    static String statement(SchemaEntry e, boolean constraint) {
        boolean rel = "RELATIONSHIP".equals(e.entityType());
        String v = rel ? "r" : "n";
        String pattern = rel
                ? "()-[r:" + e.labelsOrTypes().stream().map(io.graphvault.internal.CypherNames::quote).collect(Collectors.joining("|")) + "]-()"
                : "(n:" + e.labelsOrTypes().stream().map(io.graphvault.internal.CypherNames::quote).collect(Collectors.joining("|")) + ")";
        String props = e.properties().stream().map(p -> v + "." + quote(p)).collect(Collectors.joining(", "));
        // Joined, never formatted: names from the file may hold '%'
        String target = quote(e.name()) + " IF NOT EXISTS FOR " + pattern;
        if (constraint) {
            String head = "CREATE CONSTRAINT " + target;
            switch (e.type()) {
                case "UNIQUENESS", "RELATIONSHIP_UNIQUENESS":
                    return head + " REQUIRE (" + props + ") IS UNIQUE";
                case "NODE_KEY", "RELATIONSHIP_KEY":
                    return head + " REQUIRE (" + props + ") IS " + (rel ? "RELATIONSHIP" : "NODE") + " KEY";
                case "NODE_PROPERTY_EXISTENCE", "RELATIONSHIP_PROPERTY_EXISTENCE":
                    return head + " REQUIRE " + props + " IS NOT NULL";
                default:
                    return null;
            }
        }
        String options = " OPTIONS {indexConfig: $config}";
        switch (e.type()) {
            case "RANGE":
                return "CREATE INDEX " + target + " ON (" + props + ")";
            case "TEXT":
                return "CREATE TEXT INDEX " + target + " ON (" + props + ")";
            case "POINT":
                return "CREATE POINT INDEX " + target + " ON (" + props + ")" + options;
            case "FULLTEXT":
                return "CREATE FULLTEXT INDEX " + target + " ON EACH [" + props + "]" + options;
            case "VECTOR":
                return "CREATE VECTOR INDEX " + target + " ON (" + props + ")" + options;
            default:
                return null;
        }
    }

    static Outcome apply(Session session, List<SchemaEntry> entries, boolean constraints) {
        int created = 0;
        int existing = 0;
        List<String> skipped = new java.util.ArrayList<>();
        for (SchemaEntry e : entries) {
            String cypher = statement(e, constraints);
            if (cypher == null) {
                skipped.add((constraints ? "constraint " : "index ") + e.name() + " of type " + e.type()
                        + " (not restorable by this version)");
                continue;
            }
            try {
                var counters = session.run(cypher, Values.parameters("config", indexConfig(e))).consume().counters();
                if (counters.indexesAdded() + counters.constraintsAdded() > 0) {
                    created++;
                } else {
                    existing++;
                }
            } catch (RuntimeException ex) {
                if (Neo4jErrors.hasCode(ex, "Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists")
                        || Neo4jErrors.hasCode(ex, "Neo.ClientError.Schema.IndexAlreadyExists")
                        || Neo4jErrors.hasCode(ex, "Neo.ClientError.Schema.ConstraintAlreadyExists")) {
                    existing++;
                } else if (Neo4jErrors.hasCode(ex, "Neo.ClientError.Statement.UnsupportedAdministrationCommand")
                        || Neo4jErrors.hasCode(ex, "Neo.DatabaseError.Schema.ConstraintCreationFailed") && e.type().contains("KEY")) {
                    skipped.add((constraints ? "constraint " : "index ") + e.name() + " (" + e.type()
                            + "): this Neo4j edition does not support it");
                } else {
                    throw new GraphVaultException("restoring " + (constraints ? "constraint '" : "index '") + e.name()
                            + "' failed: " + ex.getMessage(), ex);
                }
            }
        }
        return new Outcome(created, existing, skipped);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> indexConfig(SchemaEntry e) {
        Object config = e.options() == null ? null : e.options().get("indexConfig");
        return config instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
