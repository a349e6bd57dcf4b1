package io.graphvault.restore;

import io.graphvault.format.BackupManifest;
import io.graphvault.format.BackupManifest.FileEntry;
import io.graphvault.format.BackupSchema;
import io.graphvault.format.BackupSchema.NodeKey;
import io.graphvault.format.BackupSchema.SchemaEntry;
import io.graphvault.restore.legacy.LegacyBackup;
import io.graphvault.restore.legacy.LegacyBackup.LegacyNode;
import io.graphvault.restore.legacy.LegacyJson;
import io.graphvault.storage.BackupSource;
import io.graphvault.storage.verify.BackupReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * What a dry run can foresee, before any write, of the target's constraints refusing the restore: a
 * constraint or index of the target that bears the name of one of the backup's with another definition
 * (the restore creates IF NOT EXISTS, so the backup's would silently be missing), and node constraints
 * of the target that the backup's own schema lacks (the source did not enforce them), checked against
 * the backup's nodes: two nodes with the same values where the target holds them unique, a node without
 * a property the target requires. Those nodes are read once more only when such a constraint exists.
 * A folder of the old Python scripts has no schema: each of the target's node constraints is checked
 * against its nodes, which are in memory anyway. The nodes already in the target are not compared.
 */
final class ConstraintClashes {

    private static final Set<String> UNIQUE = Set.of("UNIQUENESS", "NODE_KEY");
    private static final Set<String> EXISTS = Set.of("NODE_PROPERTY_EXISTENCE", "NODE_KEY");
    private static final String WHAT_TO_DO = "drop or rename that constraint in the target, change the data at the backup's"
            + " source, or restore into an empty database";

    private ConstraintClashes() {
    }

    /** One problem per clash, naming the constraint; empty when none can be foreseen. */
    static List<String> find(BackupSchema target, BackupSchema backup, BackupSource source, BackupManifest manifest) {
        List<String> problems = new ArrayList<>();
        Map<String, String> backupByName = new HashMap<>();
        Map<String, SchemaEntry> backupRules = new HashMap<>();
        backup.constraints().forEach(e -> backupByName.put(e.name(), describe("constraint", e)));
        backup.indexes().forEach(e -> backupByName.put(e.name(), describe("index", e)));
        backup.constraints().forEach(e -> backupRules.put(e.name(), e));
        backup.indexes().forEach(e -> backupRules.put(e.name(), e));
        Map<SchemaEntry, String> targetEntries = new LinkedHashMap<>();
        target.constraints().forEach(e -> targetEntries.put(e, describe("constraint", e)));
        target.indexes().forEach(e -> targetEntries.put(e, describe("index", e)));
        targetEntries.forEach((t, described) -> {
            SchemaEntry b = backupRules.get(t.name());
            if (b != null && !sameRule(t, b)) {
                problems.add("the target's " + described + " bears the name of the backup's " + backupByName.get(t.name())
                        + ": the restore would keep the target's and not create the backup's; rename or drop the target's,"
                        + " or restore into an empty database");
            }
        });
        List<NodeCheck> checks = nodeChecks(target, backup.constraints(), label -> "export ids");
        if (!checks.isEmpty()) {
            for (FileEntry f : manifest.files()) {
                if (GraphImporter.isNodeFile(f)) {
                    BackupReader.forEachRecord(source, f, r -> {
                        List<String> labels = new ArrayList<>();
                        r.fields().path("labels").forEach(l -> labels.add(l.asText()));
                        checks.forEach(c -> c.add(labels, r.props(), r.id(), r.id()));
                    });
                }
            }
            checks.forEach(c -> c.report(problems));
        }
        return problems;
    }

    /**
     * The same for a folder of the old Python scripts, which holds no schema: its nodes are in memory.
     * Entries that merge into one node ({@code keys}: the property each label is merged on) share their values.
     */
    static List<String> findLegacy(BackupSchema target, LegacyBackup legacy, NodeKeys keys) {
        List<String> problems = new ArrayList<>();
        for (NodeCheck c : nodeChecks(target, List.of(), label -> LegacyBackup.nodeFileOf(label) + " entries")) {
            List<LegacyNode> nodes = legacy.nodesByLabel().getOrDefault(c.label, List.of());
            for (int i = 0; i < nodes.size(); i++) {
                LegacyNode n = nodes.get(i);
                Map<String, Object> props = LegacyJson.properties(n.props());
                NodeKey key = keys.keyOf(n.labels(), props);
                c.add(n.labels(), props, key == null ? n : key.label() + "." + key.property() + "=" + props.get(key.property()),
                        i + 1);
            }
            c.report(problems);
        }
        return problems;
    }

    /** The target's node constraints the backup's own ({@code backupConstraints}) do not hold. */
    private static List<NodeCheck> nodeChecks(BackupSchema target, List<SchemaEntry> backupConstraints,
            Function<String, String> shownAs) {
        return target.constraints().stream()
                .filter(t -> "NODE".equals(t.entityType()) && t.labelsOrTypes().size() == 1
                        && (UNIQUE.contains(t.type()) || EXISTS.contains(t.type())))
                .filter(t -> backupConstraints.stream().noneMatch(b -> sameRule(t, b)))
                .map(t -> new NodeCheck(t, shownAs.apply(t.labelsOrTypes().get(0)))).toList();
    }

    private static boolean sameRule(SchemaEntry a, SchemaEntry b) {
        return a.type().equals(b.type()) && a.entityType().equals(b.entityType()) && a.labelsOrTypes().equals(b.labelsOrTypes())
                && a.properties().equals(b.properties()) && Objects.equals(a.propertyType(), b.propertyType());
    }

    private static String describe(String kind, SchemaEntry e) {
        return kind + " '" + e.name() + "' (" + e.type() + " on " + String.join("|", e.labelsOrTypes()) + " " + e.properties() + ")";
    }

    /** One node constraint of the target, checked against every node of the backup carrying its label. */
    private static final class NodeCheck {

        private final SchemaEntry constraint;
        private final String label;
        private final String shownAs;
        /** Per value, the identity of the first node holding it and how that node is shown. */
        private final Map<List<Object>, Object[]> firstHolder = new HashMap<>();
        private final Map<List<Object>, List<Object>> shared = new LinkedHashMap<>();
        private final List<Object> lacking = new ArrayList<>();
        private long lackingCount;

        NodeCheck(SchemaEntry constraint, String shownAs) {
            this.constraint = constraint;
            this.label = constraint.labelsOrTypes().get(0);
            this.shownAs = shownAs;
        }

        /** {@code identity}: equal for entries that the restore merges into one node; {@code shown}: how a message names it. */
        void add(List<String> labels, Map<String, Object> props, Object identity, Object shown) {
            if (!labels.contains(label)) {
                return;
            }
            List<Object> values = new ArrayList<>();
            for (String p : constraint.properties()) {
                Object v = props.get(p);
                // a byte array's equals() is its identity
                values.add(v instanceof byte[] bytes ? HexFormat.of().formatHex(bytes) : v);
            }
            if (values.contains(null)) {
                if (EXISTS.contains(constraint.type()) && lackingCount++ < 3) {
                    lacking.add(shown);
                }
                return;
            }
            if (UNIQUE.contains(constraint.type())) {
                Object[] first = firstHolder.putIfAbsent(values, new Object[] {identity, shown});
                if (first != null && !first[0].equals(identity)) {
                    shared.computeIfAbsent(values, v -> new ArrayList<>(List.of(first[1]))).add(shown);
                }
            }
        }

        void report(List<String> problems) {
            String what = "the target's " + describe("constraint", constraint) + " would refuse the backup: ";
            if (!shared.isEmpty()) {
                Map.Entry<List<Object>, List<Object>> e = shared.entrySet().iterator().next();
                problems.add(what + shared.size() + " value(s) of " + constraint.properties() + " are held by several nodes labelled "
                        + label + ", e.g. " + e.getKey() + " by the nodes of " + shownAs + " " + e.getValue() + " (the backup's"
                        + " source had no such constraint); the restore would stop at the second. " + capitalised(WHAT_TO_DO));
            }
            if (lackingCount > 0) {
                problems.add(what + lackingCount + " node(s) labelled " + label + " lack " + constraint.properties() + ", e.g. "
                        + shownAs + " " + lacking + "; the restore would stop at the first. " + capitalised(WHAT_TO_DO));
            }
        }

        private static String capitalised(String s) {
            return Character.toUpperCase(s.charAt(0)) + s.substring(1);
        }
    }
}
