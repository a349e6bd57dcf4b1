package io.graphvault.format;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
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

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SchemaEntry(String name, String type, String entityType, List<String> labelsOrTypes,
            List<String> properties, Map<String, Object> options, String createStatement) {
    }

    /** Nodes with {@code label} are merged on {@code property} (from a uniqueness or node-key constraint). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record NodeKey(String label, String property) {
    }
}
