package io.graphvault.app;

import io.graphvault.backup.BackupTarget;
import io.graphvault.internal.GraphVaultException;
import io.graphvault.internal.Neo4jSettings;
import io.graphvault.internal.Uris;
import io.graphvault.restore.DatabaseComparison;
import io.graphvault.restore.RestoreReport;
import io.graphvault.restore.RestoreRequest;
import io.graphvault.serve.BackupMetrics;
import io.graphvault.serve.Job;
import io.graphvault.serve.ServeDefaults;
import io.graphvault.storage.local.LocalBackupStore;
import io.graphvault.storage.s3.S3BackupStore;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.neo4j.driver.Driver;
import org.neo4j.driver.SessionConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code serve}'s restore drill: on its own schedule, the newest backup (in the bucket with BACKUP_TO=s3, else in
 * BACKUP_DIR) is restored into a scratch database
 * (NEO4J_DRILL_URI, cleared first, without a safety backup: it holds nothing but the last drill) and compared
 * with the backup, record by record, as {@code verify --against-db} compares. The result and its duration go to
 * the metrics; a failure is logged with what differed. The drill runs GraphVault's own restore and verify routes
 * in a second GraphVault whose Neo4j settings are the drill's, so it never holds a connection to production
 * that could write.
 */
public final class RestoreDrill {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreDrill.class);

    private final Map<String, String> config;
    private final Neo4jSettings drill;
    private final Neo4jSettings production;
    private final Driver productionDriver;
    private final LocalBackupStore local;
    private final S3BackupStore s3;
    private final boolean fromS3;
    private final BackupMetrics metrics;

    /** The backup a drill restores: its id, and what {@code --from} names it by. */
    private record Drilled(String id, String from) {
    }

    private RestoreDrill(Map<String, String> config, Neo4jSettings drill, Neo4jSettings production, Driver productionDriver,
            LocalBackupStore local, S3BackupStore s3, boolean fromS3, BackupMetrics metrics) {
        this.config = config;
        this.drill = drill;
        this.production = production;
        this.productionDriver = productionDriver;
        this.local = local;
        this.s3 = s3;
        this.fromS3 = fromS3;
        this.metrics = metrics;
    }

    /** The drill {@code serve} runs, or null when NEO4J_DRILL_URI is not set; refused when it names production. */
    static RestoreDrill of(GraphVaultRuntime runtime, Map<String, String> overrides) {
        String uri = runtime.property("neo4j.drill.uri");
        if (uri == null || uri.isBlank()) {
            return null;
        }
        Neo4jSettings production = runtime.bean("neo4jSettings", Neo4jSettings.class);
        String password = runtime.property("neo4j.drill.password");
        Neo4jSettings drill = new Neo4jSettings(uri.strip(), production.user(),
                password == null || password.isBlank() ? production.password() : password,
                runtime.property("neo4j.drill.database"), production.trustedCertificates(), production.clientCertificate());
        if (sameAddress(drill.uri(), production.uri()) && drill.database().equals(production.database())) {
            throw refused(drill, production);
        }
        Map<String, String> config = new HashMap<>(overrides);
        // Camel lets an environment variable (NEO4J_URI) override the property of the same name (neo4j.uri), so the
        // drill's GraphVault would reach production: it reads the environment only through the {{env:...}} defaults
        config.put("camel.component.properties.environment-variable-mode", "0");
        config.put("neo4j.uri", drill.uri());
        config.put("neo4j.password", drill.password());
        config.put("neo4j.database", drill.database());
        return new RestoreDrill(config, drill, production, runtime.bean("neo4jDriver", Driver.class),
                runtime.bean("localBackupStore", LocalBackupStore.class), runtime.bean("s3BackupStore", S3BackupStore.class),
                runtime.bean("serveDefaults", ServeDefaults.class).target() == BackupTarget.S3,
                runtime.bean("backupMetrics", BackupMetrics.class));
    }

    /** The job the drill's timer puts on serve's queue: drills wait for backups and restores, and they for it. */
    public Job job() {
        return new Job.Drill();
    }

    /** Restores the newest backup into the drill database and compares; throws, naming what failed or differed. */
    public void run() {
        Drilled newest = newest();
        String id = newest.id();
        Instant started = Instant.now();
        try (GraphVaultRuntime scratch = GraphVaultRuntime.start(config, "restore", "backup", "catalog")) {
            requireNotProduction(scratch.bean("neo4jDriver", Driver.class));
            RestoreReport report = scratch.request("direct:restore", new RestoreRequest(newest.from(), true, true, false, Map.of(), false,
                    10_000),
                    Map.of(), RestoreReport.class);
            if (!report.ok()) {
                throw new GraphVaultException("the restore finished with problems: " + String.join("; ", report.problems()));
            }
            DatabaseComparison.Report compared = scratch.request("direct:verify-against-db", newest.from(), Map.of(),
                    DatabaseComparison.Report.class);
            if (!compared.equal()) {
                throw new GraphVaultException("the restored database differs from the backup in " + compared.differences().size()
                        + " place(s): " + String.join("; ", compared.differences()));
            }
        } catch (RuntimeException e) {
            GraphVaultException known = GraphVaultException.find(e);
            GraphVaultException failed = new GraphVaultException("restore drill of backup " + id + " into " + drill.safeUri()
                    + " (database " + drill.database() + ") FAILED: " + (known != null ? known : e).getMessage(), e);
            LOG.error(failed.getMessage());
            throw failed;
        }
        Duration took = Duration.between(started, Instant.now());
        metrics.drillSucceeded(took);
        LOG.info("restore drill of backup {} into {} passed in {} s: the restored database equals the backup", id,
                drill.safeUri(), String.format("%.1f", took.toMillis() / 1000.0));
    }

    /** Where serve's backups go: the bucket with BACKUP_TO=s3 (no local copy), else BACKUP_DIR. */
    private Drilled newest() {
        if (fromS3) {
            List<S3BackupStore.Listing> backups = s3.list();
            if (backups.isEmpty()) {
                throw new GraphVaultException("restore drill: no completed backup in " + s3.settings().rootUri() + " to drill");
            }
            return new Drilled(backups.get(0).id(), backups.get(0).location());
        }
        List<LocalBackupStore.Listing> backups = local.list();
        if (backups.isEmpty()) {
            throw new GraphVaultException("restore drill: no completed backup in " + local.root() + " to drill");
        }
        return new Drilled(backups.get(0).manifest().id(), backups.get(0).manifest().id());
    }

    /** Two URIs that name one server (localhost or 127.0.0.1) pass the first check: the databases' own ids do not. */
    private void requireNotProduction(Driver scratch) {
        if (databaseId(scratch, drill.database()).equals(databaseId(productionDriver, production.database()))) {
            throw refused(drill, production);
        }
    }

    private static String databaseId(Driver driver, String database) {
        try (var session = driver.session(SessionConfig.forDatabase(database))) {
            return session.run("CALL db.info() YIELD id RETURN id").single().get(0).asString();
        }
    }

    private static boolean sameAddress(String a, String b) {
        return Uris.redact(a).replaceAll("/+$", "").equalsIgnoreCase(Uris.redact(b).replaceAll("/+$", ""));
    }

    private static GraphVaultException refused(Neo4jSettings drill, Neo4jSettings production) {
        return new GraphVaultException("NEO4J_DRILL_URI " + drill.safeUri() + " (database " + drill.database() + ") is the"
                + " production database (NEO4J_URI " + production.safeUri() + "): the drill clears the database it restores"
                + " into; point NEO4J_DRILL_URI or NEO4J_DRILL_DATABASE at a scratch database");
    }
}
