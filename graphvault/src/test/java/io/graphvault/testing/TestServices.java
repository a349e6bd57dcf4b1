package io.graphvault.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

/**
 * The real services of a test JVM, started once and shared (they take seconds to start): a source
 * Neo4j, a target Neo4j for restores, and an S3-compatible server. A test class annotated
 * {@link GraphVaultTest} finds them wiped and leaves them so.
 *
 * <p>The system property {@value #VERSION_PROPERTY} picks the Neo4j of source and target: {@code 5.26}
 * (the default) runs them in this JVM, {@code 2026} runs 2026.08.1 servers with Cypher 25 as the default
 * language in child processes ({@link ChildProcessNeo4j}). {@link #other()} is a server of the other version,
 * for tests across versions.
 */
public final class TestServices {

    public static final String PASSWORD = "graphvault-test-password";
    public static final String VERSION_PROPERTY = "graphvault.test.neo4j";
    private static TestNeo4j source;
    private static TestNeo4j target;
    private static TestNeo4j other;
    private static EmbeddedS3 s3;
    private static Driver sourceDriver;
    private static Driver targetDriver;
    private static Driver otherDriver;
    private static CompletableFuture<TestNeo4j> targetStarting;

    private TestServices() {
    }

    public static synchronized TestNeo4j source() {
        if (source == null) {
            startTargetMeanwhile();
            source = start("source", runs2026());
            sourceDriver = newDriverClosedAtExit(source);
        }
        return source;
    }

    public static synchronized TestNeo4j target() {
        if (target == null) {
            target = targetStarting != null ? targetStarting.join() : start("target", runs2026());
            targetDriver = newDriverClosedAtExit(target);
        }
        return target;
    }

    /** A server of the version the run does not test: 2026 in the default (5.26) run, 5.26 in the 2026 run. */
    public static synchronized TestNeo4j other() {
        if (other == null) {
            other = start("other", !runs2026());
            otherDriver = newDriverClosedAtExit(other);
        }
        return other;
    }

    /** A server of its own, of the run's version, for a test that stops it; the caller closes it. */
    public static TestNeo4j startOwn(Path workDir) {
        return start(workDir, runs2026());
    }

    public static synchronized EmbeddedS3 s3() {
        if (s3 == null) {
            s3 = EmbeddedS3.start(null);
            Runtime.getRuntime().addShutdownHook(new Thread(s3::close));
        }
        return s3;
    }

    public static Driver sourceDriver() {
        source();
        return sourceDriver;
    }

    public static Driver targetDriver() {
        target();
        return targetDriver;
    }

    public static Driver otherDriver() {
        other();
        return otherDriver;
    }

    /** Configuration that points GraphVault at {@code neo4j} and keeps backups in {@code backupDir}. */
    public static Map<String, String> config(TestNeo4j neo4j, Path backupDir) {
        return config(neo4j.boltUri(), neo4j.password(), backupDir);
    }

    /** As {@link #config(TestNeo4j, Path)}, for a server of a test's own at {@code boltUri}. */
    public static Map<String, String> config(String boltUri, String password, Path backupDir) {
        Map<String, String> c = new HashMap<>();
        c.put("neo4j.uri", boltUri);
        c.put("neo4j.user", TestNeo4j.USER);
        c.put("neo4j.password", password);
        c.put("neo4j.database", "neo4j");
        c.put("backup.dir", backupDir.toString());
        c.put("backup.inbox", backupDir.resolveSibling(backupDir.getFileName() + "-inbox").toString());
        return c;
    }

    /** {@link #config} for {@code serve} on the source: an inbox of its own and the health endpoint on {@code port} (0: any). */
    public static Map<String, String> serveConfig(Path backupDir, Path inbox, int port) {
        Map<String, String> c = config(source(), backupDir);
        c.put("backup.inbox", inbox.toString());
        c.put("camel.management.port", String.valueOf(port));
        return c;
    }

    /** Deletes every node, relationship, constraint and index. */
    public static void wipe(Driver driver) {
        try (Session s = driver.session()) {
            s.run("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume();
            for (String c : s.run("SHOW CONSTRAINTS YIELD name RETURN name").list(r -> r.get(0).asString())) {
                s.run("DROP CONSTRAINT " + io.graphvault.internal.CypherNames.quote(c)).consume();
            }
            for (String i : s.run("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name").list(r -> r.get(0).asString())) {
                s.run("DROP INDEX " + io.graphvault.internal.CypherNames.quote(i)).consume();
            }
        }
    }

    /**
     * A 2026 server takes 10 to 60 s to start and nearly every test that wants the source wants the target:
     * start the target while the source starts.
     */
    private static void startTargetMeanwhile() {
        if (runs2026() && target == null && targetStarting == null) {
            targetStarting = CompletableFuture.supplyAsync(() -> start("target", true));
        }
    }

    /** Whether this run's source and target are 2026 servers ({@value #VERSION_PROPERTY}). */
    static boolean runs2026() {
        String version = System.getProperty(VERSION_PROPERTY, "5.26");
        if (!version.equals("5.26") && !version.equals("2026")) {
            throw new IllegalArgumentException("-D" + VERSION_PROPERTY + "=" + version + ": expected 5.26 or 2026");
        }
        return version.equals("2026");
    }

    private static TestNeo4j start(String name, boolean neo4j2026) {
        return start(tempDir(neo4j2026 ? "neo4j-2026-" + name : "neo4j-" + name), neo4j2026);
    }

    private static TestNeo4j start(Path workDir, boolean neo4j2026) {
        try {
            Files.createDirectories(workDir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return neo4j2026 ? ChildProcessNeo4j.start(workDir, PASSWORD) : InProcessNeo4j.start(workDir, PASSWORD);
    }

    /** A driver for {@code neo4j}; at exit the driver closes, then the server. */
    private static Driver newDriverClosedAtExit(TestNeo4j neo4j) {
        Driver driver = neo4j.newDriver();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> { driver.close(); neo4j.close(); }));
        return driver;
    }

    private static Path tempDir(String name) {
        try {
            return Files.createTempDirectory("graphvault-" + name);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
