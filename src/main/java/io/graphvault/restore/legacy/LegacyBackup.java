package io.graphvault.restore.legacy;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphvault.GraphVaultException;
import io.graphvault.format.BackupJson;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A backup folder written by the old {@code backup_database.py}: one {@code <label>_nodes.json}
 * array of property objects per label (key order as Neo4j stored it, {@code embedding} removed),
 * {@code relationships.json} with endpoints named by label and the value of the node's first stored
 * property, and {@code backup_summary.json}. Those files hold the whole graph in memory already (the
 * script wrote them that way), so they are read whole.
 */
public final class LegacyBackup {

    public static final String NODES_SUFFIX = "_nodes.json";
    public static final String RELATIONSHIPS = "relationships.json";
    public static final String SUMMARY = "backup_summary.json";

    /** One node object of a node file, its properties in file order. */
    public record LegacyNode(String label, int index, Map<String, JsonNode> props) {
    }

    /** One relationship of relationships.json, as written. */
    public record LegacyRelationship(int index, String type, String fromLabel, JsonNode fromId, String toLabel,
            JsonNode toId, Map<String, JsonNode> props) {
    }

    private final Path dir;
    private final Map<String, List<LegacyNode>> nodes;
    private final List<LegacyRelationship> relationships;

    private LegacyBackup(Path dir, Map<String, List<LegacyNode>> nodes, List<LegacyRelationship> relationships) {
        this.dir = dir;
        this.nodes = nodes;
        this.relationships = relationships;
    }

    public static boolean isLegacyFolder(Path dir) {
        if (Files.exists(dir.resolve("manifest.json"))) {
            return false;
        }
        if (Files.exists(dir.resolve(SUMMARY)) || Files.exists(dir.resolve(RELATIONSHIPS))) {
            return true;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + NODES_SUFFIX)) {
            return files.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }

    public static LegacyBackup read(Path dir) {
        Map<String, List<LegacyNode>> nodes = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + NODES_SUFFIX)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                String label = name.substring(0, name.length() - NODES_SUFFIX.length());
                JsonNode array = arrayIn(readJson(f), "nodes", f);
                List<LegacyNode> list = new ArrayList<>();
                int i = 0;
                for (JsonNode n : array) {
                    if (!n.isObject()) {
                        throw new GraphVaultException(f + " entry " + (i + 1) + " is not a JSON object");
                    }
                    list.add(new LegacyNode(label, i++, fields(n)));
                }
                nodes.put(label, list);
            }
        } catch (IOException e) {
            throw new GraphVaultException("cannot list the node files in " + dir + ": " + e.getMessage(), e);
        }
        if (nodes.isEmpty()) {
            throw new GraphVaultException(dir + " looks like a backup of the old Python scripts but has no *"
                    + NODES_SUFFIX + " file");
        }
        List<LegacyRelationship> rels = new ArrayList<>();
        Path relFile = dir.resolve(RELATIONSHIPS);
        if (Files.exists(relFile)) {
            int i = 0;
            for (JsonNode r : arrayIn(readJson(relFile), "relationships", relFile)) {
                i++;
                String type = firstText(r, "type", "rel_type", "relationship_type", "relationship");
                String fromLabel = firstText(r, "from_label", "start_label", "source_label");
                String toLabel = firstText(r, "to_label", "end_label", "target_label");
                JsonNode fromId = first(r, "from_id", "start_id", "source_id");
                JsonNode toId = first(r, "to_id", "end_id", "target_id");
                if (type == null || fromLabel == null || toLabel == null || fromId == null || toId == null) {
                    throw new GraphVaultException(relFile + " entry " + i + " lacks type, from_label, from_id, to_label or to_id: "
                            + abbreviate(r.toString()));
                }
                JsonNode props = first(r, "properties", "props", "rel_properties");
                rels.add(new LegacyRelationship(i, type, fromLabel, fromId, toLabel, toId,
                        props != null && props.isObject() ? fields(props) : Map.of()));
            }
        }
        return new LegacyBackup(dir, nodes, rels);
    }

    public String name() {
        return dir.getFileName().toString();
    }

    public Path dir() {
        return dir;
    }

    public Map<String, List<LegacyNode>> nodes() {
        return nodes;
    }

    public List<LegacyRelationship> relationships() {
        return relationships;
    }

    public long nodeCount() {
        return nodes.values().stream().mapToLong(List::size).sum();
    }

    public long relationshipCount() {
        return relationships.size();
    }

    private static JsonNode readJson(Path f) {
        try {
            return BackupJson.MAPPER.readTree(f.toFile());
        } catch (IOException e) {
            throw new GraphVaultException(f + " is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    private static JsonNode arrayIn(JsonNode root, String field, Path f) {
        if (root.isArray()) {
            return root;
        }
        if (root.isObject() && root.path(field).isArray()) {
            return root.get(field);
        }
        throw new GraphVaultException(f + " should hold a JSON array of " + field);
    }

    private static Map<String, JsonNode> fields(JsonNode object) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = object.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    private static JsonNode first(JsonNode r, String... names) {
        for (String n : names) {
            if (r.has(n) && !r.get(n).isNull()) {
                return r.get(n);
            }
        }
        return null;
    }

    private static String firstText(JsonNode r, String... names) {
        JsonNode n = first(r, names);
        return n == null ? null : n.asText();
    }

    /** A value from a legacy file, short enough for one line of a report. */
    public static String abbreviateValue(JsonNode v) {
        if (v.isArray() && v.size() > 4) {
            return "[" + v.get(0) + ", " + v.get(1) + ", ... " + v.size() + " values]";
        }
        return abbreviate(v.toString());
    }

    static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }
}
