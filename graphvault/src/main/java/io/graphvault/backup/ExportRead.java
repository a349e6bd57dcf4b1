package io.graphvault.backup;

import io.graphvault.format.BackupManifest;
import io.graphvault.format.BackupManifest.Counts;
import io.graphvault.format.BackupSchema.NodeKey;
import io.graphvault.progress.Progress;
import java.util.Iterator;
import java.util.List;
import org.neo4j.driver.Result;
import org.neo4j.driver.Transaction;

/** What one backup's read keeps from pass to pass: the nodes exported, the counts, the progress line. */
final class ExportRead {

    private final BackupManifest.Source source;
    private final BackupRequest request;
    private final ExportCounts counts;
    private final NodeIds exported;
    private final ExportIds relationshipIds;
    private final Progress progress;
    private final LiveChanges changes;

    ExportRead(BackupManifest.Source source, BackupRequest request, String backup, List<NodeKey> keys, Progress progress) {
        this.source = source;
        this.request = request;
        this.counts = new ExportCounts(request.excludedProperties());
        this.exported = new NodeIds(new ExportIds("node", backup));
        this.relationshipIds = new ExportIds("relationship", backup);
        this.progress = progress;
        this.changes = new LiveChanges(keys);
    }

    NodeLines nodes(Iterator<Result> results) {
        return new NodeLines(results, request.excludedProperties(), counts, progress, exported, changes);
    }

    RelationshipLines relationships(Transaction tx, List<NodeKey> keys) {
        return new RelationshipLines(tx, keys, request.batchSize(), counts, progress, exported, changes, relationshipIds);
    }

    List<String> elementIds(List<Long> ids) {
        return ids.stream().map(exported.elementIds::elementId).toList();
    }

    /** The endpoints that had no node line when their relationship was read. */
    List<Long> lateIds() {
        return changes.lateIds();
    }

    /** After the late nodes: the relationships to nodes deleted before they could be read leave the backup. */
    BackupManifest.Consistency consistency(TransactionMarks.Span span) {
        changes.dropRelationshipsOfDeleted(exported, counts);
        return changes.consistency(span);
    }

    BackupManifest.Source source() {
        return source;
    }

    Counts counts() {
        return counts.build();
    }

    void finish() {
        progress.finish();
        changes.close();
    }

    /** The read failed: the key prints' file goes. */
    void abandon() {
        changes.close();
    }
}
