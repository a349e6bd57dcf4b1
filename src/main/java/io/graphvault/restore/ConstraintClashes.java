package io.graphvault.restore;

import io.graphvault.format.BackupManifest;
import io.graphvault.format.BackupManifest.FileEntry;
import io.graphvault.format.BackupSchema;
import io.graphvault.format.BackupSchema.SchemaEntry;
import io.graphvault.format.BatchRecord;
import io.graphvault.storage.BackupReader;
import io.graphvault.storage.BackupSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a dry run can foresee, before any write, of the target's constraints refusing the restore: a
 * constraint or index of the target that bears the name of one of the backup's with another definition
 * (the restore creates IF NOT EXISTS, so the backup's would silently be missing), and node constraints
 * of the target that the backup's own schema lacks (the source did not enforce them), checked against
 * the backup's nodes: two nodes with the same values where the target holds them unique, a node without
 * a property the target requires. Those nodes are read once more only when such a constraint exists.
 * The nodes already in the target are not compared.
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
        List<NodeCheck> checks = target.constraints().stream()
                .filter(t -> "NODE".equals(t.entityType()) && t.labelsOrTypes().size() == 1
                        && (UNIQUE.contains(t.type()) || EXISTS.contains(t.type())))
                .filter(t -> backup.constraints().stream().noneMatch(b -> sameRule(t, b)))
                .map(NodeCheck::new).toList();
        if (!checks.isEmpty()) {
            for (FileEntry f : manifest.files()) {
                if (GraphImporter.isNodeFile(f)) {
                    BackupReader.forEachRecord(source, f, r -> checks.forEach(c -> c.add(r)));
                }
            }
            checks.forEach(c -> c.report(problems));
        }
        return problems;
    }

    private static boolean sameRule(SchemaEntry a, SchemaEntry b) {
        return a.type().equals(b.type()) && a.entityType().equals(b.entityType()) && a.labelsOrTypes().equals(b.labelsOrTypes())
                && a.properties().equals(b.properties()) && Objects.equals(a.propertyType(), b.propertyType());
    }

    private static String describe(String kind, SchemaEntry e) {
        return kind + " '" + e.name() + "' (" + e.type() + " on " + String.join("|", e.labelsOrTypes()) + " " + e.properties() + ")";
    }

    /** One node constraint of the target, checked against every node record carrying its label. */
    private static final class NodeCheck {

        private final SchemaEntry constraint;
        private final String label;
        private final Map<List<Object>, Long> firstHolder = new HashMap<>();
        private final Map<List<Object>, List<Long>> shared = new LinkedHashMap<>();
        private final List<Long> lacking = new ArrayList<>();
        private long lackingCount;

        NodeCheck(SchemaEntry constraint) {
            this.constraint = constraint;
            this.label = constraint.labelsOrTypes().get(0);
        }

        void add(BatchRecord r) {
            boolean labelled = false;
            for (var l : r.fields().path("labels")) {
                labelled |= l.asText().equals(label);
            }
            if (!labelled) {
                return;
            }
            List<Object> values = new ArrayList<>();
            for (String p : constraint.properties()) {
                Object v = r.props().get(p);
                // a byte array's equals() is its identity
                values.add(v instanceof byte[] bytes ? HexFormat.of().formatHex(bytes) : v);
            }
            if (values.contains(null)) {
                if (EXISTS.contains(constraint.type()) && lackingCount++ < 3) {
                    lacking.add(r.id());
                }
                return;
            }
            if (UNIQUE.contains(constraint.type())) {
                Long first = firstHolder.putIfAbsent(values, r.id());
                if (first != null) {
                    shared.computeIfAbsent(values, v -> new ArrayList<>(List.of(first))).add(r.id());
                }
            }
        }

        void report(List<String> problems) {
            String what = "the target's " + describe("constraint", constraint) + " would refuse the backup: ";
            if (!shared.isEmpty()) {
                Map.Entry<List<Object>, List<Long>> e = shared.entrySet().iterator().next();
                problems.add(what + shared.size() + " value(s) of " + constraint.properties() + " are held by several nodes labelled "
                        + label + ", e.g. " + e.getKey() + " by the nodes of export ids " + e.getValue() + " (the backup's"
                        + " source had no such constraint); the restore would stop at the second. " + capitalised(WHAT_TO_DO));
            }
            if (lackingCount > 0) {
                problems.add(what + lackingCount + " node(s) labelled " + label + " lack " + constraint.properties() + ", e.g. export ids "
                        + lacking + "; the restore would stop at the first. "
                        + capitalised(WHAT_TO_DO));
            }
        }

        private static String capitalised(String s) {
            return Character.toUpperCase(s.charAt(0)) + s.substring(1);
        }
    }
}
