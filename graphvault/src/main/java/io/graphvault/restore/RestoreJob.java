package io.graphvault.restore;

import io.graphvault.format.BackupManifest;
import io.graphvault.format.BackupSchema;
import io.graphvault.restore.legacy.LegacyBackup;
import io.graphvault.storage.BackupSource;
import java.util.Map;

/**
 * One restore on its way through the restore route: what was asked and the backup it reads, fixed
 * once opened (and verified), plus its {@link RestoreTally}. What the restore decides about the
 * database is its {@link RestorePlan}.
 */
final class RestoreJob {

    private final RestoreRequest request;
    private final BackupSource source;
    private final BackupManifest manifest;
    private final BackupSchema schema;
    private final LegacyBackup legacy;
    private final RestoreTally tally;

    RestoreJob(RestoreRequest request, BackupSource source, BackupManifest manifest, BackupSchema schema, LegacyBackup legacy,
            RestoreTally tally) {
        this.request = request;
        this.source = source;
        this.manifest = manifest;
        this.schema = schema;
        this.legacy = legacy;
        this.tally = tally;
    }

    /** This job once its files checked out, with the schema read from it. */
    RestoreJob verified(BackupSchema verifiedSchema) {
        return new RestoreJob(request, source, manifest, verifiedSchema, legacy, tally);
    }

    public RestoreRequest request() {
        return request;
    }

    public BackupSource source() {
        return source;
    }

    /** Null for a legacy backup. */
    public BackupManifest manifest() {
        return manifest;
    }

    public BackupSchema schema() {
        return schema;
    }

    /** Non-null when the folder was written by the old Python scripts. */
    public LegacyBackup legacyBackup() {
        return legacy;
    }

    public boolean isLegacy() {
        return legacy != null;
    }

    public boolean isDryRun() {
        return request.dryRun();
    }

    public boolean isSchemaOnly() {
        return request.schemaOnly();
    }

    public boolean isClearFirst() {
        return request.clearFirst();
    }

    RestoreTally tally() {
        return tally;
    }

    public void safetyBackupId(String id) {
        tally.safetyBackup(id);
    }

    /** The report of this job, with the database's counts per label and type. */
    RestoreReport report(Map<String, Long> labels, Map<String, Long> types) {
        BackupManifest m = manifest;
        return new RestoreReport(m == null ? legacy.name() : m.id(), source.location(), isDryRun(), isLegacy(),
                m == null ? legacy.nodeCount() : m.counts().nodes(), m == null ? legacy.relationshipCount() : m.counts().relationships(),
                tally.nodesWritten(), tally.relationshipsCreated(), tally.relationshipsClaimed(), tally.relationshipsUnresolved(),
                labels, types, tally.safetyBackupId(), tally.notes(), tally.problems(), tally.seconds());
    }
}
