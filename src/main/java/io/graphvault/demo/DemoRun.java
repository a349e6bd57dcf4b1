package io.graphvault.demo;

import io.graphvault.GraphVaultRuntime;
import io.graphvault.compare.GraphSnapshot;
import io.graphvault.backup.BackupJob;
import io.graphvault.backup.BackupRequest;
import io.graphvault.format.BackupManifest;
import io.graphvault.restore.RestoreReport;
import io.graphvault.restore.RestoreRequest;
import io.graphvault.storage.BackupCatalog.Verified;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.neo4j.driver.Driver;

/**
 * The whole cycle on embedded services, through the real routes: an embedded Neo4j loaded with the
 * clinical sample graph, backup to a local folder, replication to an embedded S3, restore from the
 * bucket into a second, empty embedded Neo4j, and a content comparison of the two graphs.
 */
public final class DemoRun implements AutoCloseable {

    public static final String BUCKET = "graphvault-demo";
    public static final String PREFIX = "backups";

    private final Path dir;
    private final PrintWriter out;
    private EmbeddedNeo4j source;
    private EmbeddedNeo4j target;
    private EmbeddedS3 s3;

    public DemoRun(Path dir, PrintWriter out) {
        this.dir = dir;
        this.out = out;
    }

    /** Runs the cycle; returns true when the restored graph equals the source. */
    public boolean run() {
        long t0 = System.nanoTime();
        CompletableFuture<EmbeddedNeo4j> targetStart = CompletableFuture.supplyAsync(
                () -> EmbeddedNeo4j.start(dir.resolve("neo4j-restored"), "demo-password-restored"));
        source = EmbeddedNeo4j.start(dir.resolve("neo4j-source"), "demo-password-source");
        s3 = EmbeddedS3.start(dir.resolve("s3"));
        s3.createBucket(BUCKET);
        try (Driver driver = source.newDriver()) {
            SampleGraph.load(driver, "neo4j");
        }
        target = targetStart.join();
        double started = seconds(t0);

        long t1 = System.nanoTime();
        BackupJob backup;
        try (GraphVaultRuntime runtime = GraphVaultRuntime.start(config(source))) {
            backup = runtime.request("direct:backup", new BackupRequest("demo", true, List.of(), BackupRequest.DEFAULT_BATCH_SIZE),
                    BackupJob.class);
        }
        double backedUp = seconds(t1);
        String s3Uri = "s3://" + BUCKET + "/" + PREFIX + "/" + backup.id();

        long t2 = System.nanoTime();
        Verified verified;
        RestoreReport restore;
        try (GraphVaultRuntime runtime = GraphVaultRuntime.start(config(target))) {
            verified = runtime.request("direct:verify", s3Uri, Verified.class);
            restore = runtime.request("direct:restore", RestoreRequest.of(s3Uri), RestoreReport.class);
        }
        double restored = seconds(t2);

        List<String> differences;
        try (Driver a = source.newDriver(); Driver b = target.newDriver()) {
            differences = GraphSnapshot.take(a, "neo4j").differences(GraphSnapshot.take(b, "neo4j"), 20);
        }
        printSummary(backup.manifest(), verified, restore, s3Uri, started, backedUp, restored, differences);
        return differences.isEmpty() && restore.ok();
    }

    private Map<String, String> config(EmbeddedNeo4j neo4j) {
        Map<String, String> c = new HashMap<>();
        c.put("neo4j.uri", neo4j.boltUri());
        c.put("neo4j.user", EmbeddedNeo4j.USER);
        c.put("neo4j.password", neo4j.password());
        c.put("neo4j.database", "neo4j");
        c.put("backup.dir", dir.resolve("backups").toString());
        c.putAll(s3Config());
        return c;
    }

    /** The settings that point GraphVault at the embedded S3. */
    public Map<String, String> s3Config() {
        return Map.of("s3.bucket", BUCKET, "s3.prefix", PREFIX, "s3.region", "us-east-1", "s3.endpoint", s3.endpoint(),
                "s3.force-path-style", "true", "s3.access-key", EmbeddedS3.ACCESS_KEY, "s3.secret-key", EmbeddedS3.SECRET_KEY);
    }

    private void printSummary(BackupManifest m, Verified verified, RestoreReport restore, String s3Uri, double started,
            double backedUp, double restored, List<String> differences) {
        out.println();
        out.println("GraphVault demo: clinical-guideline sample graph");
        out.printf("  %-16s %8s %8s%n", "label", "source", "restored");
        m.counts().labels().forEach((label, n) -> out.printf("  %-16s %8d %8d%n", label, n,
                restore.databaseLabels().getOrDefault(label, 0L)));
        out.printf("  %-16s %8d %8d%n", "relationships", m.counts().relationships(),
                restore.relationshipsCreated() + restore.relationshipsMatched());
        out.printf("  files: %d (%,d bytes), checksums verified in S3: %d of %d%n", m.files().size(), m.totalBytes(),
                verified.report().files(), m.files().size());
        out.printf("  times: services %.1f s, backup + replication %.1f s, verify + restore from S3 %.1f s%n",
                started, backedUp, restored);
        out.println("  local backup: " + dir.resolve("backups").resolve(m.id()));
        out.println("  in S3:        " + s3Uri);
        if (differences.isEmpty()) {
            out.println("RESULT: the restored graph equals the source (nodes, labels, relationships, properties and types)");
        } else {
            out.println("RESULT: the restored graph DIFFERS from the source:");
            differences.forEach(d -> out.println("  " + d));
        }
        out.flush();
    }

    /** The lines a user pastes to point other commands at the running demo services. */
    public List<String> environmentLines() {
        return List.of("NEO4J_URI=" + source.boltUri(), "NEO4J_USER=" + EmbeddedNeo4j.USER, "NEO4J_PASSWORD=" + source.password(),
                "BACKUP_DIR=" + dir.resolve("backups"), "S3_ENDPOINT=" + s3.endpoint(), "S3_BUCKET=" + BUCKET,
                "S3_PREFIX=" + PREFIX, "S3_FORCE_PATH_STYLE=true", "S3_REGION=us-east-1",
                "AWS_ACCESS_KEY_ID=" + EmbeddedS3.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY=" + EmbeddedS3.SECRET_KEY,
                "# the restored copy: NEO4J_URI=" + target.boltUri() + " NEO4J_PASSWORD=" + target.password());
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    @Override
    public void close() {
        CompletableFuture<Void> a = CompletableFuture.runAsync(() -> closeQuietly(source));
        CompletableFuture<Void> b = CompletableFuture.runAsync(() -> closeQuietly(target));
        CompletableFuture.allOf(a, b).join();
        if (s3 != null) {
            s3.close();
        }
    }

    private static void closeQuietly(EmbeddedNeo4j neo4j) {
        if (neo4j != null) {
            neo4j.close();
        }
    }
}
