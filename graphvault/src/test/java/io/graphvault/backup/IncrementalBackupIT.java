package io.graphvault.backup;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphvault.compare.GraphSnapshot;
import io.graphvault.format.BackupJson;
import io.graphvault.testing.Cli;
import io.graphvault.testing.GraphVaultTest;
import io.graphvault.testing.S3Buckets;
import io.graphvault.testing.TestServices;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A nightly incremental backup: between backups the application updates nodes and relationships,
 * changes keys, moves nodes between labels, deletes nodes and relationships, and adds new ones.
 * Each backup of the chain, wherever it sits in it, restores alone to the database as it was when
 * that backup was taken; one whose parent is gone or damaged is refused, by name, before anything
 * is written. (On Neo4j 2026 too: BackupUnderWritesIT takes and restores a chain there.)
 */
@GraphVaultTest
class IncrementalBackupIT {

    private static final int PRODUCTS = 3_000;
    /** A value written only by the churn: no stored file of an encrypted backup may hold it. */
    private static final String SECRET = "secret-churn-value";

    @TempDir
    Path backups;

    private S3Buckets s3;
    private final Driver db = TestServices.sourceDriver();

    @BeforeEach
    void graph() {
        try (Session s = db.session()) {
            s.run("CREATE CONSTRAINT product_uid FOR (p:Product) REQUIRE p.uid IS UNIQUE").consume();
            s.run("CREATE INDEX archived_uid FOR (a:Archived) ON (a.uid)").consume();
            s.run("UNWIND range(1, $n) AS i CREATE (:Product {uid: i, v: 0, name: 'product ' + i, tags: ['a', 'b']})",
                    Map.of("n", PRODUCTS)).consume();
            s.run("MATCH (a:Product) MATCH (b:Product) WHERE b.uid IN [a.uid % $n + 1, (a.uid * 7) % $n + 1]"
                    + " CREATE (a)-[:LINKS {w: a.uid}]->(b)", Map.of("n", PRODUCTS)).consume();
            s.run("UNWIND range(1, 50) AS i CREATE (:Note {text: 'keyless ' + (i % 10)})").consume(); // keyless twins
        }
    }

    @Test
    void eachBackupOfAChainRestoresToTheDatabaseAsItWasWhenItWasTaken() throws Exception {
        Map<String, String> source = TestServices.config(TestServices.source(), backups);
        Map<String, GraphSnapshot> taken = new LinkedHashMap<>();
        ok(Cli.run(source, "backup", "--name", "b0", "--batch-size", "500"));
        taken.put("b0", GraphSnapshot.take(db, "neo4j"));
        long fullBytes = dataBytes(backups.resolve("b0"));
        for (int day = 1; day <= 3; day++) {
            churn(day);
            Cli.Result backup = ok(Cli.run(source, "backup", "--incremental", "--name", "b" + day, "--batch-size", "500"));
            assertThat(backup.out()).contains("incremental:   on backup b" + (day - 1));
            taken.put("b" + day, GraphSnapshot.take(db, "neo4j"));
            JsonNode incremental = manifest(backups.resolve("b" + day)).path("incremental");
            assertThat(incremental.path("parent").asText()).isEqualTo("b" + (day - 1));
            assertThat(dataBytes(backups.resolve("b" + day))).as("what b" + day + " stores of a full backup's " + fullBytes + " bytes")
                    .isLessThan(fullBytes / 4);
        }
        assertThat(taken.get("b3").differences(taken.get("b0"), 1)).as("the churn changed the graph").isNotEmpty();

        Map<String, String> target = TestServices.config(TestServices.target(), backups);
        for (Map.Entry<String, GraphSnapshot> backup : taken.entrySet()) {
            TestServices.wipe(TestServices.targetDriver());
            ok(Cli.run(target, "restore", "--from", backup.getKey()));
            assertThat(GraphSnapshot.take(TestServices.targetDriver(), "neo4j").differences(backup.getValue(), 5))
                    .as("backup " + backup.getKey() + " restored").isEmpty();
        }
        // replayed into the database it was just restored into (claims with marks: the chain's parallel relationships
        // do not come in whole groups), it changes nothing
        ok(Cli.run(target, "restore", "--from", "b3"));
        assertThat(GraphSnapshot.take(TestServices.targetDriver(), "neo4j").differences(taken.get("b3"), 5)).isEmpty();

        ok(Cli.run(source, "verify", "--from", "b3", "--against-db"));
        // neo4j-admin import's files, from the chain: prepare-import checks they hold the manifest's counts
        Cli.Result prepared = ok(Cli.run(source, "prepare-import", "--from", "b3", "--to", backups.resolveSibling(backups.getFileName()
                + "-import").toString()));
        assertThat(prepared.out()).contains(String.format("nodes:          %,d ", countOf(db, "MATCH (n) RETURN count(n)")));
        assertThat(ok(Cli.run(target, "verify", "--from", "b2")).out()).contains("it is incremental on backup b1");
        assertThat(ok(Cli.run(source, "list")).out()).containsPattern("b3 .*b2").containsPattern("b1 .*b0");
    }

    @Test
    void aMissingReplacedOrDamagedParentIsNamedBeforeAnythingIsWritten() throws Exception {
        Map<String, String> source = TestServices.config(TestServices.source(), backups);
        ok(Cli.run(source, "backup", "--name", "full"));
        churn(1);
        ok(Cli.run(source, "backup", "--incremental", "--name", "mon"));
        churn(2);
        ok(Cli.run(source, "backup", "--incremental", "--name", "tue"));
        Map<String, String> target = TestServices.config(TestServices.target(), backups);
        try (Session s = TestServices.targetDriver().session()) {
            s.run("CREATE (:Canary {name: 'keep'})").consume();
        }

        Path away = Files.createDirectories(backups.resolveSibling(backups.getFileName() + "-away"));
        Files.move(backups.resolve("mon"), away.resolve("mon"));
        Cli.Result missing = Cli.run(target, "restore", "--from", "tue");
        assertThat(missing.exitCode()).as(missing.toString()).isNotZero();
        assertThat(missing.err()).contains("backup tue is incremental").contains("backup mon").contains(backups.resolve("mon").toString());
        assertThat(Cli.run(target, "verify", "--from", "tue").exitCode()).isNotZero();
        assertOnlyTheCanary();

        // a backup of that name taken again is not the parent tue was taken against
        ok(Cli.run(source, "backup", "--name", "mon"));
        Cli.Result replaced = Cli.run(target, "restore", "--from", "tue");
        assertThat(replaced.exitCode()).as(replaced.toString()).isNotZero();
        assertThat(replaced.err()).contains("is not the one it was taken against");
        assertOnlyTheCanary();
        deleteTree(backups.resolve("mon"));
        Files.move(away.resolve("mon"), backups.resolve("mon"));

        Path nodeFile;
        try (Stream<Path> files = Files.list(backups.resolve("full/nodes"))) {
            nodeFile = files.sorted().findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(nodeFile);
        bytes[bytes.length / 2] ^= 0x20;
        Files.write(nodeFile, bytes);
        Cli.Result damaged = Cli.run(target, "restore", "--from", "tue");
        assertThat(damaged.exitCode()).as(damaged.toString()).isNotZero();
        assertThat(damaged.err()).contains(nodeFile.toString()).contains("damaged");
        assertOnlyTheCanary();
    }

    @Test
    void anEncryptedChainInTheBucketRestoresAloneAndLeaksNothing() throws Exception {
        String bucket = s3.newBucket();
        Map<String, String> source = new HashMap<>(TestServices.config(TestServices.source(), backups));
        source.putAll(s3.config(bucket, "gv"));
        source.put("backup.encryption-key", key());
        ok(Cli.run(source, "backup", "--to", "s3", "--name", "e0"));
        churn(1);
        ok(Cli.run(source, "backup", "--to", "s3", "--incremental", "--name", "e1"));
        churn(2);
        ok(Cli.run(source, "backup", "--to", "s3", "--incremental", "--name", "e2"));
        GraphSnapshot now = GraphSnapshot.take(db, "neo4j");
        assertThat(Files.exists(backups.resolve("e2"))).as("nothing written locally").isFalse();

        for (String id : List.of("e1", "e2")) {
            JsonNode m = BackupJson.MAPPER.readTree(s3.get(bucket, "gv/" + id + "/manifest.json"));
            assertThat(m.path("incremental").path("parent").asText()).isEqualTo(id.equals("e1") ? "e0" : "e1");
            assertThat(m.path("incremental").path("ids").asText()).isEqualTo("ids.json.enc");
            for (var object : s3.keys(bucket, "gv/" + id + "/")) {
                String stored = new String(s3.get(bucket, object.key()), StandardCharsets.ISO_8859_1);
                assertThat(stored).as(object.key()).doesNotContain(SECRET).doesNotContain("product 1");
            }
        }
        Map<String, String> target = new HashMap<>(TestServices.config(TestServices.target(), backups));
        target.putAll(s3.config(bucket, "gv"));
        target.put("backup.encryption-key", key());
        ok(Cli.run(target, "restore", "--from", "s3://" + bucket + "/gv/e2"));
        assertThat(GraphSnapshot.take(TestServices.targetDriver(), "neo4j").differences(now, 5)).isEmpty();

        Map<String, String> noKey = new HashMap<>(target);
        noKey.remove("backup.encryption-key");
        Cli.Result refused = Cli.run(noKey, "restore", "--from", "s3://" + bucket + "/gv/e2");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains("encrypted with key");
    }

    @Test
    void pruneKeepsEveryParentAKeptBackupNeedsAndReplicateSendsParentsFirst() throws Exception {
        String bucket = s3.newBucket();
        Map<String, String> c = new HashMap<>(TestServices.config(TestServices.source(), backups));
        c.putAll(s3.config(bucket, "gv"));
        ok(Cli.run(c, "backup", "--name", "f0"));
        churn(1);
        ok(Cli.run(c, "backup", "--incremental", "--name", "i1"));
        churn(2);
        ok(Cli.run(c, "backup", "--incremental", "--name", "i2"));
        ok(Cli.run(c, "backup", "--name", "f3"));
        churn(3);
        ok(Cli.run(c, "backup", "--incremental", "--name", "i4"));

        String replicated = ok(Cli.run(c, "replicate")).out();
        for (String[] childAndParent : new String[][] {{"i1", "f0"}, {"i2", "i1"}, {"i4", "f3"}}) {
            assertThat(replicated.indexOf("replicated " + childAndParent[1] + " "))
                    .as(childAndParent[1] + " goes before " + childAndParent[0] + ":\n" + replicated)
                    .isNotNegative().isLessThan(replicated.indexOf("replicated " + childAndParent[0] + " "));
        }

        // the newest and, because it needs it, its full parent stay; the older chain goes whole
        String pruned = ok(Cli.run(c, "prune", "--keep-last", "1")).out();
        assertThat(pruned).containsPattern("keep +i4 +last, newest").containsPattern("keep +f3 +parent of i4")
                .containsPattern("remove +i2").containsPattern("remove +i1").containsPattern("remove +f0");
        try (Stream<Path> left = Files.list(backups)) {
            assertThat(left.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("."))).containsExactlyInAnyOrder("f3", "i4");
        }
        // keeping the middle of a chain keeps what it is read with
        String kept = ok(Cli.run(c, "prune", "--s3", "--keep-last", "3", "--dry-run")).out();
        assertThat(kept).containsPattern("keep +i2 +last").containsPattern("keep +i1 +parent of i2").containsPattern("keep +f0 +parent of i");

        // a local incremental backup whose parent is neither in the bucket nor here cannot go to the bucket
        churn(4);
        ok(Cli.run(c, "backup", "--incremental", "--name", "i5"));
        Path away = Files.createDirectories(backups.resolveSibling(backups.getFileName() + "-away"));
        Files.move(backups.resolve("i4"), away.resolve("i4"));
        s3.keys(bucket, "gv/i4/").forEach(o -> s3.client().deleteObject(d -> d.bucket(bucket).key(o.key())));
        Cli.Result refused = Cli.run(c, "replicate");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.err()).contains("backup i5 is incremental on backup i4, which is not in s3://" + bucket + "/gv");
        assertThat(s3.keys(bucket, "gv/i5/")).as("nothing of i5 uploaded").isEmpty();
    }

    /**
     * One day of the application: updates, key changes, a key label taken away, deletions of nodes and
     * relationships, new products tied to old ones (parallel links too), a keyless note changed.
     */
    private void churn(int day) {
        Random random = new Random(day);
        List<Long> picked = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            picked.add(1L + random.nextInt(PRODUCTS));
        }
        try (Session s = db.session()) {
            for (int i = 0; i < picked.size(); i++) {
                Map<String, Object> p = Map.of("uid", picked.get(i), "day", day, "secret", SECRET + "-" + day);
                switch (i % 6) {
                    case 0 -> s.run("MATCH (n:Product {uid: $uid}) SET n.v = n.v + $day, n.secret = $secret", p).consume();
                    case 1 -> s.run("MATCH (n:Product {uid: $uid}) SET n.uid = n.uid + 1000000 * $day", p).consume();
                    case 2 -> s.run("MATCH (n:Product {uid: $uid}) REMOVE n:Product SET n:Archived", p).consume();
                    case 3 -> s.run("MATCH (n:Product {uid: $uid}) DETACH DELETE n", p).consume();
                    case 4 -> s.run("MATCH (:Product {uid: $uid})-[r:LINKS]->() WITH r LIMIT 1 DELETE r", p).consume();
                    default -> s.run("MATCH (old:Product {uid: $uid}) CREATE (n:Product {uid: 5000000 + $uid * 10 + $day, v: $day})"
                            + "-[:LINKS {w: -1}]->(old), (n)-[:LINKS {w: -1}]->(old), (old)-[:LINKS {w: -2}]->(n)", p).consume();
                }
            }
            s.run("MATCH ()-[r:LINKS]->() WHERE r.w % 97 = $day SET r.w = r.w + 1, r.day = $day", Map.of("day", day)).consume();
            s.run("MATCH (n:Note) WITH n LIMIT 1 SET n.text = 'edited on ' + $day", Map.of("day", day)).consume();
        }
    }

    private static long countOf(Driver driver, String query) {
        try (Session s = driver.session()) {
            return s.run(query).single().get(0).asLong();
        }
    }

    private void assertOnlyTheCanary() {
        try (Session s = TestServices.targetDriver().session()) {
            assertThat(s.run("MATCH (n) RETURN count(n)").single().get(0).asLong()).as("nodes in the target").isEqualTo(1);
            assertThat(s.run("SHOW CONSTRAINTS YIELD name RETURN name").list()).as("constraints").isEmpty();
        }
    }

    /** The bytes of a backup's batch files. */
    private static long dataBytes(Path backup) throws IOException {
        long total = 0;
        for (String dir : List.of("nodes", "relationships")) {
            if (Files.isDirectory(backup.resolve(dir))) {
                try (Stream<Path> files = Files.list(backup.resolve(dir))) {
                    for (Path f : files.toList()) {
                        total += Files.size(f);
                    }
                }
            }
        }
        return total;
    }

    private static JsonNode manifest(Path backup) throws IOException {
        return BackupJson.MAPPER.readTree(backup.resolve("manifest.json").toFile());
    }

    private static Cli.Result ok(Cli.Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }

    private static String key() {
        byte[] b = new byte[32];
        new Random(7).nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
