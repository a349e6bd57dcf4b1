package io.graphvault.restore;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphvault.format.BackupSchema.NodeKey;
import io.graphvault.restore.legacy.LegacyBackup;
import io.graphvault.restore.legacy.LegacyBackup.LegacyNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The property each label's nodes of a legacy folder are merged on: the folder records no keys. */
final class LegacyKeys {

    private LegacyKeys() {
    }

    /** Database constraints first, then --key, then the one property unique across the label's node file. */
    static Map<String, String> choose(LegacyBackup legacy, List<NodeKey> databaseKeys, Map<String, String> overrides, List<String> notes) {
        Map<String, String> keys = new TreeMap<>();
        databaseKeys.forEach(k -> keys.put(k.label(), k.property()));
        keys.putAll(overrides);
        legacy.nodesByLabel().forEach((label, nodes) -> {
            if (keys.containsKey(label)) {
                return;
            }
            String inferred = uniqueProperty(nodes);
            if (inferred != null) {
                keys.put(label, inferred);
                notes.add("nodes labelled " + label + " are merged on '" + inferred + "' (unique across its node file); use --key "
                        + label + "=PROPERTY to choose another");
            } else {
                notes.add("nodes labelled " + label + " have no unique property: they are matched by their whole content");
            }
        });
        return keys;
    }

    private static String uniqueProperty(List<LegacyNode> nodes) {
        if (nodes.isEmpty()) {
            return null;
        }
        List<String> candidates = new ArrayList<>();
        for (String key : nodes.get(0).props().keySet()) {
            Set<String> seen = new HashSet<>();
            boolean unique = true;
            for (LegacyNode n : nodes) {
                JsonNode v = n.props().get(key);
                // NaN equals nothing, not even itself: a MERGE on it would create the node again on every replay
                if (v == null || v.isNull() || v.isContainerNode() || v.isNumber() && Double.isNaN(v.doubleValue())
                        || !seen.add(v.toString())) {
                    unique = false;
                    break;
                }
            }
            if (unique) {
                candidates.add(key);
            }
        }
        return candidates.stream().filter(k -> k.equals("id") || k.endsWith("_id")).findFirst()
                .orElse(candidates.isEmpty() ? null : candidates.get(0));
    }
}
