package io.graphvault.restore;

import static io.graphvault.internal.CypherNames.labelExpression;
import static io.graphvault.internal.CypherNames.quote;

import io.graphvault.GraphVaultException;
import io.graphvault.Neo4jErrors;
import io.graphvault.Neo4jSettings;
import io.graphvault.export.BackupJob;
import io.graphvault.export.BackupRequest;
import io.graphvault.format.BackupManifest;
import io.graphvault.format.BackupManifest.FileEntry;
import io.graphvault.format.BackupSchema;
import io.graphvault.format.BackupSchema.SchemaEntry;
import io.graphvault.internal.Sha256;
import io.graphvault.progress.Progress;
import io.graphvault.restore.legacy.LegacyBackup;
import io.graphvault.storage.BackupCatalog;
import io.graphvault.storage.BackupReader;
import io.graphvault.storage.BackupSource;
import io.graphvault.storage.LocalBackupSource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;
import org.neo4j.driver.Values;
import org.neo4j.driver.exceptions.ClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the restore route: open and verify the backup (nothing is written before every
 * file checks out), optionally clear the database, then schema, nodes, relationships, indexes, and
 * a final comparison of the database's counts with the manifest.
 */
public final class RestoreService {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreService.class);

    private final Neo4jSettings neo4j;
    private final BackupCatalog catalog;
    private final GraphImporter importer;
    private final LegacyImporter legacyImporter;

    public RestoreService(Driver driver, Neo4jSettings neo4j, BackupCatalog catalog) {
        this.neo4j = neo4j;
        this.catalog = catalog;
        this.importer = new GraphImporter(driver, neo4j.database());
        this.legacyImporter = new LegacyImporter(importer);
    }

    public RestoreJob open(RestoreRequest request) {
        BackupSource source = catalog.open(request.from());
        if (source instanceof LocalBackupSource local && LegacyBackup.isLegacyFolder(local.dir())) {
            return new RestoreJob(request, source, null, null, LegacyBackup.read(local.dir(), request.labelMap()));
        }
        BackupManifest manifest = BackupReader.readManifest(source);
        // an encrypted backup without its key is refused here, before the verify pass and any write
        return new RestoreJob(request, catalog.withKey(source, manifest), manifest, null, null);
    }

    /** Checks every file against the manifest; only then is the schema read. */
    public RestoreJob verify(RestoreJob job) {
        if (job.isLegacy()) {
            return job;
        }
        // every record is read too: one the restore cannot read or write stops it here, before any write
        BackupReader.verify(job.source(), job.manifest());
        BackupSchema schema = BackupReader.readSchema(job.source(), job.manifest());
        RestoreJob verified = new RestoreJob(job.request(), job.source(), job.manifest(), schema, null);
        return verified;
    }

    /** Refuses to clear without confirmation; returns the safety backup to take first, or null. */
    public BackupRequest safetyBackup(RestoreJob job) {
        if (!job.request().confirmed()) {
            throw new GraphVaultException("restore --clear-first deletes every node and relationship in database '"
                    + neo4j.database() + "' at " + neo4j.safeUri() + "; add --yes to confirm");
        }
        if (!job.request().safetyBackup()) {
            return null;
        }
        return new BackupRequest("pre-restore-" + io.graphvault.storage.BackupIds.timestamp(Instant.now()), false,
                List.of(), job.request().batchSize());
    }

    public RestoreJob safetyBackupTaken(@ExchangeProperty("restoreJob") RestoreJob job, @Body BackupJob backup) {
        job.safetyBackupId(backup.id());
        return job;
    }

    /** Deletes everything in batches: one huge transaction would need the whole graph in memory. */
    public RestoreJob clear(RestoreJob job) {
        try (Session s = importer.session()) {
            s.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF " + job.request().batchSize() + " ROWS").consume();
        } catch (RuntimeException e) {
            throw Neo4jErrors.explain("clearing the database before the restore", neo4j, e);
        }
        return job;
    }

    public RestoreJob restoreGraph(RestoreJob job) {
        try {
            BackupSchema schema = job.schema();
            NodeKeys exportKeys = NodeKeys.of(schema.keys());
            NodeKeys mergeKeys = exportKeys.with(job.request().keys()).withComposite(schema.constraints());
            IndexSettings settings;
            try (Session s = importer.session()) {
                settings = IndexSettings.of(s);
                SchemaRestorer.apply(s, schema.constraints(), true, settings).reportTo(job, "constraints");
            }
            importer.prepare(job, mergeKeys); // clears what a crashed restore left, its --key indexes too
            try (Session s = importer.session()) {
                createKeyIndexes(s, job, schema);
            }
            BackupManifest m = job.manifest();
            Progress progress = Progress.start("restore " + m.id(), "records", m.counts().nodes() + m.counts().relationships());
            List<FileEntry> nodeFiles = m.files().stream().filter(GraphImporter::isNodeFile).toList();
            List<FileEntry> relationshipFiles = m.files().stream().filter(GraphImporter::isRelationshipFile).toList();
            Set<Long> preclaimed = job.claimNodes
                    ? new KeylessTwins(importer, job).preclaim(nodeFiles, relationshipFiles, mergeKeys) : Set.of();
            importer.importNodes(job, nodeFiles, exportKeys, mergeKeys, preclaimed, progress);
            importer.importRelationships(job, relationshipFiles, progress);
            progress.finish();
            try (Session s = importer.session()) {
                importer.removeHelpers(s, job.claimRelationships && !job.groups);
                SchemaRestorer.apply(s, schema.indexes(), false, settings).reportTo(job, "indexes");
                awaitIndexes(s, schema, job);
            }
            return job;
        } catch (RuntimeException e) {
            throw Neo4jErrors.explain("restore of " + job.source().location() + " failed (it can be run again)", neo4j, e);
        }
    }

    /** Replays a folder of the old Python scripts; keys come from the database's constraints first. */
    public RestoreReport restoreLegacy(RestoreJob job) {
        try {
            BackupSchema databaseSchema;
            try (Session s = importer.session()) {
                databaseSchema = io.graphvault.export.SchemaReader.read(s);
            }
            return legacyImporter.finish(this, legacyImporter.restore(job, databaseSchema, catalog.localRoot()));
        } catch (RuntimeException e) {
            throw Neo4jErrors.explain("restore of " + job.source().location() + " failed (it can be run again)", neo4j, e);
        }
    }

    /** --key on a label without a constraint: an index for the MERGE, or every row scans the label. */
    private void createKeyIndexes(Session s, RestoreJob job, BackupSchema schema) {
        job.request().keys().forEach((label, property) -> {
            boolean covered = schema.constraints().stream().anyMatch(c -> c.labelsOrTypes().equals(List.of(label))
                    && c.properties().equals(List.of(property)));
            boolean indexed = s.run("SHOW INDEXES YIELD name, type, entityType, labelsOrTypes, properties WHERE type = 'RANGE'"
                    + " AND entityType = 'NODE' AND labelsOrTypes = [$label] AND properties = [$property]"
                    + " AND NOT name STARTS WITH $ours RETURN count(*) AS c", Values.parameters("label", label,
                    "property", property, "ours", GraphImporter.KEY_INDEX_PREFIX)).single().get(0).asLong() > 0;
            if (!covered && !indexed) {
                // a helper like the others: the source had no such index, so the restored database gets none
                String name = GraphImporter.KEY_INDEX_PREFIX + Sha256.hex((label + "\u0000" + property).getBytes(StandardCharsets.UTF_8)).substring(0, 16);
                s.run("CREATE INDEX " + quote(name) + " IF NOT EXISTS FOR (n:" + quote(label) + ") ON (n." + quote(property) + ")")
                        .consume();
                awaitIndex(s, name, 300);
                job.notes.add("a temporary range index on :" + label + "(" + property + ") served --key " + label + "=" + property
                        + "; it was dropped at the end");
            }
        });
    }

    /**
     * Waits for the backup's indexes (and those behind its constraints) to come ONLINE; one that
     * does not fails the restore. The database's other indexes are not the restore's to wait for:
     * one of them still populating, or FAILED long before, is a note.
     */
    private static void awaitIndexes(Session s, BackupSchema schema, RestoreJob job) {
        List<String> ours = new ArrayList<>();
        schema.indexes().forEach(i -> ours.add(i.name()));
        schema.constraints().forEach(c -> ours.add(c.name()));
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(600); // for all of them together
        for (String name : s.run("SHOW INDEXES YIELD name WHERE name IN $ours RETURN name", Values.parameters("ours", ours))
                .list(r -> r.get(0).asString())) {
            awaitIndex(s, name, (int) Math.max(1, java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime())));
        }
        List<String> failed = new ArrayList<>();
        s.run("SHOW INDEXES YIELD name, state WHERE state <> 'ONLINE' RETURN name, state").forEachRemaining(r -> {
            String line = "index " + r.get("name").asString() + " is " + r.get("state").asString();
            if (ours.contains(r.get("name").asString())) {
                failed.add(line);
            } else {
                job.notes.add(line + " (not one of the backup's: the restore did not wait for it)");
            }
        });
        if (!failed.isEmpty()) {
            throw new GraphVaultException("indexes of the backup did not come ONLINE after the restore: " + String.join(", ", failed)
                    + ". The data is restored; the database's log says why an index failed. Drop it and run the restore"
                    + " again to create it anew");
        }
    }

    /**
     * Waits for one index. The procedure fails for an index that FAILED or is not ONLINE in time:
     * the state check after the waits reports those, with the others.
     */
    private static void awaitIndex(Session s, String name, int seconds) {
        try {
            s.run("CALL db.awaitIndex($name, $seconds)", Values.parameters("name", name, "seconds", seconds)).consume();
        } catch (ClientException e) {
            if (!Neo4jErrors.hasCode(e, "Neo.ClientError.Procedure.ProcedureCallFailed")) {
                throw e;
            }
            LOG.debug("waiting for index {}: {}", name, e.getMessage());
        }
    }

    /** Compares the database with the manifest; every shortfall is a problem. */
    public RestoreReport finish(RestoreJob job) {
        BackupManifest m = job.manifest();
        Map<String, Long> labels = new TreeMap<>();
        Map<String, Long> types = new TreeMap<>();
        try (Session s = importer.session()) {
            m.counts().labels().forEach((l, n) -> labels.put(l,
                    s.run("MATCH (n" + labelExpression(List.of(l)) + ") RETURN count(n)").single().get(0).asLong()));
            m.counts().types().forEach((t, n) -> types.put(t,
                    s.run("MATCH ()-[r:" + quote(t) + "]->() RETURN count(r)").single().get(0).asLong()));
        }
        compare("label", m.counts().labels(), labels, job);
        compare("relationship type", m.counts().types(), types, job);
        if (job.relationshipsUnresolved > 0) {
            job.problems.add(job.relationshipsUnresolved + " relationships could not be restored: an endpoint was not found"
                    + (job.relationshipsUnresolved > job.unresolvedNamed.size() ? " (the first " + job.unresolvedNamed.size() + ": " : " (")
                    + String.join("; ", job.unresolvedNamed) + ")");
        }
        return report(job, labels, types);
    }

    /**
     * For jobs nobody watches (serve's inbox): a restore that finished with problems is a failed
     * job, so its trigger goes to .failed/ with the problems. The command line prints the report
     * first and fails after it.
     */
    public RestoreReport requireComplete(RestoreReport report) {
        if (!report.ok()) {
            throw new GraphVaultException("restore of " + report.backup() + " finished with " + report.problems().size()
                    + " problem(s): " + String.join("; ", report.problems()) + ". Fix the cause and trigger it again");
        }
        return report;
    }

    private static void compare(String kind, Map<String, Long> expected, Map<String, Long> actual, RestoreJob job) {
        expected.forEach((name, n) -> {
            long there = actual.getOrDefault(name, 0L);
            if (there < n || job.databaseWasEmpty && there != n) {
                job.problems.add(kind + " '" + name + "': the backup has " + n + ", the database now has " + there);
            }
        });
    }

    /** A dry run: what would be written, from the verified manifest; nothing is written. */
    public RestoreReport dryRun(RestoreJob job) {
        if (job.isLegacy()) {
            Map<String, Long> labels = new TreeMap<>();
            job.legacyBackup().nodesByLabel().forEach((l, list) -> labels.put(l, (long) list.size()));
            job.notes.addAll(job.legacyBackup().notes());
            labels.forEach((l, n) -> job.notes.add("would merge " + n + " nodes labelled " + l + " (old Python script format)"));
            job.notes.add("would resolve and merge " + job.legacyBackup().relationshipCount() + " relationships");
            return report(job, labels, Map.of());
        }
        BackupManifest m = job.manifest();
        for (SchemaEntry c : job.schema().constraints()) {
            job.notes.add("would create constraint " + c.name() + " (" + c.type() + ") unless it exists");
        }
        for (SchemaEntry i : job.schema().indexes()) {
            job.notes.add("would create index " + i.name() + " (" + i.type() + ") unless it exists");
        }
        m.counts().labels().forEach((l, n) -> job.notes.add("would merge " + n + " nodes labelled " + l));
        m.counts().types().forEach((t, n) -> job.notes.add("would merge " + n + " relationships of type " + t));
        return report(job, m.counts().labels(), m.counts().types());
    }

    RestoreReport report(RestoreJob job, Map<String, Long> labels, Map<String, Long> types) {
        BackupManifest m = job.manifest();
        return new RestoreReport(m == null ? job.legacyBackup().name() : m.id(), job.source().location(), job.isDryRun(),
                job.isLegacy(), m == null ? job.legacyBackup().nodeCount() : m.counts().nodes(),
                m == null ? job.legacyBackup().relationshipCount() : m.counts().relationships(), job.nodesWritten,
                job.relationshipsCreated, job.relationshipsMatched, job.relationshipsUnresolved, labels, types,
                job.safetyBackupId, List.copyOf(job.notes), List.copyOf(job.problems),
                (System.nanoTime() - job.startNanos) / 1e9);
    }
}
