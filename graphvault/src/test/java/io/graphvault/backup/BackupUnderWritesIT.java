package io.graphvault.backup;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphvault.format.BackupJson;
import io.graphvault.testing.AlsoOnNeo4j2026;
import io.graphvault.testing.Cli;
import io.graphvault.testing.GraphVaultTest;
import io.graphvault.testing.Neo4jAdminImport;
import io.graphvault.testing.TestNeo4j;
import io.graphvault.testing.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A nightly backup runs while the application writes. Neo4j's read transactions see what others
 * commit meanwhile: node keys change after their node was read, key labels come and go, nodes are
 * deleted, new nodes arrive with relationships to old ones. The backup must still restore whole,
 * the part nobody touched exactly as it is, and say what kind of backup it is.
 */
@AlsoOnNeo4j2026
@GraphVaultTest
class BackupUnderWritesIT {

    /** Products with uid % 10 == 0 are the application's to change; the others are never touched. */
    private static final int PRODUCTS = 30_000;

    @TempDir
    Path backups;
    @TempDir
    Path work;

    private final Driver db = TestServices.sourceDriver();
    /** The uid the application gives its next new product: past every uid it gave before. */
    private long nextUid = 10L * PRODUCTS;

    @BeforeEach
    void graph() {
        try (Session s = db.session()) {
            s.run("CREATE CONSTRAINT product_uid FOR (p:Product) REQUIRE p.uid IS UNIQUE").consume();
            s.run("CREATE INDEX archived_uid FOR (a:Archived) ON (a.uid)").consume();
            s.run("UNWIND range(1, $n) AS i CALL (i) { CREATE (:Product {uid: i, v: 0, name: 'product ' + i}) }"
                    + " IN TRANSACTIONS OF 10000 ROWS", Map.of("n", PRODUCTS)).consume();
            s.run("MATCH (a:Product) CALL (a) { MATCH (b:Product) WHERE b.uid IN [a.uid % $n + 1, (a.uid * 7) % $n + 1]"
                    + " CREATE (a)-[:LINKS {w: a.uid}]->(b) } IN TRANSACTIONS OF 10000 ROWS", Map.of("n", PRODUCTS)).consume();
        }
    }

    @Test
    void aBackupTakenWhileTheApplicationWritesRestoresWhole() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong writes = new AtomicLong();
        CompletableFuture<Void> application = CompletableFuture.runAsync(() -> write(stop, writes));
        Cli.Result backup;
        try {
            backup = Cli.run(TestServices.config(TestServices.source(), backups), "backup", "--name", "busy", "--batch-size", "500");
        } finally {
            stop.set(true);
            application.get(60, TimeUnit.SECONDS);
        }
        assertThat(backup.exitCode()).as(backup.toString()).isZero();
        assertThat(writes.get()).as("writes committed during the backup").isGreaterThan(50);

        JsonNode consistency = manifest("busy").path("consistency");
        assertThat(consistency.path("snapshot").asBoolean(true)).as(consistency.toString()).isFalse();
        assertThat(consistency.path("otherTransactions").asLong()).as(consistency.toString()).isPositive();
        assertThat(consistency.path("keysChanged").asLong()).as("keys the backup saw change: " + consistency).isPositive();

        Cli.Result verify = Cli.run(TestServices.config(TestServices.source(), backups), "verify", "--from", "busy");
        assertThat(verify.exitCode()).as(verify.toString()).isZero();
        assertThat(verify.out()).contains("taken while");

        Cli.Result restore = Cli.run(TestServices.config(TestServices.target(), backups), "restore", "--from", "busy");
        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        JsonNode counts = manifest("busy").path("counts");
        assertThat(count(TestServices.targetDriver(), "MATCH ()-[r]->() RETURN count(r)"))
                .as("every relationship of the backup restored").isEqualTo(counts.path("relationships").asLong());
        assertThat(count(TestServices.targetDriver(), "MATCH (n) RETURN count(n)")).isEqualTo(counts.path("nodes").asLong());
        assertThat(count(TestServices.targetDriver(), "MATCH (n:_GraphVaultRestore) RETURN count(n)")).as("helpers left").isZero();

        assertThat(untouched(TestServices.targetDriver())).as("the part nobody touched").isEqualTo(untouched(db));

        // the same backup through neo4j-admin import: what it dropped or saw moved comes out the same way
        Cli.Result prepared = Cli.run(TestServices.config(TestServices.source(), backups), "prepare-import", "--from", "busy",
                "--to", work.resolve("import").toString());
        assertThat(prepared.exitCode()).as(prepared.toString()).isZero();
        try (TestNeo4j imported = Neo4jAdminImport.importAndStart(work.resolve("import/neo4j-admin-import.args"),
                work.resolve("server"), TestServices.PASSWORD)) {
            Map<String, String> c = TestServices.config(imported, backups);
            Cli.Result schema = Cli.run(c, "restore", "--from", "busy", "--schema-only");
            assertThat(schema.exitCode()).as(schema.toString()).isZero();
            Cli.Result compared = Cli.run(c, "verify", "--from", "busy", "--against-db");
            assertThat(compared.exitCode()).as(compared.toString()).isZero();
            try (Driver driver = imported.newDriver()) {
                assertThat(untouched(driver)).as("the part nobody touched, imported").isEqualTo(untouched(db));
            }
        }
    }

    /**
     * An incremental backup taken while the application writes, on a full one taken while it wrote too: the
     * chain restores whole, and what nobody touched exactly; a second incremental on it as well.
     */
    @Test
    void anIncrementalBackupTakenWhileTheApplicationWritesRestoresWhole() throws Exception {
        Map<String, String> source = TestServices.config(TestServices.source(), backups);
        for (String[] backup : new String[][] {{"backup", "--name", "base", "--batch-size", "500"},
                {"backup", "--incremental", "--name", "inc1", "--batch-size", "500"},
                {"backup", "--incremental", "--name", "inc2", "--batch-size", "500"}}) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong writes = new AtomicLong();
            CompletableFuture<Void> application = CompletableFuture.runAsync(() -> write(stop, writes));
            Cli.Result r;
            try {
                r = Cli.run(source, backup);
            } finally {
                stop.set(true);
                application.get(60, TimeUnit.SECONDS);
            }
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(writes.get()).as("writes committed during " + backup[backup.length - 3]).isGreaterThan(20);
        }
        assertThat(manifest("inc2").path("incremental").path("parent").asText()).isEqualTo("inc1");
        assertThat(manifest("inc2").path("consistency").path("snapshot").asBoolean(true)).isFalse();

        Cli.Result verify = Cli.run(source, "verify", "--from", "inc2");
        assertThat(verify.exitCode()).as(verify.toString()).isZero();
        Cli.Result restore = Cli.run(TestServices.config(TestServices.target(), backups), "restore", "--from", "inc2");
        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        JsonNode counts = manifest("inc2").path("counts");
        assertThat(count(TestServices.targetDriver(), "MATCH ()-[r]->() RETURN count(r)")).isEqualTo(counts.path("relationships").asLong());
        assertThat(count(TestServices.targetDriver(), "MATCH (n) RETURN count(n)")).isEqualTo(counts.path("nodes").asLong());
        assertThat(untouched(TestServices.targetDriver())).as("the part nobody touched").isEqualTo(untouched(db));
        Cli.Result compared = Cli.run(TestServices.config(TestServices.target(), backups), "verify", "--from", "inc2", "--against-db");
        assertThat(compared.exitCode()).as(compared.toString()).isZero();
    }

    @Test
    void aBackupOfAQuietDatabaseIsASnapshot() throws Exception {
        Cli.Result backup = Cli.run(TestServices.config(TestServices.source(), backups), "backup", "--name", "quiet");
        assertThat(backup.exitCode()).as(backup.toString()).isZero();
        JsonNode consistency = manifest("quiet").path("consistency");
        assertThat(consistency.path("snapshot").asBoolean(false)).as(consistency.toString()).isTrue();
        assertThat(consistency.path("keysChanged").asLong()).isZero();
        Cli.Result list = Cli.run(TestServices.config(TestServices.source(), backups), "list");
        assertThat(list.out()).contains("snapshot");
    }

    /**
     * The application: one small transaction after another, in turn an update, a key change, a key
     * label taken away (the node keeps its uid under a label without a constraint), a DETACH DELETE,
     * and a new product tied to an old one both ways.
     */
    private void write(AtomicBoolean stop, AtomicLong writes) {
        try (Session s = db.session()) {
            // the application's products (uid % 10 == 0), as earlier runs of it left them
            List<Long> mine = new ArrayList<>(s.run("MATCH (n:Product) WHERE n.uid % 10 = 0 RETURN n.uid AS uid ORDER BY uid")
                    .list(r -> r.get("uid").asLong()));
            long next = nextUid;
            for (int i = 0; !stop.get() && !mine.isEmpty(); i++) {
                int pick = (int) ((i * 7919L) % mine.size());
                long uid = mine.get(pick);
                switch (i % 5) {
                    case 0 -> s.run("MATCH (n:Product {uid: $uid}) SET n.v = n.v + 1", Map.of("uid", uid)).consume();
                    case 1 -> {
                        long moved = uid + 10L * PRODUCTS * 10;
                        s.run("MATCH (n:Product {uid: $uid}) SET n.uid = $moved", Map.of("uid", uid, "moved", moved)).consume();
                        mine.set(pick, moved);
                    }
                    case 2 -> {
                        s.run("MATCH (n:Product {uid: $uid}) REMOVE n:Product SET n:Archived", Map.of("uid", uid)).consume();
                        mine.remove(pick);
                    }
                    case 3 -> {
                        s.run("MATCH (n:Product {uid: $uid}) DETACH DELETE n", Map.of("uid", uid)).consume();
                        mine.remove(pick);
                    }
                    default -> {
                        next += 10;
                        nextUid = next;
                        s.run("MATCH (old:Product {uid: $uid}) CREATE (n:Product {uid: $new, v: 0})-[:LINKS {w: -1}]->(old),"
                                + " (old)-[:LINKS {w: -2}]->(n)", Map.of("uid", uid, "new", next)).consume();
                        mine.add(next);
                    }
                }
                writes.incrementAndGet();
            }
        }
    }

    /** The products and links the application never touched, in one canonical text. */
    private static String untouched(Driver driver) {
        try (Session s = driver.session()) {
            String nodes = s.run("MATCH (n:Product) WHERE n.uid <= $n AND n.uid % 10 <> 0"
                    + " RETURN n.uid AS uid, labels(n) AS l, properties(n) AS p ORDER BY uid", Map.of("n", PRODUCTS))
                    .list(r -> r.asMap().toString()).toString();
            String links = s.run("MATCH (a:Product)-[r]->(b:Product) WHERE a.uid <= $n AND a.uid % 10 <> 0 AND b.uid <= $n"
                    + " AND b.uid % 10 <> 0 RETURN a.uid AS a, type(r) AS t, properties(r) AS p, b.uid AS b ORDER BY a, b, p.w",
                    Map.of("n", PRODUCTS)).list(r -> r.asMap().toString()).toString();
            return nodes.hashCode() + "/" + nodes.length() + " " + links.hashCode() + "/" + links.length();
        }
    }

    private static long count(Driver driver, String query) {
        try (Session s = driver.session()) {
            return s.run(query).single().get(0).asLong();
        }
    }

    private JsonNode manifest(String id) throws Exception {
        return BackupJson.MAPPER.readTree(Files.readString(backups.resolve(id).resolve("manifest.json")));
    }
}
