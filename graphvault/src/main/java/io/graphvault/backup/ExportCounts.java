package io.graphvault.backup;

import io.graphvault.format.BackupManifest.Counts;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.neo4j.driver.Value;

/** Counts per label, per type and per excluded property, as the reader goes by (one thread). */
final class ExportCounts {
    private final List<String> excluded;
    private final Map<String, long[]> labels = new HashMap<>();
    private final Map<String, long[]> types = new HashMap<>();
    private final Map<String, long[]> excludedNodes = new LinkedHashMap<>();
    private long nodes;
    private long relationships;

    ExportCounts(List<String> excluded) {
        this.excluded = excluded;
        excluded.forEach(p -> excludedNodes.put(p, new long[1]));
    }

    void node(Value nodeLabels, Value props) {
        nodes++;
        for (Value l : nodeLabels.values()) {
            labels.computeIfAbsent(l.asString(), k -> new long[1])[0]++;
        }
        for (int i = 0; i < excluded.size(); i++) {
            if (props.containsKey(excluded.get(i))) {
                excludedNodes.get(excluded.get(i))[0]++;
            }
        }
    }

    void relationship(String type) {
        relationships++;
        types.computeIfAbsent(type, k -> new long[1])[0]++;
    }

    /** A relationship counted before, which the backup leaves out after all ({@link LiveChanges}). */
    void dropRelationship(String type) {
        relationships--;
        types.get(type)[0]--;
    }

    Counts build() {
        return new Counts(nodes, relationships, sorted(labels), sorted(types), sorted(excludedNodes));
    }

    private static Map<String, Long> sorted(Map<String, long[]> m) {
        Map<String, Long> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v[0]));
        return out;
    }
}
