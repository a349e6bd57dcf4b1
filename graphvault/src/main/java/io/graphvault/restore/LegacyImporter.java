package io.graphvault.restore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.graphvault.format.BackupSchema;
import io.graphvault.format.BackupSchema.NodeKey;
import io.graphvault.progress.Progress;
import io.graphvault.restore.NodeMerge.NodeRow;
import io.graphvault.restore.RelationshipClaims.RelRow;
import io.graphvault.restore.legacy.EndpointResolver;
import io.graphvault.restore.legacy.EndpointResolver.Endpoint;
import io.graphvault.restore.legacy.LegacyBackup;
import io.graphvault.restore.legacy.LegacyBackup.LegacyNode;
import io.graphvault.restore.legacy.LegacyBackup.LegacyRelationship;
import io.graphvault.restore.legacy.LegacyJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.neo4j.driver.Session;

import static io.graphvault.internal.CypherNames.labelExpression;

/**
 * Replays a folder of the old Python scripts through the same importer as a GraphVault backup.
 * Nodes come back under their labels' real spelling ({@link LegacyBackup}); a relationship is
 * written only when both of its endpoints are known for certain ({@link EndpointResolver}), and
 * every other one is reported with its reason, never counted as restored, and fails the restore.
 * Each row of relationships.json is one relationship, so parallel ones stay apart; on a second
 * replay each row claims the one relationship it wrote before (see {@link RelationshipClaims}).
 */
final class LegacyImporter {

    private final GraphImporter importer;
    private final RestorePlanner planner;

    LegacyImporter(GraphImporter importer, RestorePlanner planner) {
        this.importer = importer;
        this.planner = planner;
    }

    /**
     * {@code database}: the target's constraints, whose keys (single or composite) come first.
     * {@code reports}: where the complete list of unresolved relationships goes when it is too long
     * to print (BACKUP_DIR).
     */
    RestoreJob restore(RestoreJob job, BackupSchema database, Path reports) {
        LegacyBackup legacy = job.legacyBackup();
        RestoreTally tally = job.tally();
        tally.notes(legacy.notes());
        tally.problems(legacy.problems());
        List<String> keyNotes = new ArrayList<>();
        NodeKeys nodeKeys = nodeKeys(job, database, keyNotes);
        tally.notes(keyNotes);
        tally.note("values are restored as the old Python script wrote them: dates, datetimes and bytes as strings,"
                + " durations and points as lists");
        Progress progress = Progress.start("restore " + legacy.name(), "records", legacy.nodeCount() + legacy.relationshipCount());
        RestorePlan plan = planner.planLegacy(job, nodeKeys, progress);
        writeNodes(plan, legacy, nodeKeys);
        LegacyUnresolved unresolved = writeRelationships(plan, legacy, nodeKeys);
        // resolved, but not found in the database when written (e.g. deleted meanwhile)
        tally.unresolvedNamed().forEach(u -> unresolved.add(u, "an endpoint was not found in the database when written"));
        progress.finish();
        planner.removeHelpers(plan);
        long restored = tally.relationshipsCreated() + tally.relationshipsClaimed();
        tally.note("relationships: " + restored + " of " + legacy.relationshipCount() + " restored" + unresolved.countsByReason());
        if (restored < legacy.relationshipCount()) {
            tally.problem((legacy.relationshipCount() - restored) + " of " + legacy.relationshipCount() + " relationships of "
                    + legacy.dir() + " could not be restored: their endpoints are not known for certain"
                    + unresolved.countsByReason() + unresolved.listing(legacy.name(), reports));
        }
        return job;
    }

    /** What each node of the folder is merged on: {@code database}'s constraints first ({@link LegacyKeys}). */
    static NodeKeys nodeKeys(RestoreJob job, BackupSchema database, List<String> notes) {
        Map<String, String> keys = LegacyKeys.choose(job.legacyBackup(), database.keys(), job.request().keys(), notes);
        return NodeKeys.of(keys.entrySet().stream().map(e -> new NodeKey(e.getKey(), e.getValue())).toList())
                .withComposite(database.constraints());
    }

    private void writeNodes(RestorePlan plan, LegacyBackup legacy, NodeKeys nodeKeys) {
        try (GraphImporter.NodeWriter nodes = importer.nodeWriter(plan)) {
            for (LegacyNode n : legacy.nodes()) {
                Map<String, Object> props = LegacyJson.properties(n.props());
                nodes.add(new NodeRow(n.id(), n.labels(), props, nodeKeys.keyOf(n.labels(), props),
                        nodeKeys.mergeKeyOf(n.labels(), props)), 256);
            }
        }
    }

    /** Writes every relationship whose two endpoints are known; returns the others. */
    private LegacyUnresolved writeRelationships(RestorePlan plan, LegacyBackup legacy, NodeKeys nodeKeys) {
        EndpointResolver resolver = new EndpointResolver(legacy);
        LegacyUnresolved unresolved = new LegacyUnresolved();
        try (ParallelBatchWriter<RelRow> rels = importer.relationshipWriter(plan)) {
            for (LegacyRelationship r : legacy.relationships()) {
                Endpoint from = resolver.resolve(r.fromLabel(), r.fromId());
                Endpoint to = resolver.resolve(r.toLabel(), r.toId());
                if (from.node() == null || to.node() == null) {
                    unresolved.add(r, from, to);
                    plan.progress().advance(1);
                    continue;
                }
                rels.add(new RelRow(r.index(), r.type(), from.node().id(), to.node().id(), endpointKey(from.node(), nodeKeys),
                        endpointKey(to.node(), nodeKeys), LegacyJson.properties(r.props()), LegacyBackup.RELATIONSHIPS
                        + " entry " + r.index(), 0), 256);
            }
        }
        return unresolved;
    }

    RestoreReport finish(RestoreJob job) {
        Map<String, Long> labels = new TreeMap<>();
        try (Session s = importer.session()) {
            job.legacyBackup().nodesByLabel().forEach((label, list) -> {
                long there = s.run("MATCH (n" + labelExpression(List.of(label)) + ") RETURN count(n)").single().get(0).asLong();
                labels.put(label, there);
                if (there < list.size()) {
                    job.tally().problem("label '" + label + "': the node file has " + list.size() + ", the database now has " + there);
                }
            });
        }
        return job.report(labels, Map.of());
    }

    /** Where the importer finds a node: by its merge key, or (null) by the helper id its row gave it. */
    private static JsonNode endpointKey(LegacyNode node, NodeKeys keys) {
        NodeKey key = keys.keyOf(node.labels(), LegacyJson.properties(node.props()));
        if (key == null) {
            return null;
        }
        ObjectNode k = JsonNodeFactory.instance.objectNode();
        k.put("label", key.label());
        k.put("property", key.property());
        k.set("value", node.props().get(key.property()));
        return k;
    }
}
