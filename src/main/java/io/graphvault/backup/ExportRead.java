package io.graphvault.backup;

import io.graphvault.format.BackupManifest;
import io.graphvault.format.BackupManifest.Counts;
import io.graphvault.format.BackupSchema.NodeKey;
import io.graphvault.progress.Progress;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
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

    ExportRead(BackupManifest.Source source, BackupRequest request, String backup, Progress progress) {
        this.source = source;
        this.request = request;
        this.counts = new ExportCounts(request.excludedProperties());
        this.exported = new NodeIds(new ExportIds("node", backup));
        this.relationshipIds = new ExportIds("relationship", backup);
        this.progress = progress;
    }

    NodeLines nodes(Iterator<Result> results) {
        return new NodeLines(results, request.excludedProperties(), counts, progress, exported);
    }

    RelationshipLines relationships(Transaction tx, List<NodeKey> keys, Set<Long> missing) {
        return new RelationshipLines(tx, keys, request.batchSize(), counts, progress, exported, missing, relationshipIds);
    }

    List<String> elementIds(List<Long> ids) {
        return ids.stream().map(exported.elementIds::elementId).toList();
    }

    /** Up to {@code limit} of {@code ids} that were never exported. */
    List<Long> notExported(Set<Long> ids, int limit) {
        return ids.stream().filter(id -> !exported.contains(id)).limit(limit).toList();
    }

    BackupManifest.Source source() {
        return source;
    }

    Counts counts() {
        return counts.build();
    }

    void finish() {
        progress.finish();
    }
}
