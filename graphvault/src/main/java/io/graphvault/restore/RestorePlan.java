package io.graphvault.restore;

import io.graphvault.format.BackupManifest.FileEntry;
import io.graphvault.progress.Progress;
import io.graphvault.storage.CheckedBatchFile;
import java.util.List;
import java.util.Set;

/**
 * What a restore decided once, before its first node, and then only reads (from several writer
 * threads): the keys nodes are merged on, what the database held, how nodes and relationships
 * claim existing ones, and the files to read. What it did is counted in the job's
 * {@link RestoreTally}.
 *
 * @param exportKeys the keys the export recorded for relationship endpoints
 * @param mergeKeys those plus --key overrides and composite keys: what nodes are merged on
 * @param databaseWasEmpty no node and no relationship before the restore: every count must then match exactly
 * @param claimNodes existing keyless nodes were marked: keyless rows claim them (one writer)
 * @param claimRelationships the database held relationships: rows claim existing ones before creating
 * @param groups the backup's parallel relationships come in whole groups (see BackupManifest.Options): no marks needed
 * @param preclaimed keyless backup nodes that already claimed their twin ({@link KeylessTwins}): not written again
 * @param moved nodes whose key a relationship of the backup names otherwise (a backup of a busy database): found by
 *        export id, as keyless nodes are
 * @param dropped relationships in the files that are not part of the backup: not written
 * @param progress shown while nodes and relationships are written
 */
record RestorePlan(RestoreJob job, NodeKeys exportKeys, NodeKeys mergeKeys, boolean databaseWasEmpty, boolean claimNodes,
        boolean claimRelationships, boolean groups, Set<Long> preclaimed, Set<Long> moved, Set<Long> dropped, List<FileEntry> nodeFiles,
        List<FileEntry> relationshipFiles, Progress progress) {

    RestoreTally tally() {
        return job.tally();
    }

    int batchSize() {
        return job.request().batchSize();
    }

    /** Claimed relationships carry the row's id until the end, so a later batch cannot claim them again. */
    boolean marks() {
        return claimRelationships && !groups;
    }

    /** The node files, as the restore route's first split reads them. */
    public List<CheckedBatchFile> nodeBatches() {
        return nodeFiles.stream().map(f -> new CheckedBatchFile(job.source(), f)).toList();
    }

    /** The relationship files, read by the second split once every node is written. */
    public List<CheckedBatchFile> relationshipBatches() {
        return relationshipFiles.stream().map(f -> new CheckedBatchFile(job.source(), f)).toList();
    }
}
