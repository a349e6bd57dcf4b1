package io.graphvault.adminimport;

import io.graphvault.format.BackupManifest;
import io.graphvault.internal.GraphVaultException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the converted files hold in all, checked against the manifest's counts: nothing may be left out. */
record ImportTotals(long nodes, long relationships, long fixups, int nodeFiles, int relationshipFiles) {

    static ImportTotals check(String where, BackupManifest manifest, List<BatchFileConversion.Converted> converted) {
        long nodes = 0;
        long relationships = 0;
        long fixups = 0;
        int nodeFiles = 0;
        int relationshipFiles = 0;
        Map<String, Long> labels = new TreeMap<>();
        Map<String, Long> types = new TreeMap<>();
        for (BatchFileConversion.Converted c : converted) {
            if (c.nodes()) {
                nodes += c.records();
                nodeFiles += c.files().size();
            } else {
                relationships += c.records();
                relationshipFiles += c.files().size();
            }
            fixups += c.fixups();
            c.labels().forEach((l, n) -> labels.merge(l, n, Long::sum));
            c.types().forEach((t, n) -> types.merge(t, n, Long::sum));
        }
        BackupManifest.Counts counts = manifest.counts();
        if (nodes != counts.nodes() || relationships != counts.relationships()
                || !labels.equals(new TreeMap<>(counts.labels())) || !types.equals(new TreeMap<>(counts.types()))) {
            throw new GraphVaultException(where + " does not add up with the files: they hold " + nodes + " nodes and "
                    + relationships + " relationships (labels " + labels + ", types " + types + "), the manifest says "
                    + counts.nodes() + " and " + counts.relationships() + " (labels " + counts.labels() + ", types "
                    + counts.types() + "); run graphvault verify on it");
        }
        return new ImportTotals(nodes, relationships, fixups, nodeFiles, relationshipFiles);
    }
}
