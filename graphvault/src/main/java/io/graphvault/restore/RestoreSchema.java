package io.graphvault.restore;

import io.graphvault.internal.GraphVaultHeaders;
import org.apache.camel.ExchangeProperty;
import org.neo4j.driver.Session;

/**
 * The schema steps of the restore route: constraints before the first node (node keys need them,
 * and MERGE is fast only with them), other indexes after the last relationship (they would only
 * slow the writes down), then the wait until every index of the backup is ONLINE.
 */
public final class RestoreSchema {

    private final GraphImporter importer;

    public RestoreSchema(GraphImporter importer) {
        this.importer = importer;
    }

    public RestoreJob constraints(RestoreJob job) {
        try (Session s = importer.session()) {
            SchemaRestorer.apply(s, job.schema().constraints(), true, IndexSettings.of(s)).reportTo(job.tally(), "constraints");
        }
        return job;
    }

    public void indexes(@ExchangeProperty(GraphVaultHeaders.RESTORE_PLAN) RestorePlan plan) {
        allIndexes(plan.job());
    }

    /** The other indexes of the backup, then the wait until every index is ONLINE. */
    public RestoreJob allIndexes(RestoreJob job) {
        try (Session s = importer.session()) {
            SchemaRestorer.apply(s, job.schema().indexes(), false, IndexSettings.of(s)).reportTo(job.tally(), "indexes");
            IndexWaits.awaitIndexes(s, job.schema(), job.tally());
        }
        return job;
    }
}
