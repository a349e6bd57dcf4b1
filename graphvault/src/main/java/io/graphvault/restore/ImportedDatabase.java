package io.graphvault.restore;

import io.graphvault.format.BackupManifest;
import io.graphvault.internal.GraphVaultException;
import io.graphvault.internal.Neo4jSettings;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code restore --schema-only}'s proof that the database is the import of the backup (neo4j-admin database import
 * of prepare-import's files): it holds exactly the backup's counts, label by label and type by type. Checked before
 * anything is written (a live database or another backup's import gets no fix-up, constraint or index) and again
 * at the end, for the report.
 */
public final class ImportedDatabase {

    private static final String HOW = "import the files of prepare-import into an empty database (neo4j-admin database"
            + " import full), then run --schema-only again";

    private final GraphImporter importer;
    private final Neo4jSettings neo4j;

    public ImportedDatabase(GraphImporter importer, Neo4jSettings neo4j) {
        this.importer = importer;
        this.neo4j = neo4j;
    }

    /** The first step: refused, naming the first differences, unless the counts are the backup's. */
    public RestoreJob requireImported(RestoreJob job) {
        compareCounts(job);
        List<String> differences = job.tally().problems();
        if (!differences.isEmpty()) {
            String shown = String.join("; ", differences.subList(0, Math.min(5, differences.size())))
                    + (differences.size() > 5 ? "; and " + (differences.size() - 5) + " more" : "");
            throw new GraphVaultException("database '" + neo4j.database() + "' at " + neo4j.safeUri() + " does not hold what"
                    + " backup " + job.manifest().id() + " holds (" + shown + "), so --schema-only wrote nothing: " + HOW);
        }
        return job;
    }

    /** The last step: the counts again, into the report. */
    public RestoreReport finish(RestoreJob job) {
        Counts counts = compareCounts(job);
        if (!job.tally().problems().isEmpty()) {
            job.tally().note("the database does not hold what the backup holds: " + HOW);
        }
        return job.report(counts.labels(), counts.types());
    }

    private record Counts(Map<String, Long> labels, Map<String, Long> types) {
    }

    private Counts compareCounts(RestoreJob job) {
        BackupManifest m = job.manifest();
        Counts counts = new Counts(new TreeMap<>(), new TreeMap<>());
        RestoreService.countInDatabase(importer, m, counts.labels(), counts.types());
        RestoreService.compare("label", m.counts().labels(), counts.labels(), job.tally(), true);
        RestoreService.compare("relationship type", m.counts().types(), counts.types(), job.tally(), true);
        return counts;
    }
}
