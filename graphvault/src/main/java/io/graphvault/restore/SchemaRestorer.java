package io.graphvault.restore;

import io.graphvault.format.BackupSchema.SchemaEntry;
import io.graphvault.internal.Neo4jErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.neo4j.driver.Session;
import org.neo4j.driver.Values;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.driver.exceptions.DatabaseException;

import static io.graphvault.internal.CypherNames.quote;

/**
 * Recreates constraints and indexes from the structured fields of {@code schema.json}. The
 * server's own {@code createStatement} is never run: it is text from a file. Names, labels and
 * property keys are quoted; index settings go in as a parameter, translated for the target
 * ({@link IndexSettings}).
 *
 * <p>Every entry is attempted. One that cannot be created (a type this version cannot write, one
 * the edition does not support, settings the server refuses) is a failure named in the outcome,
 * after all the others were tried; the restore reports it as a problem, so it never exits 0.
 */
final class SchemaRestorer {

    /** What the schema step did: {@code notes} say what it changed, {@code failures} what it could not create. */
    record Outcome(int created, int existing, List<String> notes, List<String> failures) {

        /** Each failure is a problem of the restore: one that left any constraint or index out never exits 0. */
        void reportTo(RestoreTally tally, String what) {
            tally.note(what + ": " + created + " created, " + existing + " already there"
                    + (failures.isEmpty() ? "" : ", " + failures.size() + " NOT created"));
            tally.notes(notes);
            tally.problems(failures);
        }
    }

    /** A property type constraint's type, e.g. {@code LIST<INTEGER NOT NULL>} or {@code STRING | INTEGER}: no quotes, no braces. */
    private static final Pattern PROPERTY_TYPE = Pattern.compile("[A-Z0-9 _|<>]+");

    private SchemaRestorer() {
    }

    static String statement(SchemaEntry e, boolean constraint) {
        boolean rel = "RELATIONSHIP".equals(e.entityType());
        String v = rel ? "r" : "n";
        String names = e.labelsOrTypes().stream().map(io.graphvault.internal.CypherNames::quote).collect(Collectors.joining("|"));
        String pattern = rel ? "()-[r:" + names + "]-()" : "(n:" + names + ")";
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
                case "NODE_PROPERTY_TYPE", "RELATIONSHIP_PROPERTY_TYPE":
                    boolean known = e.propertyType() != null && PROPERTY_TYPE.matcher(e.propertyType()).matches();
                    return known ? head + " REQUIRE " + props + " IS :: " + e.propertyType() : null;
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
                // SHOW INDEXES lists the vector property first, then the filter properties of a 2026 index
                List<String> each = e.properties().stream().map(p -> v + "." + quote(p)).toList();
                return "CREATE VECTOR INDEX " + target + " ON (" + (each.isEmpty() ? "" : each.get(0)) + ")"
                        + (each.size() > 1 ? " WITH [" + String.join(", ", each.subList(1, each.size())) + "]" : "") + options;
            default:
                return null;
        }
    }

    static Outcome apply(Session session, List<SchemaEntry> entries, boolean constraints, IndexSettings settings) {
        int created = 0;
        int existing = 0;
        List<String> notes = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (SchemaEntry e : entries) {
            String what = (constraints ? "constraint '" : "index '") + e.name() + "' (" + e.type() + " on "
                    + String.join("|", e.labelsOrTypes()) + " " + e.properties() + ")";
            IndexSettings.Translated config = settings.translate(e);
            if (config.refusal() != null) {
                failures.add(what + " was not created: " + config.refusal() + "; the rest of the restore went on");
                continue;
            }
            String cypher = statement(config.entry(), constraints);
            if (cypher == null) {
                failures.add(what + " was not created: this version of GraphVault cannot write a"
                        + (e.propertyType() == null ? "" : " property type " + e.propertyType() + " for a") + " " + e.type());
                continue;
            }
            try {
                var counters = session.run(cypher, Values.parameters("config", config.config())).consume().counters();
                notes.addAll(config.changes());
                if (counters.indexesAdded() + counters.constraintsAdded() > 0) {
                    created++;
                } else {
                    existing++;
                }
            } catch (ClientException | DatabaseException ex) {
                if (Neo4jErrors.hasCode(ex, "Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists")
                        || Neo4jErrors.hasCode(ex, "Neo.ClientError.Schema.IndexAlreadyExists")
                        || Neo4jErrors.hasCode(ex, "Neo.ClientError.Schema.ConstraintAlreadyExists")) {
                    existing++;
                } else {
                    // the server refused this one (edition, settings, data): the others are still tried
                    failures.add(what + " was not created: Neo4j said " + ex.code() + ": "
                            + String.valueOf(ex.getMessage()).replace('\n', ' ') + "; the rest of the restore went on");
                }
            }
        }
        return new Outcome(created, existing, notes, failures);
    }
}
