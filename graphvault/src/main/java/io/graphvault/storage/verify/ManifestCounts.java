package io.graphvault.storage.verify;

import io.graphvault.format.BackupFileNames;
import io.graphvault.format.BackupManifest;
import io.graphvault.format.BackupManifest.Counts;
import io.graphvault.format.BackupManifest.FileEntry;
import io.graphvault.format.TokenNames;
import io.graphvault.internal.GraphVaultException;
import io.graphvault.storage.BackupIds;
import java.util.Map;
import java.util.TreeSet;

/**
 * The manifest's counts against what the backup holds. The restore ends by comparing the database
 * with these counts, so a count that was changed would otherwise be found only after everything
 * was written, as an INCOMPLETE restore.
 */
final class ManifestCounts {

    private static final String ADVICE = " The manifest was changed, or written by another tool: this backup cannot be trusted;"
            + " use another one";

    private ManifestCounts() {
    }

    /**
     * The counts must add up to the files' records, which verify checks line by line: a manifest that
     * says 5 nodes over files of 2 would otherwise verify. The relationships a backup of a busy
     * database dropped are in the files but not in the counts.
     */
    static void requireFilesAddUp(String where, BackupManifest manifest) {
        long nodes = 0;
        long relationships = 0;
        for (FileEntry f : manifest.files()) {
            if (f.path().startsWith(BackupFileNames.NODES_DIR + "/")) {
                nodes += f.records();
            } else if (f.path().startsWith(BackupFileNames.RELATIONSHIPS_DIR + "/")) {
                relationships += f.records();
            }
        }
        Counts counts = manifest.counts();
        relationships -= manifest.droppedRelationships().size();
        long typed = counts.types() == null ? relationships : counts.types().values().stream().mapToLong(Long::longValue).sum();
        if (counts.nodes() != nodes || counts.relationships() != relationships || typed != relationships) {
            throw new GraphVaultException(where + " does not add up: it counts " + counts.nodes() + " nodes and "
                    + counts.relationships() + " relationships (" + typed + " by type), but its files hold " + nodes
                    + " and " + relationships + " records." + ADVICE);
        }
    }

    /**
     * An incremental backup's files hold what changed only, so its counts are checked against its whole chain
     * ({@link #requireChainAddsUp}); here its parent must be a backup id (it is looked up beside the backup)
     * and its id sets one of its files.
     */
    static void requireIncrementalFields(String where, BackupManifest manifest) {
        BackupManifest.Incremental inc = manifest.incremental();
        if (inc.parent() == null || !BackupIds.isValid(inc.parent()) || inc.parent().equals(manifest.id())) {
            throw new GraphVaultException(where + " names '" + inc.parent() + "' as its parent, which is not the id of another"
                    + " backup." + ADVICE);
        }
        if (inc.parentManifest() == null || inc.ids() == null
                || manifest.files().stream().noneMatch(f -> f.path().equals(inc.ids()))) {
            throw new GraphVaultException(where + " is incremental but lacks its parent's checksum or its id sets' file ("
                    + inc.ids() + ")." + ADVICE);
        }
    }

    /** The records an incremental backup's chain holds for it must be its counts. */
    static void requireChainAddsUp(String where, BackupManifest manifest, long nodes, long relationships) {
        Counts counts = manifest.counts();
        if (counts.nodes() != nodes || counts.relationships() != relationships) {
            throw new GraphVaultException(where + " counts " + counts.nodes() + " nodes and " + counts.relationships()
                    + " relationships, but its files and its parents' hold " + nodes + " and " + relationships + " of its records."
                    + ADVICE);
        }
    }

    /** The labels and types counted in the records must be those of the manifest, one for one. */
    static void requireRecordsMatch(String where, BackupManifest manifest, Map<String, Long> labels, Map<String, Long> types) {
        compare(where, "nodes labelled", manifest.counts().labels(), labels);
        compare(where, "relationships of type", manifest.counts().types(), types);
    }

    /** {@code listed} is null in manifests that carry no such counts: nothing to compare. */
    private static void compare(String where, String what, Map<String, Long> listed, Map<String, Long> counted) {
        if (listed == null) {
            return;
        }
        TreeSet<String> names = new TreeSet<>(listed.keySet());
        names.addAll(counted.keySet());
        for (String name : names) {
            long says = listed.getOrDefault(name, 0L);
            long holds = counted.getOrDefault(name, 0L);
            if (says != holds) {
                throw new GraphVaultException(where + " counts " + says + " " + what + " " + TokenNames.shown(name)
                        + ", but the backup's records hold " + holds + "." + ADVICE);
            }
        }
    }
}
