package io.graphvault.restore.legacy;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphvault.restore.legacy.LegacyBackup.LegacyNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the entries of the node files into nodes. The script wrote a node with several labels into
 * each of its labels' files, the same properties in the same order each time; nothing else ties
 * those entries together. Entries of several files with identical properties (same keys, same
 * order, same values of the same JSON type) are one node with all those labels when each of those
 * files holds them equally often; otherwise each entry is a node of its own, and a note says so.
 */
final class MultiLabelNodes {

    private final List<LegacyNode> nodes = new ArrayList<>();
    private final Map<String, List<LegacyNode>> byLabel = new TreeMap<>();
    private final List<String> notes = new ArrayList<>();

    /** {@code entries}: label to the property objects of its file, in file order. */
    MultiLabelNodes(Map<String, List<Map<String, JsonNode>>> entries) {
        Map<List<String>, Map<String, List<Integer>>> groups = new LinkedHashMap<>();
        Map<String, LegacyNode[]> slots = new TreeMap<>();
        entries.forEach((label, list) -> {
            slots.put(label, new LegacyNode[list.size()]);
            for (int i = 0; i < list.size(); i++) {
                groups.computeIfAbsent(content(list.get(i)), c -> new TreeMap<>()).computeIfAbsent(label, l -> new ArrayList<>()).add(i);
            }
        });
        long combined = 0;
        List<String> uneven = new ArrayList<>();
        for (Map<String, List<Integer>> group : groups.values()) {
            boolean even = group.values().stream().mapToInt(List::size).distinct().count() == 1;
            if (group.size() > 1 && even) {
                List<String> labels = List.copyOf(group.keySet());
                for (int j = 0; j < group.values().iterator().next().size(); j++) {
                    int k = j;
                    LegacyNode node = node(labels, entries, group);
                    group.forEach((label, indexes) -> slots.get(label)[indexes.get(k)] = node);
                    combined++;
                }
                continue;
            }
            if (group.size() > 1) {
                uneven.add(group.keySet() + " " + group.values().stream().map(l -> String.valueOf(l.size())).toList());
            }
            group.forEach((label, indexes) -> indexes.forEach(i -> slots.get(label)[i] = node(List.of(label), entries, Map.of(label, List.of(i)))));
        }
        slots.forEach((label, array) -> byLabel.put(label, List.of(array)));
        if (combined > 0) {
            notes.add(combined + " nodes appear with the same properties in several node files: each is restored as one node with"
                    + " all those labels (the old script wrote a node with several labels into each of its labels' files)");
        }
        if (!uneven.isEmpty()) {
            notes.add("entries with the same properties appear in several node files, but not equally often, so they are restored"
                    + " as separate nodes: " + String.join("; ", uneven.subList(0, Math.min(5, uneven.size())))
                    + (uneven.size() > 5 ? " and " + (uneven.size() - 5) + " more" : ""));
        }
    }

    private LegacyNode node(List<String> labels, Map<String, List<Map<String, JsonNode>>> entries, Map<String, List<Integer>> group) {
        Map.Entry<String, List<Integer>> first = group.entrySet().iterator().next();
        LegacyNode node = new LegacyNode(nodes.size(), labels, entries.get(first.getKey()).get(first.getValue().get(0)));
        nodes.add(node);
        return node;
    }

    /** Keys in order, each with its typed value: equal only for entries Python wrote from equal property maps. */
    private static List<String> content(Map<String, JsonNode> props) {
        List<String> c = new ArrayList<>(props.size() * 2);
        props.forEach((k, v) -> {
            c.add(k);
            c.add(LegacyJson.typed(v));
        });
        return c;
    }

    List<LegacyNode> nodes() {
        return nodes;
    }

    Map<String, List<LegacyNode>> byLabel() {
        return byLabel;
    }

    List<String> notes() {
        return notes;
    }
}
