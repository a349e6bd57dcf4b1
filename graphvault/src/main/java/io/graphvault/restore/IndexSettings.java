package io.graphvault.restore;

import io.graphvault.format.BackupSchema.SchemaEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.neo4j.driver.Session;

/**
 * An index's settings ({@code indexConfig}) as the target server accepts them. Neo4j 2025 and
 * later accept every setting 5.26 writes, but 5.26 refuses the vector settings that came later
 * ({@code vector.default_search_expansion_factor}, {@code vector.quantization.type}) and a vector
 * index's filter properties, and then creates nothing.
 *
 * <p>Decided by the target's version ({@code dbms.components()}), not by retrying on the error:
 * 5.26 reports an unknown setting as {@code Neo.ClientError.General.InvalidArguments}, the code of
 * every bad argument, so only the message text would say which setting to drop, and errors are
 * classified by code. Knowing the target up front also lets the restore say what it changed
 * before it runs anything.
 */
final class IndexSettings {

    /**
     * The index to create (the backup's, or one 5.26 can hold), what the restore passes as
     * {@code indexConfig}, and each change it made, for the report; or, when the target cannot
     * hold the index in any form, why not ({@code refusal}, else null).
     */
    record Translated(SchemaEntry entry, Map<String, Object> config, List<String> changes, String refusal) {

        Translated(SchemaEntry entry, Map<String, Object> config, List<String> changes) {
            this(entry, config, changes, null);
        }
    }

    /** The vector settings Neo4j 5.26 knows (its own "Supported:" list). */
    private static final Set<String> VECTOR_SETTINGS_5 = Set.of("vector.dimensions", "vector.similarity_function",
            "vector.hnsw.m", "vector.hnsw.ef_construction", "vector.quantization.enabled");
    private static final String QUANTIZATION_TYPE = "vector.quantization.type";
    private static final String QUANTIZATION_ENABLED = "vector.quantization.enabled";

    private final String version;
    private final boolean cypher5Only;

    IndexSettings(String version) {
        this.version = version;
        this.cypher5Only = version.startsWith("5.") || version.startsWith("4.");
    }

    static IndexSettings of(Session session) {
        return new IndexSettings(session.run("CALL dbms.components() YIELD name, versions WHERE name = 'Neo4j Kernel'"
                + " RETURN versions[0] AS version").single().get(0).asString());
    }

    @SuppressWarnings("unchecked")
    Translated translate(SchemaEntry index) {
        Object raw = index.options() == null ? null : index.options().get("indexConfig");
        Map<String, Object> config = raw instanceof Map<?, ?> m ? new TreeMap<>((Map<String, Object>) m) : new TreeMap<>();
        List<String> changes = new ArrayList<>();
        if (!cypher5Only || !"VECTOR".equals(index.type())) {
            return new Translated(index, config, changes);
        }
        String unknown = "index '" + index.name() + "': Neo4j " + version + " does not know ";
        if (index.labelsOrTypes().size() > 1) {
            // one index per label would be several indexes under other names: not the backup's schema
            return new Translated(index, config, changes, "Neo4j " + version + " has no vector index on more than one "
                    + ("RELATIONSHIP".equals(index.entityType()) ? "relationship type" : "label")
                    + " (2026 has); restore into Neo4j 2026, or create a vector index per "
                    + ("RELATIONSHIP".equals(index.entityType()) ? "type" : "label") + " after the restore");
        }
        SchemaEntry entry = index;
        if (index.properties().size() > 1) {
            // a 2026 vector index can also hold properties to filter on; 5.26 searches the vector alone
            entry = new SchemaEntry(index.name(), index.type(), index.entityType(), index.labelsOrTypes(),
                    index.properties().subList(0, 1), index.options(), index.createStatement(), index.propertyType());
            changes.add(unknown + "vector index filter properties: " + String.join(", ", index.properties().subList(1, index.properties().size()))
                    + " dropped (the index holds " + index.properties().get(0) + " alone)");
        }
        Object quantization = config.remove(QUANTIZATION_TYPE);
        if (quantization != null) {
            // 5.26 only switches quantization on or off; 2026 itself turns enabled true into BINARY and false
            // into NONE. Any other type (SCALAR, or one a later version adds) still quantizes: on, as near as 5.26 gets
            boolean enabled = !"NONE".equals(quantization);
            if (!config.containsKey(QUANTIZATION_ENABLED)) {
                config.put(QUANTIZATION_ENABLED, enabled);
                changes.add(unknown + QUANTIZATION_TYPE + ": " + quantization + " became " + QUANTIZATION_ENABLED + " " + enabled);
            } else {
                changes.add(unknown + QUANTIZATION_TYPE + ": dropped (it was " + quantization + ")");
            }
        }
        for (String setting : List.copyOf(config.keySet())) {
            if (!VECTOR_SETTINGS_5.contains(setting)) {
                changes.add(unknown + setting + ": dropped (it was " + config.remove(setting) + ")");
            }
        }
        return new Translated(entry, config, changes);
    }
}
