package io.graphvault.restore;

import io.graphvault.format.BackupSchema.NodeKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which property identifies a node: the first of its labels (in label order) that has a key and a
 * value for it. The export recorded relationship endpoints with the same rule, so the restore finds
 * them the same way.
 */
final class NodeKeys {

    private final List<NodeKey> keys;

    private NodeKeys(List<NodeKey> keys) {
        this.keys = keys;
    }

    static NodeKeys of(List<NodeKey> keys) {
        List<NodeKey> sorted = new ArrayList<>(keys == null ? List.of() : keys);
        sorted.sort(Comparator.comparing(NodeKey::label));
        return new NodeKeys(sorted);
    }

    /** These keys with {@code overrides} (label to property) added or replacing. */
    NodeKeys with(Map<String, String> overrides) {
        Map<String, String> byLabel = new TreeMap<>();
        keys.forEach(k -> byLabel.put(k.label(), k.property()));
        byLabel.putAll(overrides);
        List<NodeKey> merged = new ArrayList<>();
        byLabel.forEach((l, p) -> merged.add(new NodeKey(l, p)));
        return of(merged);
    }

    NodeKey keyOf(List<String> labels, Map<String, Object> props) {
        for (NodeKey k : keys) {
            if (labels.contains(k.label()) && props.get(k.property()) != null) {
                return k;
            }
        }
        return null;
    }

    List<NodeKey> all() {
        return keys;
    }

    List<List<String>> asPairs() {
        return keys.stream().map(k -> List.of(k.label(), k.property())).toList();
    }
}
