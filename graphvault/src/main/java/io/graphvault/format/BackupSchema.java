package io.graphvault.format;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * {@code schema.json}: every constraint and index of the source database, and the node keys the
 * restore merges on.
 *
 * <p>{@code createStatement} is what the server reported, kept for people; the restore never runs
 * it (it is text from a file), it builds its own statement from the structured fields instead.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BackupSchema(List<SchemaEntry> constraints, List<SchemaEntry> indexes, List<NodeKey> keys) {

    public static final String FILE_NAME = "schema.json";

    /**
     * One constraint or index. {@code type} is always in the Cypher 5 vocabulary, whichever
     * language the server answered in and whichever a backup file holds ({@link #canonicalType}).
     * {@code propertyType} is the type a property type constraint requires, else null.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SchemaEntry(String name, String type, String entityType, List<String> labelsOrTypes,
            List<String> properties, Map<String, Object> options, String createStatement,
            @JsonInclude(JsonInclude.Include.NON_NULL) String propertyType) {

        public SchemaEntry {
            type = canonicalType(type);
        }
    }

    /**
     * The one place where constraint type names are normalised. With Cypher 25 as the database's
     * default language, {@code SHOW CONSTRAINTS} names the uniqueness constraints
     * {@code NODE_PROPERTY_UNIQUENESS} and {@code RELATIONSHIP_PROPERTY_UNIQUENESS}; Cypher 5 says
     * {@code UNIQUENESS} and {@code RELATIONSHIP_UNIQUENESS}. Key, existence and property type
     * constraints and every index type have the same names in both. Backups written by a 2026
     * server before this normalisation carry the Cypher 25 names, so reading schema.json maps them too.
     */
    public static String canonicalType(String type) {
        if (type == null) {
            return null;
        }
        return switch (type) {
            case "NODE_PROPERTY_UNIQUENESS" -> "UNIQUENESS";
            case "RELATIONSHIP_PROPERTY_UNIQUENESS" -> "RELATIONSHIP_UNIQUENESS";
            default -> type;
        };
    }

    /** Nodes with {@code label} are merged on {@code property} (from a uniqueness or node-key constraint). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record NodeKey(String label, String property) {
    }
}
