package io.graphvault.restore;

import io.graphvault.format.BackupSchema.NodeKey;
import io.graphvault.format.BackupSchema.SchemaEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which properties identify a node: the first of its labels (in label order) that has a key and a
 * value for it. The export recorded relationship endpoints with the same rule for single-property
 * keys, so the restore finds them the same way.
 *
 * <p>A label whose only uniqueness constraint spans several properties has a composite key: the
 * restore merges its nodes on all of those properties (so a replay into a live database updates
 * them in place instead of tripping the constraint), while relationships find them through the
 * restore's helper id, as the export recorded no endpoint key for them.
 */
final class NodeKeys {

    /** Nodes with {@code label} are merged on {@code properties}, all of them set. */
    record MergeKey(String label, List<String> properties) {
    }

    private final List<NodeKey> keys;
    private final List<MergeKey> composite;

    private NodeKeys(List<NodeKey> keys, List<MergeKey> composite) {
        this.keys = keys;
        this.composite = composite;
    }

    static NodeKeys of(List<NodeKey> keys) {
        List<NodeKey> sorted = new ArrayList<>(keys == null ? List.of() : keys);
        sorted.sort(Comparator.comparing(NodeKey::label));
        return new NodeKeys(sorted, List.of());
    }

    /** These keys with {@code overrides} (label to property) added or replacing. */
    NodeKeys with(Map<String, String> overrides) {
        Map<String, String> byLabel = new TreeMap<>();
        keys.forEach(k -> byLabel.put(k.label(), k.property()));
        byLabel.putAll(overrides);
        List<NodeKey> merged = new ArrayList<>();
        byLabel.forEach((l, p) -> merged.add(new NodeKey(l, p)));
        return new NodeKeys(of(merged).keys, composite);
    }

    /**
     * These keys plus, for each label that has none, a composite (several-property) uniqueness or
     * node-key constraint of {@code constraints}: the one whose property names, joined by commas,
     * sort first, so the same schema always gives the same key. The constraints are those the
     * export recorded in schema.json, so the choice is fixed by the backup, as single keys are.
     */
    NodeKeys withComposite(List<SchemaEntry> constraints) {
        Map<String, List<String>> byLabel = new TreeMap<>();
        for (SchemaEntry c : constraints) {
            boolean unique = c.type().equals("UNIQUENESS") || c.type().equals("NODE_KEY");
            if (unique && c.entityType().equals("NODE") && c.labelsOrTypes().size() == 1 && c.properties().size() > 1
                    && keys.stream().noneMatch(k -> k.label().equals(c.labelsOrTypes().get(0)))) {
                byLabel.merge(c.labelsOrTypes().get(0), c.properties(),
                        (a, b) -> String.join(",", a).compareTo(String.join(",", b)) <= 0 ? a : b);
            }
        }
        List<MergeKey> found = new ArrayList<>();
        byLabel.forEach((label, properties) -> found.add(new MergeKey(label, List.copyOf(properties))));
        return new NodeKeys(keys, found);
    }

    NodeKey keyOf(List<String> labels, Map<String, Object> props) {
        for (NodeKey k : keys) {
            if (labels.contains(k.label()) && props.get(k.property()) != null) {
                return k;
            }
        }
        return null;
    }

    /** The key a node is merged on: its single-property key, else a composite one it has every value of. */
    MergeKey mergeKeyOf(List<String> labels, Map<String, Object> props) {
        NodeKey single = keyOf(labels, props);
        if (single != null) {
            return new MergeKey(single.label(), List.of(single.property()));
        }
        for (MergeKey k : composite) {
            if (labels.contains(k.label()) && k.properties().stream().allMatch(p -> props.get(p) != null)) {
                return k;
            }
        }
        return null;
    }

    /** Every key as {@code [label, [property, ...]]}, for queries that tell keyed nodes from keyless ones. */
    List<List<Object>> asLists() {
        List<List<Object>> lists = new ArrayList<>();
        keys.forEach(k -> lists.add(List.of(k.label(), List.of(k.property()))));
        composite.forEach(k -> lists.add(List.of(k.label(), k.properties())));
        return lists;
    }
}
