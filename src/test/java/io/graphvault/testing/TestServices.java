package io.graphvault.testing;

import io.graphvault.demo.EmbeddedNeo4j;
import io.graphvault.demo.EmbeddedS3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

/**
 * The real services of a test JVM, started once and shared (they take seconds to start): a source
 * Neo4j, a target Neo4j for restores, and an S3-compatible server. Each test cleans up after itself
 * with {@link #wipe(Driver)}.
 */
public final class TestServices {

    public static final String PASSWORD = "graphvault-test-password";
    private static EmbeddedNeo4j source;
    private static EmbeddedNeo4j target;
    private static EmbeddedS3 s3;
    private static Driver sourceDriver;
    private static Driver targetDriver;

    private TestServices() {
    }

    public static synchronized EmbeddedNeo4j source() {
        if (source == null) {
            source = EmbeddedNeo4j.start(tempDir("neo4j-source"), PASSWORD);
            sourceDriver = source.newDriver();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> { sourceDriver.close(); source.close(); }));
        }
        return source;
    }

    public static synchronized EmbeddedNeo4j target() {
        if (target == null) {
            target = EmbeddedNeo4j.start(tempDir("neo4j-target"), PASSWORD);
            targetDriver = target.newDriver();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> { targetDriver.close(); target.close(); }));
        }
        return target;
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

    /** Configuration that points GraphVault at {@code neo4j} and keeps backups in {@code backupDir}. */
    public static Map<String, String> config(EmbeddedNeo4j neo4j, Path backupDir) {
        Map<String, String> c = new HashMap<>();
        c.put("neo4j.uri", neo4j.boltUri());
        c.put("neo4j.user", EmbeddedNeo4j.USER);
        c.put("neo4j.password", neo4j.password());
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

    private static Path tempDir(String name) {
        try {
            return Files.createTempDirectory("graphvault-" + name);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
