package io.graphvault.restore;

import io.graphvault.backup.BackupJob;
import io.graphvault.backup.BackupRequest;
import io.graphvault.format.BackupManifest;
import io.graphvault.format.BackupSchema;
import io.graphvault.format.BackupSchema.SchemaEntry;
import io.graphvault.internal.GraphVaultException;
import io.graphvault.internal.GraphVaultHeaders;
import io.graphvault.internal.Neo4jErrors;
import io.graphvault.internal.Neo4jSettings;
import io.graphvault.restore.legacy.LegacyBackup;
import io.graphvault.storage.BackupSource;
import io.graphvault.storage.catalog.BackupCatalog;
import io.graphvault.storage.local.LocalBackupSource;
import io.graphvault.storage.verify.BackupReader;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.ProducerTemplate;
import org.neo4j.driver.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.graphvault.internal.CypherNames.labelExpression;
import static io.graphvault.internal.CypherNames.quote;

/**
 * The steps of the restore route around its data path: open and verify the backup (nothing is
 * written before every file checks out), a dry run, the safety backup and clearing, the legacy
 * step, the one message for a failure on the data path, and the final comparison of the database's
 * counts with the manifest. The data path's steps are {@link RestoreSchema}, {@link RestorePlanner}
 * and {@link GraphImporter}.
 */
public final class RestoreService {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreService.class);
    /** A write the target's constraints refused: the same data meets the same constraint on every run. */
    private static final String CONSTRAINT_REFUSED = "Neo.ClientError.Schema.ConstraintValidationFailed";

    private final Neo4jSettings neo4j;
    private final BackupCatalog catalog;
    private final GraphImporter importer;
    private final LegacyImporter legacyImporter;

    public RestoreService(GraphImporter importer, RestorePlanner planner, Neo4jSettings neo4j, BackupCatalog catalog) {
        this.neo4j = neo4j;
        this.catalog = catalog;
        this.importer = importer;
        this.legacyImporter = new LegacyImporter(importer, planner);
    }

    public RestoreJob open(@Body RestoreRequest request,
            @Header(GraphVaultHeaders.ALLOW_UNAUTHENTICATED) Boolean allowUnauthenticated) {
        BackupSource source = catalog.open(request.from());
        if (source instanceof LocalBackupSource local && LegacyBackup.isLegacyFolder(local.dir())) {
            if (request.schemaOnly()) {
                throw new GraphVaultException(source.location() + " is a folder of the old Python scripts: it has no schema,"
                        + " and prepare-import does not read it, so there is no import for --schema-only to complete");
            }
            catalog.authenticate(source, "the folder of the old Python scripts", null, Boolean.TRUE.equals(allowUnauthenticated));
            return new RestoreJob(request, source, null, null, LegacyBackup.read(local.dir(), request.labelMap()), new RestoreTally());
        }
        BackupManifest manifest = BackupReader.readManifest(source);
        catalog.authenticate(source, "backup " + manifest.id(), manifest, Boolean.TRUE.equals(allowUnauthenticated));
        // an encrypted backup without its key, or an incremental one whose chain is broken, is refused here, before
        // the verify pass and any write
        BackupCatalog.Readable readable = catalog.readable(source, manifest, Boolean.TRUE.equals(allowUnauthenticated));
        return new RestoreJob(request, readable.source(), readable.manifest(), null, null, new RestoreTally());
    }

    /** Checks every file against the manifest; only then is the schema read. */
    public RestoreJob verify(RestoreJob job) {
        if (job.isLegacy()) {
            return job;
        }
        if (job.isSchemaOnly()) {
            // the data came in through the importer; verify --against-db compares it with every record afterwards
            BackupReader.verifySchemaFile(job.source(), job.manifest());
            return job.verified(BackupReader.readSchema(job.source(), job.manifest()));
        }
        // every record is read too: one the restore cannot read or write stops it here, before any write
        BackupReader.verify(job.source(), job.manifest());
        return job.verified(BackupReader.readSchema(job.source(), job.manifest()));
    }

    /**
     * Refuses to clear without confirmation; then takes the safety backup (the backup route, on a copy of this
     * exchange) and verifies it as a restore verifies a backup, every file and record: a database cleared after a
     * safety backup that cannot be restored is lost. When either fails nothing has been cleared, and the error
     * says so, why, and which safety backup.
     */
    public RestoreJob safetyBackup(@ExchangeProperty(GraphVaultHeaders.RESTORE_JOB) RestoreJob job, Exchange exchange) {
        if (!job.request().confirmed()) {
            throw new GraphVaultException("restore --clear-first deletes every node and relationship in database '"
                    + neo4j.database() + "' at " + neo4j.safeUri() + "; add --yes to confirm");
        }
        if (!job.request().safetyBackup()) {
            return job;
        }
        String name = "pre-restore-" + io.graphvault.storage.BackupIds.timestamp(Instant.now());
        Exchange taking = exchange.copy();
        taking.getMessage().setBody(new BackupRequest(name, false, List.of(), job.request().batchSize()));
        try (ProducerTemplate template = exchange.getContext().createProducerTemplate()) {
            template.send("direct:backup", taking);
        } catch (IOException e) {
            throw GraphVaultException.wrap("cannot close the producer", e);
        }
        BackupJob backup = taking.getProperty(GraphVaultHeaders.BACKUP_JOB, BackupJob.class);
        if (taking.getException() != null) {
            Exception e = taking.getException();
            GraphVaultException known = GraphVaultException.find(e);
            throw notCleared("its safety backup " + (backup == null ? name : backup.id()) + " could not be taken: "
                    + (known != null ? known : Neo4jErrors.explain("the safety backup", neo4j, e)).getMessage(), e);
        }
        job.safetyBackupId(backup.id());
        try {
            catalog.verifyRecords(backup.location(), false); // its own backup: authenticated when a key is set
        } catch (GraphVaultException e) {
            throw notCleared("its safety backup " + backup.id() + " at " + backup.location() + " fails the check a restore"
                    + " runs first, so the database could not be brought back from it: " + e.getMessage()
                    + ". The safety backup is kept for inspection (delete it when done)", e);
        }
        return job;
    }

    /** Not a cause but suppressed: the message shown is that of the innermost GraphVault error in a chain. */
    private GraphVaultException notCleared(String why, Exception reason) {
        GraphVaultException e = new GraphVaultException("restore --clear-first cleared nothing in database '" + neo4j.database()
                + "' at " + neo4j.safeUri() + ": " + why + ". Fix that and run the restore again, or restore without"
                + " --clear-first (it merges into what the database holds)");
        e.addSuppressed(reason);
        return e;
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

    /**
     * The one message for a failure between the schema and the last index: a restore that stopped
     * there can be run again (MERGE, claims and helpers make a re-run meet every guarantee), unless a
     * constraint of the target refused the data, which a re-run meets again.
     */
    public void failed(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception e,
            @ExchangeProperty(GraphVaultHeaders.RESTORE_JOB) RestoreJob job) {
        throw failure(job, e);
    }

    private GraphVaultException failure(RestoreJob job, Exception e) {
        String doing = "restore of " + job.source().location() + " failed";
        if (Neo4jErrors.hasCode(e, CONSTRAINT_REFUSED)) {
            return Neo4jErrors.explain(doing + " (running it again fails the same way: remove or rename the clashing data or"
                    + " constraint in the target, or restore into an empty database; restore --dry-run names the clashes it can"
                    + " foresee)", neo4j, e);
        }
        return Neo4jErrors.explain(doing + " (it can be run again)", neo4j, e);
    }

    /** Replays a folder of the old Python scripts; keys come from the database's constraints first. */
    public RestoreReport restoreLegacy(RestoreJob job) {
        try {
            BackupSchema databaseSchema;
            try (Session s = importer.session()) {
                databaseSchema = io.graphvault.backup.SchemaReader.read(s);
            }
            return legacyImporter.finish(legacyImporter.restore(job, databaseSchema, catalog.localRoot()));
        } catch (RuntimeException e) {
            throw failure(job, e);
        }
    }

    /** Compares the database with the manifest; every shortfall is a problem. */
    public RestoreReport finish(@ExchangeProperty(GraphVaultHeaders.RESTORE_PLAN) RestorePlan plan) {
        RestoreJob job = plan.job();
        Map<String, Long> labels = new TreeMap<>();
        Map<String, Long> types = new TreeMap<>();
        countInDatabase(importer, job.manifest(), labels, types);
        RestoreTally tally = plan.tally();
        compare("label", job.manifest().counts().labels(), labels, tally, plan.databaseWasEmpty());
        compare("relationship type", job.manifest().counts().types(), types, tally, plan.databaseWasEmpty());
        long unresolved = tally.relationshipsUnresolved();
        List<String> named = tally.unresolvedNamed();
        if (unresolved > 0) {
            tally.problem(unresolved + " relationships could not be restored: an endpoint was not found"
                    + (unresolved > named.size() ? " (the first " + named.size() + ": " : " (") + String.join("; ", named) + ")");
        }
        LOG.debug("rows written by each writer thread: {}", tally.rowsByWriter());
        return job.report(labels, types);
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

    /** How many nodes of each of the backup's labels, and relationships of each of its types, the database holds. */
    static void countInDatabase(GraphImporter importer, BackupManifest m, Map<String, Long> labels, Map<String, Long> types) {
        try (Session s = importer.session()) {
            m.counts().labels().forEach((l, n) -> labels.put(l,
                    s.run("MATCH (n" + labelExpression(List.of(l)) + ") RETURN count(n)").single().get(0).asLong()));
            m.counts().types().forEach((t, n) -> types.put(t,
                    s.run("MATCH ()-[r:" + quote(t) + "]->() RETURN count(r)").single().get(0).asLong()));
        }
    }

    static void compare(String kind, Map<String, Long> expected, Map<String, Long> actual, RestoreTally tally,
            boolean exact) {
        expected.forEach((name, n) -> {
            long there = actual.getOrDefault(name, 0L);
            if (there < n || exact && there != n) {
                tally.problem(kind + " '" + name + "': the backup has " + n + ", the database now has " + there);
            }
        });
    }

    /** The target's constraints against the backup ({@link ConstraintClashes}): each clash is a problem of the dry run. */
    private void foreseeClashes(RestoreJob job) {
        BackupSchema target;
        try (Session s = importer.session()) {
            target = io.graphvault.backup.SchemaReader.read(s);
        } catch (RuntimeException e) {
            job.tally().note("the target's constraints were not compared with the backup: " + Neo4jErrors.explain("reading them",
                    neo4j, e).getMessage());
            return;
        }
        job.tally().problems(job.isLegacy()
                ? ConstraintClashes.findLegacy(target, job.legacyBackup(), LegacyImporter.nodeKeys(job, target, new ArrayList<>()))
                : ConstraintClashes.find(target, job.schema(), job.source(), job.manifest()));
    }

    /** A dry run: what would be written, from the verified manifest; nothing is written. */
    public RestoreReport dryRun(RestoreJob job) {
        if (job.isLegacy()) {
            Map<String, Long> labels = new TreeMap<>();
            job.legacyBackup().nodesByLabel().forEach((l, list) -> labels.put(l, (long) list.size()));
            RestoreTally tally = job.tally();
            tally.notes(job.legacyBackup().notes());
            labels.forEach((l, n) -> tally.note("would merge " + n + " nodes labelled " + l + " (old Python script format)"));
            tally.note("would resolve and merge " + job.legacyBackup().relationshipCount() + " relationships");
            foreseeClashes(job);
            return job.report(labels, Map.of());
        }
        BackupManifest m = job.manifest();
        RestoreTally tally = job.tally();
        foreseeClashes(job);
        for (SchemaEntry c : job.schema().constraints()) {
            tally.note("would create constraint " + c.name() + " (" + c.type() + ") unless it exists");
        }
        for (SchemaEntry i : job.schema().indexes()) {
            tally.note("would create index " + i.name() + " (" + i.type() + ") unless it exists");
        }
        m.counts().labels().forEach((l, n) -> tally.note("would merge " + n + " nodes labelled " + l));
        m.counts().types().forEach((t, n) -> tally.note("would merge " + n + " relationships of type " + t));
        return job.report(m.counts().labels(), m.counts().types());
    }
}
