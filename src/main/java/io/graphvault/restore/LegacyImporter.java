package io.graphvault.restore;

import static io.graphvault.internal.CypherNames.labelExpression;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.graphvault.format.BackupSchema;
import io.graphvault.format.BackupSchema.NodeKey;
import io.graphvault.progress.Progress;
import io.graphvault.restore.GraphImporter.NodeRow;
import io.graphvault.restore.GraphImporter.RelRow;
import io.graphvault.restore.legacy.LegacyBackup;
import io.graphvault.restore.legacy.LegacyBackup.LegacyNode;
import io.graphvault.restore.legacy.LegacyBackup.LegacyRelationship;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.neo4j.driver.Session;

/**
 * Replays a folder of the old Python scripts through the same importer as a GraphVault backup.
 *
 * <p>The old script named relationship endpoints by {@code keys(a)[0]}: the value of the node's first
 * stored property, rarely its id. Each endpoint is resolved against the node files: first by the
 * first property of each node object (the files keep Neo4j's key order), then by any property; a
 * value that matches no node, or more than one, is reported by label, value and type and never
 * counted as restored.
 */
final class LegacyImporter {

    private static final int MAX_LISTED = 500;

    private final GraphImporter importer;

    LegacyImporter(GraphImporter importer) {
        this.importer = importer;
    }

    /**
     * {@code database}: the target's constraints, whose keys (single or composite) come first.
     * {@code reports}: where the complete list of unresolved relationships goes when it is too long
     * to print (BACKUP_DIR).
     */
    RestoreJob restore(RestoreJob job, BackupSchema database, Path reports) {
        LegacyBackup legacy = job.legacyBackup();
        Map<String, String> keys = chooseKeys(legacy, database.keys(), job.request().keys(), job.notes);
        NodeKeys nodeKeys = NodeKeys.of(keys.entrySet().stream().map(e -> new NodeKey(e.getKey(), e.getValue())).toList())
                .withComposite(database.constraints());
        job.notes.add("values come from the old Python script, which wrote dates and other types as strings: they are restored as written");
        importer.prepare(job, nodeKeys);
        Progress progress = Progress.start("restore " + legacy.name(), "records", legacy.nodeCount() + legacy.relationshipCount());
        Map<String, long[]> globalIds = writeNodes(job, legacy, nodeKeys, progress);
        List<String> unresolved = new ArrayList<>(writeRelationships(job, legacy, nodeKeys, globalIds, progress));
        // resolved by name, but not found in the database when written (e.g. deleted meanwhile)
        unresolved.addAll(job.unresolvedNamed);
        progress.finish();
        try (Session s = importer.session()) {
            importer.removeHelpers(s, job.claimRelationships);
        }
        long failed = legacy.relationshipCount() - job.relationshipsCreated - job.relationshipsMatched;
        job.notes.add("relationships: " + (job.relationshipsCreated + job.relationshipsMatched) + " of "
                + legacy.relationshipCount() + " restored, " + failed + " not restored");
        if (failed > 0) {
            job.problems.add(failed + " of " + legacy.relationshipCount() + " relationships of " + legacy.dir()
                    + " could not be restored: their endpoints could not be resolved" + listing(unresolved, legacy, reports));
        }
        return job;
    }

    /** Writes every node; returns, per label, the restore id of each node of its file. */
    private Map<String, long[]> writeNodes(RestoreJob job, LegacyBackup legacy, NodeKeys nodeKeys, Progress progress) {
        Map<String, long[]> globalIds = new HashMap<>();
        long next = 0;
        try (GraphImporter.NodeWriter nodes = importer.nodeWriter(job, progress)) {
            for (Map.Entry<String, List<LegacyNode>> e : legacy.nodes().entrySet()) {
                long[] ids = new long[e.getValue().size()];
                for (LegacyNode n : e.getValue()) {
                    ids[n.index()] = next;
                    Map<String, Object> props = props(n.props());
                    nodes.add(new NodeRow(next++, List.of(n.label()), props, nodeKeys.keyOf(List.of(n.label()), props),
                            nodeKeys.mergeKeyOf(List.of(n.label()), props)), 256);
                }
                globalIds.put(e.getKey(), ids);
            }
        }
        return globalIds;
    }

    /** Writes every relationship whose ends resolve; returns one line per end that did not. */
    private List<String> writeRelationships(RestoreJob job, LegacyBackup legacy, NodeKeys nodeKeys,
            Map<String, long[]> globalIds, Progress progress) {
        Resolver resolver = new Resolver(legacy);
        List<String> unresolved = new ArrayList<>();
        try (GraphImporter.Batcher<RelRow> rels = importer.relationshipBatcher(job, progress)) {
            for (LegacyRelationship r : legacy.relationships()) {
                LegacyNode from = resolver.resolve(r.fromLabel(), r.fromId(), r, "from", unresolved);
                LegacyNode to = resolver.resolve(r.toLabel(), r.toId(), r, "to", unresolved);
                if (from == null || to == null) {
                    progress.advance(1);
                    continue;
                }
                rels.add(new RelRow(r.index(), r.type(), globalIds.get(from.label())[from.index()],
                        globalIds.get(to.label())[to.index()], endpointKey(from, nodeKeys),
                        endpointKey(to, nodeKeys), props(r.props()), "relationships.json entry " + (r.index() + 1), 0), 256);
            }
        }
        return unresolved;
    }

    /** The first {@link #MAX_LISTED} on screen; beyond that, every one of them in a file that the text names. */
    private static String listing(List<String> unresolved, LegacyBackup legacy, Path reports) {
        StringBuilder b = new StringBuilder();
        unresolved.stream().limit(MAX_LISTED).forEach(u -> b.append("\n  ").append(u));
        if (unresolved.size() > MAX_LISTED) {
            b.append("\n  ... and ").append(unresolved.size() - MAX_LISTED).append(" more");
            Path file = reports.resolve("unresolved-" + legacy.name() + "-" + Instant.now().toString().replace(":", "") + ".txt");
            try {
                Files.createDirectories(reports);
                Files.write(file, unresolved, StandardCharsets.UTF_8);
                b.append(": all ").append(unresolved.size()).append(" are listed in ").append(file);
            } catch (IOException e) {
                b.append(" (the complete list could not be written to ").append(file).append(": ").append(e.getMessage()).append(')');
            }
        }
        return b.toString();
    }

    RestoreReport finish(RestoreService service, RestoreJob job) {
        Map<String, Long> labels = new TreeMap<>();
        try (Session s = importer.session()) {
            job.legacyBackup().nodes().forEach((label, list) -> {
                long there = s.run("MATCH (n" + labelExpression(List.of(label)) + ") RETURN count(n)").single().get(0).asLong();
                labels.put(label, there);
                if (there < list.size()) {
                    job.problems.add("label '" + label + "': the node file has " + list.size() + ", the database now has " + there);
                }
            });
        }
        return service.report(job, labels, Map.of());
    }

    /** Database constraints first, then --key, then the one property unique across the label's node file. */
    private static Map<String, String> chooseKeys(LegacyBackup legacy, List<NodeKey> databaseKeys, Map<String, String> overrides,
            List<String> notes) {
        Map<String, String> keys = new TreeMap<>();
        databaseKeys.forEach(k -> keys.put(k.label(), k.property()));
        keys.putAll(overrides);
        legacy.nodes().forEach((label, nodes) -> {
            if (keys.containsKey(label)) {
                return;
            }
            String inferred = uniqueProperty(nodes);
            if (inferred != null) {
                keys.put(label, inferred);
                notes.add("nodes labelled " + label + " are merged on '" + inferred + "' (unique across " + label
                        + LegacyBackup.NODES_SUFFIX + "); use --key " + label + "=PROPERTY to choose another");
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
                if (v == null || v.isNull() || v.isContainerNode() || !seen.add(v.toString())) {
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

    private static Map<String, Object> props(Map<String, JsonNode> in) {
        Map<String, Object> out = new LinkedHashMap<>();
        in.forEach((k, v) -> {
            Object value = value(v);
            if (value != null) {
                out.put(k, value);
            }
        });
        return out;
    }

    /** Plain JSON as written by Python: objects cannot be Neo4j properties, so they stay JSON text. */
    private static Object value(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isIntegralNumber()) {
            return v.longValue();
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isArray()) {
            List<Object> list = new ArrayList<>();
            v.forEach(e -> list.add(value(e)));
            return list;
        }
        return v.toString();
    }

    private static JsonNode endpointKey(LegacyNode node, NodeKeys keys) {
        NodeKey key = keys.keyOf(List.of(node.label()), props(node.props()));
        if (key == null) {
            return null;
        }
        ObjectNode k = JsonNodeFactory.instance.objectNode();
        k.put("label", key.label());
        k.put("property", key.property());
        k.set("value", node.props().get(key.property()));
        return k;
    }

    /** Finds the node a legacy endpoint value names: by first property, then by any property. */
    private static final class Resolver {
        private final Map<String, Map<String, List<LegacyNode>>> byFirst = new HashMap<>();
        private final Map<String, Map<String, List<LegacyNode>>> byAny = new HashMap<>();

        Resolver(LegacyBackup legacy) {
            legacy.nodes().forEach((label, nodes) -> {
                Map<String, List<LegacyNode>> first = new HashMap<>();
                Map<String, List<LegacyNode>> any = new HashMap<>();
                for (LegacyNode n : nodes) {
                    boolean isFirst = true;
                    for (JsonNode v : n.props().values()) {
                        if (isFirst) {
                            first.computeIfAbsent(v.toString(), x -> new ArrayList<>()).add(n);
                            isFirst = false;
                        }
                        List<LegacyNode> list = any.computeIfAbsent(v.toString(), x -> new ArrayList<>());
                        if (list.isEmpty() || list.get(list.size() - 1) != n) {
                            list.add(n);
                        }
                    }
                }
                byFirst.put(label, first);
                byAny.put(label, any);
            });
        }

        LegacyNode resolve(String label, JsonNode value, LegacyRelationship r, String end, List<String> problems) {
            String where = "relationship " + r.index() + " (" + r.type() + ") " + end + " " + label + " "
                    + LegacyBackup.abbreviateValue(value);
            if (!byFirst.containsKey(label)) {
                problems.add(where + ": there is no " + label + LegacyBackup.NODES_SUFFIX);
                return null;
            }
            List<LegacyNode> first = byFirst.get(label).getOrDefault(value.toString(), List.of());
            if (first.size() == 1) {
                return first.get(0);
            }
            List<LegacyNode> any = byAny.get(label).getOrDefault(value.toString(), List.of());
            if (first.isEmpty() && any.size() == 1) {
                return any.get(0);
            }
            int matches = Math.max(first.size(), any.size());
            problems.add(where + (matches == 0
                    ? ": no " + label + " node has this value" + (value.isArray() && value.size() > 16
                            ? " (a long list: probably the 'embedding' the old script left out of the node files)" : "")
                    : ": ambiguous, " + matches + " " + label + " nodes have this value"));
            return null;
        }
    }
}
