package io.graphvault.restore;

import io.graphvault.format.BackupManifest;
import io.graphvault.format.BackupSchema;
import io.graphvault.restore.legacy.LegacyBackup;
import io.graphvault.storage.BackupSource;
import java.util.ArrayList;
import java.util.List;

/** One restore on its way through the restore route. */
public final class RestoreJob {

    private final RestoreRequest request;
    private final BackupSource source;
    private final BackupManifest manifest;
    private final BackupSchema schema;
    private final LegacyBackup legacy;
    final List<String> notes = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    final long startNanos = System.nanoTime();
    boolean databaseWasEmpty;
    boolean claimNodes;
    boolean claimRelationships;
    /** The backup's parallel relationships come in whole groups (see BackupManifest.Options): no marks needed. */
    boolean groups;
    long nodesWritten;
    long relationshipsCreated;
    long relationshipsMatched;
    long relationshipsUnresolved;
    /** The first {@link #UNRESOLVED_NAMED} of them, by file, line and endpoints. */
    final List<String> unresolvedNamed = new ArrayList<>();
    static final int UNRESOLVED_NAMED = 5;
    String safetyBackupId;

    RestoreJob(RestoreRequest request, BackupSource source, BackupManifest manifest, BackupSchema schema, LegacyBackup legacy) {
        this.request = request;
        this.source = source;
        this.manifest = manifest;
        this.schema = schema;
        this.legacy = legacy;
        this.groups = manifest != null && manifest.options() != null && manifest.options().relationshipGroups();
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

    public boolean isClearFirst() {
        return request.clearFirst();
    }

    synchronized void countNodes(long written) {
        nodesWritten += written;
    }

    synchronized void countRelationships(long created, long matched, List<GraphImporter.RelRow> unresolved) {
        relationshipsCreated += created;
        relationshipsMatched += matched;
        relationshipsUnresolved += unresolved.size();
        unresolved.stream().limit(UNRESOLVED_NAMED - unresolvedNamed.size()).forEach(r -> unresolvedNamed.add(r.describe()));
    }

    public void safetyBackupId(String id) {
        this.safetyBackupId = id;
    }
}
