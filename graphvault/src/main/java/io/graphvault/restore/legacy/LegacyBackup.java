package io.graphvault.restore.legacy;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphvault.format.TokenNames;
import io.graphvault.internal.GraphVaultException;
import io.graphvault.restore.legacy.LabelSpellings.Spelling;
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
import java.util.TreeSet;

/**
 * A backup folder written by the old {@code backup_database.py}: per label of {@code CALL db.labels()}
 * a {@code label.lower() + "_nodes.json"} array of {@code dict(node)} without {@code embedding} (a
 * node with several labels in each of their files), {@code relationships.json} with endpoints named
 * by {@code labels(a)[0]} and the value of {@code a[keys(a)[0]]}, and {@code backup_summary.json}
 * whose {@code node_counts} keys spell the labels. The script wrote these files whole from memory,
 * so they are read whole.
 */
public final class LegacyBackup {

    public static final String NODES_SUFFIX = "_nodes.json";
    public static final String RELATIONSHIPS = "relationships.json";
    public static final String SUMMARY = "backup_summary.json";

    static final String NOTHING_WRITTEN = "Nothing was written; fix the file from its source";

    /** One node: the labels of the files it appears in, its properties in file order. */
    public record LegacyNode(int id, List<String> labels, Map<String, JsonNode> props) {
    }

    /** One row of relationships.json, as written; {@code index} counts from 1. */
    public record LegacyRelationship(int index, String type, String fromLabel, JsonNode fromId, String toLabel,
            JsonNode toId, Map<String, JsonNode> props) {
    }

    private final Path dir;
    private final MultiLabelNodes nodes;
    private final List<LegacyRelationship> relationships;
    private final List<String> notes = new ArrayList<>();
    private final List<String> problems;

    private LegacyBackup(Path dir, MultiLabelNodes nodes, List<LegacyRelationship> relationships, List<String> problems) {
        this.dir = dir;
        this.nodes = nodes;
        this.relationships = relationships;
        this.problems = problems;
    }

    public static boolean isLegacyFolder(Path dir) {
        if (Files.exists(dir.resolve("manifest.json"))) {
            return false;
        }
        if (Files.exists(dir.resolve(SUMMARY)) || Files.exists(dir.resolve(RELATIONSHIPS))) {
            return true;
        }
        return !nodeFiles(dir).isEmpty();
    }

    /** {@code labelMap}: node file name (with or without {@value #NODES_SUFFIX}) to the label's spelling. */
    public static LegacyBackup read(Path dir, Map<String, String> labelMap) {
        TreeSet<String> files = nodeFiles(dir);
        if (files.isEmpty()) {
            throw new GraphVaultException(dir + " looks like a backup of the old Python scripts but has no *" + NODES_SUFFIX + " file");
        }
        List<LegacyRelationship> rels = relationships(dir.resolve(RELATIONSHIPS));
        Map<String, Long> counts = nodeCounts(dir.resolve(SUMMARY));
        List<String> problems = new ArrayList<>();
        Map<String, Spelling> spellings = LabelSpellings.resolve(dir, files, List.copyOf(counts.keySet()), rels, labelMap, problems);
        Map<String, List<Map<String, JsonNode>>> entries = new TreeMap<>();
        for (Spelling s : spellings.values()) {
            Path f = dir.resolve(s.file());
            List<Map<String, JsonNode>> list = new ArrayList<>();
            int i = 0;
            for (JsonNode n : arrayIn(LegacyJson.read(f), "nodes", f)) {
                i++;
                if (!n.isObject()) {
                    throw new GraphVaultException(f + " entry " + i + " is not a JSON object");
                }
                list.add(LegacyJson.requireStorable(fields(n), f + " entry " + i));
            }
            if (entries.put(s.label(), list) != null) {
                throw new GraphVaultException("two node files of " + dir + " hold label '" + s.label() + "'; keep the one the old script wrote ("
                        + LabelSpellings.fileOf(s.label()) + ")");
            }
            Long counted = counts.get(s.label());
            if (counted != null && counted != list.size()) {
                problems.add(f + " holds " + list.size() + " nodes, " + SUMMARY + " counted " + counted + " for label '" + s.label() + "'");
            }
        }
        counts.forEach((label, n) -> {
            if (!entries.containsKey(label) && !files.contains(LabelSpellings.fileOf(label)) && n != null && n > 0) {
                problems.add(SUMMARY + " counts " + n + " nodes labelled '" + label + "', but there is no " + LabelSpellings.fileOf(label));
            }
        });
        JsonNode total = Files.exists(dir.resolve(SUMMARY)) ? LegacyJson.read(dir.resolve(SUMMARY)).path("total_relationships") : null;
        if (total != null && total.canConvertToLong() && total.longValue() != rels.size()) {
            problems.add(SUMMARY + " counts " + total.longValue() + " relationships, " + RELATIONSHIPS + " holds " + rels.size());
        }
        LegacyBackup backup = new LegacyBackup(dir, new MultiLabelNodes(entries), rels, problems);
        spellings.values().forEach(s -> backup.notes.add("label " + s.label() + " (" + s.file() + "): spelling from " + s.source()));
        backup.notes.addAll(backup.nodes.notes());
        return backup;
    }

    private static TreeSet<String> nodeFiles(Path dir) {
        TreeSet<String> names = new TreeSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + NODES_SUFFIX)) {
            files.forEach(f -> names.add(f.getFileName().toString()));
        } catch (IOException e) {
            throw new GraphVaultException("cannot list the node files in " + dir + ": " + e.getMessage(), e);
        }
        return names;
    }

    /** The node_counts keys (each label's spelling), in the order the script wrote them; none without a summary. */
    private static Map<String, Long> nodeCounts(Path f) {
        Map<String, Long> counts = new LinkedHashMap<>();
        if (Files.exists(f)) {
            JsonNode c = LegacyJson.read(f).path("node_counts");
            c.fields().forEachRemaining(e -> {
                requireName(f + " node_counts", "the label", e.getKey());
                counts.put(e.getKey(), e.getValue().canConvertToLong() ? e.getValue().longValue() : null);
            });
        }
        return counts;
    }

    private static List<LegacyRelationship> relationships(Path f) {
        List<LegacyRelationship> rels = new ArrayList<>();
        if (!Files.exists(f)) {
            return rels;
        }
        int i = 0;
        for (JsonNode r : arrayIn(LegacyJson.read(f), "relationships", f)) {
            i++;
            String type = firstText(r, "rel_type", "type", "relationship_type", "relationship");
            String fromLabel = firstText(r, "from_label", "start_label", "source_label");
            String toLabel = firstText(r, "to_label", "end_label", "target_label");
            // a null from_id is a value too: the script wrote it for a node without properties
            JsonNode fromId = r.has("from_id") ? r.get("from_id") : first(r, "start_id", "source_id");
            JsonNode toId = r.has("to_id") ? r.get("to_id") : first(r, "end_id", "target_id");
            if (type == null || fromLabel == null || toLabel == null || fromId == null || toId == null) {
                throw new GraphVaultException(f + " entry " + i + " lacks rel_type, from_label, from_id, to_label or to_id: "
                        + LegacyJson.abbreviate(r));
            }
            requireName(f + " entry " + i, "rel_type", type);
            requireName(f + " entry " + i, "from_label", fromLabel);
            requireName(f + " entry " + i, "to_label", toLabel);
            JsonNode props = first(r, "rel_props", "properties", "props", "rel_properties");
            if (props != null && !props.isObject()) {
                throw new GraphVaultException(f + " entry " + i + ": rel_props is " + LegacyJson.abbreviate(props) + ", neither an"
                        + " object nor null: the old script wrote properties(r) there, or None when it had none, so it did not write"
                        + " this file as it is. " + NOTHING_WRITTEN);
            }
            rels.add(new LegacyRelationship(i, type, fromLabel, fromId, toLabel, toId,
                    props == null ? Map.of() : LegacyJson.requireStorable(fields(props), f + " entry " + i)));
        }
        return rels;
    }

    /** A type or label: the script wrote type(r), labels(n)[0] and db.labels(), names Neo4j holds. */
    private static void requireName(String where, String field, String name) {
        try {
            TokenNames.require(field, name);
        } catch (IllegalArgumentException e) {
            throw new GraphVaultException(where + ": " + e.getMessage() + ", and the old script wrote it from"
                    + " Neo4j, so it did not write this file as it is. " + NOTHING_WRITTEN, e);
        }
    }

    /** The node file the old script wrote {@code label}'s nodes to. */
    public static String nodeFileOf(String label) {
        return LabelSpellings.fileOf(label);
    }

    public String name() {
        return dir.getFileName().toString();
    }

    public Path dir() {
        return dir;
    }

    /** Every node once, a node with several labels too. */
    public List<LegacyNode> nodes() {
        return nodes.nodes();
    }

    /** Per label (its real spelling), the nodes of its file in file order. */
    public Map<String, List<LegacyNode>> nodesByLabel() {
        return nodes.byLabel();
    }

    public List<LegacyRelationship> relationships() {
        return relationships;
    }

    public long nodeCount() {
        return nodes.nodes().size();
    }

    public long relationshipCount() {
        return relationships.size();
    }

    /** Where each label's spelling came from, and how node file entries became nodes. */
    public List<String> notes() {
        return notes;
    }

    /** What the folder lacks by the script's own doing (a file two labels shared) or disagrees on: each fails the restore. */
    public List<String> problems() {
        return problems;
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
}
