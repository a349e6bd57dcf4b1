package io.graphvault.restore;

import io.graphvault.format.BackupManifest;
import io.graphvault.format.BackupManifest.FileEntry;
import io.graphvault.format.BackupSchema;
import io.graphvault.internal.GraphVaultHeaders;
import io.graphvault.internal.Sha256;
import io.graphvault.progress.Progress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.apache.camel.ExchangeProperty;
import org.neo4j.driver.Session;
import org.neo4j.driver.Values;

import static io.graphvault.internal.CypherNames.quote;

/**
 * Decides a restore's {@link RestorePlan} once, before the first node: the keys, what the
 * database holds (empty, keyless nodes to claim, relationships to claim), and the helpers that
 * serve the writes; and takes the helpers away once the last relationship is written.
 */
public final class RestorePlanner {

    private final GraphImporter importer;

    public RestorePlanner(GraphImporter importer) {
        this.importer = importer;
    }

    /** The plan of a {@code graphvault/1} backup, after its constraints exist. */
    public RestorePlan plan(RestoreJob job) {
        BackupSchema schema = job.schema();
        NodeKeys exportKeys = NodeKeys.of(schema.keys());
        NodeKeys mergeKeys = exportKeys.with(job.request().keys()).withComposite(schema.constraints());
        BackupManifest m = job.manifest();
        Database database = prepare(mergeKeys, m.excludedProperties());
        try (Session s = importer.session()) {
            createKeyIndexes(s, job, schema);
        }
        boolean groups = m.options() != null && m.options().relationshipGroups();
        if (m.consistency() != null && !Boolean.TRUE.equals(m.consistency().snapshot())) {
            job.tally().note("the backup is " + m.consistency().describe());
        }
        List<FileEntry> nodeFiles = m.files().stream().filter(GraphImporter::isNodeFile).toList();
        List<FileEntry> relationshipFiles = m.files().stream().filter(GraphImporter::isRelationshipFile).toList();
        // existing keyless nodes to claim: twins among them first claim by their relationships
        Set<Long> preclaimed = database.keylessMarked()
                ? new KeylessTwins(importer.sessions(), job).preclaim(nodeFiles, relationshipFiles, mergeKeys) : Set.of();
        Progress progress = Progress.start("restore " + m.id(), "records", m.counts().nodes() + m.counts().relationships());
        return new RestorePlan(job, exportKeys, mergeKeys, database.empty(), database.keylessMarked(), database.relationships(),
                groups, preclaimed, m.movedNodes(), m.droppedRelationships(), nodeFiles, relationshipFiles, progress);
    }

    /** The plan of a folder of the old Python scripts: its rows come from the folder, not from files the route reads. */
    RestorePlan planLegacy(RestoreJob job, NodeKeys keys, Progress progress) {
        Database database = prepare(keys, List.of());
        return new RestorePlan(job, keys, keys, database.empty(), database.keylessMarked(), database.relationships(), false,
                Set.of(), Set.of(), Set.of(), List.of(), List.of(), progress);
    }

    /** What the database held before the restore wrote anything. */
    private record Database(boolean empty, boolean keylessMarked, boolean relationships) {
    }

    /** Clears the helpers a crashed restore left behind, creates the helper indexes and marks keyless nodes to claim. */
    private Database prepare(NodeKeys mergeKeys, List<String> excluded) {
        try (Session s = importer.session(); Session reader = importer.session()) {
            BatchReceipts.removeAll(s); // a crashed restore's receipts are not the database's nodes
            long nodes = s.run("MATCH (n) RETURN count(n) AS c").single().get(0).asLong();
            long rels = s.run("MATCH ()-[r]->() RETURN count(r) AS c").single().get(0).asLong();
            RestoreHelpers.remove(s, rels > 0);
            RestoreHelpers.createIndexes(s);
            boolean marked = nodes > 0 && RestoreHelpers.markKeylessCandidates(reader, s, mergeKeys, excluded) > 0;
            return new Database(nodes == 0 && rels == 0, marked, rels > 0);
        }
    }

    /** --key on a label without a constraint: an index for the MERGE, or every row scans the label. */
    private static void createKeyIndexes(Session s, RestoreJob job, BackupSchema schema) {
        job.request().keys().forEach((label, property) -> {
            boolean covered = schema.constraints().stream().anyMatch(c -> c.labelsOrTypes().equals(List.of(label))
                    && c.properties().equals(List.of(property)));
            boolean indexed = s.run("SHOW INDEXES YIELD name, type, entityType, labelsOrTypes, properties WHERE type = 'RANGE'"
                    + " AND entityType = 'NODE' AND labelsOrTypes = [$label] AND properties = [$property]"
                    + " AND NOT name STARTS WITH $ours RETURN count(*) AS c", Values.parameters("label", label,
                    "property", property, "ours", RestoreHelpers.KEY_INDEX_PREFIX)).single().get(0).asLong() > 0;
            if (!covered && !indexed) {
                // a helper like the others: the source had no such index, so the restored database gets none
                String name = RestoreHelpers.KEY_INDEX_PREFIX
                        + Sha256.hex((label + "\u0000" + property).getBytes(StandardCharsets.UTF_8)).substring(0, 16);
                s.run("CREATE INDEX " + quote(name) + " IF NOT EXISTS FOR (n:" + quote(label) + ") ON (n." + quote(property) + ")")
                        .consume();
                IndexWaits.awaitIndex(s, name, 300);
                job.tally().note("a temporary range index on :" + label + "(" + property + ") served --key " + label + "="
                        + property + "; it was dropped at the end");
            }
        });
    }

    /** After the last relationship: every helper label, property and index goes. */
    public void removeHelpers(@ExchangeProperty(GraphVaultHeaders.RESTORE_PLAN) RestorePlan plan) {
        try (Session s = importer.session()) {
            RestoreHelpers.remove(s, plan.marks());
        }
    }
}
