package io.graphvault.demo;

import io.graphvault.cli.GraphVaultCli;
import io.graphvault.compare.GraphSnapshot;
import io.graphvault.internal.GraphVaultException;
import io.graphvault.testing.EmbeddedNeo4j;
import io.graphvault.testing.EmbeddedS3;
import io.graphvault.testing.SampleGraph;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;

/**
 * The whole cycle on embedded services, through GraphVault's own command line as a user types it:
 * an embedded Neo4j loaded with the clinical sample graph, {@code backup --s3} (a local folder,
 * replicated to an embedded S3), {@code verify} of the copy in the bucket, {@code restore} from the
 * bucket into a second, empty embedded Neo4j, and a content comparison of the two graphs. Only the
 * command line is used, so the demo shows what the product prints and follows its changes.
 */
final class DemoRun implements AutoCloseable {

    static final String BUCKET = "graphvault-demo";
    static final String PREFIX = "backups";
    static final String BACKUP = "demo";
    private static final String DATABASE = "neo4j";

    private final Path dir;
    private final PrintWriter out;
    private EmbeddedNeo4j source;
    private EmbeddedNeo4j target;
    private EmbeddedS3 s3;

    DemoRun(Path dir, PrintWriter out) {
        this.dir = dir;
        this.out = out;
    }

    /** Runs the cycle; returns true when the restored graph equals the source. */
    boolean run() {
        long t0 = System.nanoTime();
        CompletableFuture<EmbeddedNeo4j> targetStart = CompletableFuture.supplyAsync(
                () -> EmbeddedNeo4j.start(dir.resolve("neo4j-restored"), "demo-password-restored"));
        source = EmbeddedNeo4j.start(dir.resolve("neo4j-source"), "demo-password-source");
        s3 = EmbeddedS3.start(dir.resolve("s3"));
        s3.createBucket(BUCKET);
        try (Driver driver = source.newDriver()) {
            SampleGraph.load(driver, DATABASE);
        }
        target = targetStart.join();
        double started = seconds(t0);
        String s3Uri = "s3://" + BUCKET + "/" + PREFIX + "/" + BACKUP;

        long t1 = System.nanoTime();
        graphvault(source, "backup", "--name", BACKUP, "--s3");
        double backedUp = seconds(t1);

        long t2 = System.nanoTime();
        graphvault(target, "verify", "--from", s3Uri);
        graphvault(target, "restore", "--from", s3Uri);
        double restored = seconds(t2);

        List<String> differences;
        Map<String, Long> sourceCounts;
        Map<String, Long> targetCounts;
        try (Driver a = source.newDriver(); Driver b = target.newDriver()) {
            differences = GraphSnapshot.take(a, DATABASE).differences(GraphSnapshot.take(b, DATABASE), 20);
            sourceCounts = counts(a);
            targetCounts = counts(b);
        }
        printSummary(sourceCounts, targetCounts, s3Uri, started, backedUp, restored, differences);
        return differences.isEmpty();
    }

    /** One GraphVault command line against {@code neo4j}, its output shown as the user would see it. */
    private void graphvault(EmbeddedNeo4j neo4j, String... args) {
        out.println();
        out.println("$ graphvault " + String.join(" ", args));
        out.flush();
        int code = GraphVaultCli.run(settings(neo4j), out, out, args);
        out.flush();
        if (code != 0) {
            throw new GraphVaultException("demo: `graphvault " + String.join(" ", args) + "` exited with " + code + " (see above)");
        }
    }

    /** What a user puts in .env to point GraphVault at the embedded services (environmentLines prints it). */
    private Map<String, String> settings(EmbeddedNeo4j neo4j) {
        Map<String, String> c = new HashMap<>();
        c.put("neo4j.uri", neo4j.boltUri());
        c.put("neo4j.user", EmbeddedNeo4j.USER);
        c.put("neo4j.password", neo4j.password());
        c.put("neo4j.database", DATABASE);
        c.put("backup.dir", dir.resolve("backups").toString());
        c.putAll(Map.of("s3.bucket", BUCKET, "s3.prefix", PREFIX, "s3.region", "us-east-1", "s3.endpoint", s3.endpoint(),
                "s3.force-path-style", "true", "s3.access-key", EmbeddedS3.ACCESS_KEY, "s3.secret-key", EmbeddedS3.SECRET_KEY));
        return c;
    }

    /** Nodes per label, and the relationships under the key "relationships". */
    private static Map<String, Long> counts(Driver driver) {
        Map<String, Long> counts = new TreeMap<>();
        try (Session session = driver.session(SessionConfig.forDatabase(DATABASE))) {
            session.run("MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n")
                    .forEachRemaining(r -> counts.put(r.get("label").asString(), r.get("n").asLong()));
            counts.put("relationships", session.run("MATCH ()-[r]->() RETURN count(r)").single().get(0).asLong());
        }
        return counts;
    }

    private void printSummary(Map<String, Long> sourceCounts, Map<String, Long> targetCounts, String s3Uri, double started,
            double backedUp, double restored, List<String> differences) {
        out.println();
        out.println("GraphVault demo: clinical-guideline sample graph");
        out.printf("  %-16s %8s %8s%n", "", "source", "restored");
        sourceCounts.forEach((name, n) -> out.printf("  %-16s %8d %8d%n", name, n, targetCounts.getOrDefault(name, 0L)));
        out.printf("  times: services %.1f s, backup + replication %.1f s, verify + restore from S3 %.1f s%n",
                started, backedUp, restored);
        out.println("  local backup: " + dir.resolve("backups").resolve(BACKUP));
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
    List<String> environmentLines() {
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
