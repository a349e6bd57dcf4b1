package io.graphvault.backup;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphvault.format.BackupJson;
import io.graphvault.testing.EmptyBucket;
import io.graphvault.testing.GraphVaultProcess;
import io.graphvault.testing.GraphVaultTest;
import io.graphvault.testing.GraphVaultTest.Holds;
import io.graphvault.testing.S3Buckets;
import io.graphvault.testing.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Session;
import software.amazon.awssdk.services.s3.model.S3Object;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Heap use does not grow with the graph. A graph far larger than 256 MB of
 * JSON is backed up by GraphVault in its own JVM capped at {@code -Xmx256m}, into a folder and
 * straight into the bucket ({@code --to s3} keeps the heap flat too).
 */
@GraphVaultTest(source = Holds.CLASS_DATA)
class BackupMemoryIT {

    private static final int PEOPLE = 150_000;
    private static final int COMPANIES = 50_000;
    private static final int PRODUCTS = 100_000;
    private static final int NODES = PEOPLE + COMPANIES + PRODUCTS;
    private static final int RELATIONSHIPS = 2 * NODES;

    @TempDir
    Path backups;

    @BeforeAll
    static void generateTheGraph() {
        long start = System.nanoTime();
        try (Session s = TestServices.sourceDriver().session()) {
            s.run("CREATE CONSTRAINT node_uid FOR (n:Node) REQUIRE n.uid IS UNIQUE").consume();
            s.run("CREATE CONSTRAINT person_email FOR (p:Person) REQUIRE p.email IS UNIQUE").consume();
            createNodes(s, "Person", 0, PEOPLE, """
                    SET n.email = 'person' + i + '@example.org', n.name = 'Person ' + i, n.age = i % 90,
                        n.score = i / 7.0, n.active = i % 2 = 0, n.tags = ['t' + (i % 10), 't' + (i % 3)],
                        n.born = date('1950-01-01') + duration({days: i % 20000}),
                        n.home = point({longitude: (i % 360) - 180.0, latitude: (i % 180) - 90.0})
                    """);
            createNodes(s, "Company", PEOPLE, COMPANIES, """
                    SET n.name = 'Company ' + i, n.founded = datetime('2000-01-01T00:00:00Z') + duration({hours: i}),
                        n.revenue = i * 1000.5, n.employees = i % 5000
                    """);
            createNodes(s, "Product", PEOPLE + COMPANIES, PRODUCTS, """
                    SET n.sku = 'SKU-' + i, n.price = (i % 1000) / 10.0, n.dimensions = [i % 10, i % 20, i % 30]
                    """);
            // Two relationships from every node, to nodes picked by arithmetic: deterministic and spread out.
            s.run("""
                    UNWIND range(0, $nodes - 1) AS i
                    CALL { WITH i
                      MATCH (a:Node {uid: i}), (b:Node {uid: (i * 7 + 1) % $nodes}), (c:Node {uid: (i * 13 + 5) % $nodes})
                      CREATE (a)-[:LINKED {weight: i % 100, since: date('2020-01-01') + duration({days: i % 1000})}]->(b),
                             (a)-[:MENTIONS {note: 'mention ' + i}]->(c)
                    } IN TRANSACTIONS OF 20000 ROWS
                    """, Map.of("nodes", NODES)).consume();
        }
        System.out.printf("BackupMemoryIT: graph generated in %.1f s%n", (System.nanoTime() - start) / 1e9);
    }

    private static void createNodes(Session s, String label, int first, int count, String setProperties) {
        // label comes from this class's constants, never from data
        s.run("""
                UNWIND range($first, $first + $count - 1) AS i
                CALL { WITH i CREATE (n:Node:%s {uid: i}) %s } IN TRANSACTIONS OF 20000 ROWS
                """.formatted(label, setProperties), Map.of("first", first, "count", count)).consume();
    }

    @AfterAll
    static void wipe() {
        long start = System.nanoTime();
        // Relationships first, in large batches: DETACH DELETE node by node takes twice as long here.
        try (Session s = TestServices.sourceDriver().session()) {
            s.run("MATCH ()-[r]->() CALL { WITH r DELETE r } IN TRANSACTIONS OF 50000 ROWS").consume();
            s.run("MATCH (n) CALL { WITH n DELETE n } IN TRANSACTIONS OF 50000 ROWS").consume();
        }
        System.out.printf("BackupMemoryIT: graph deleted in %.1f s%n", (System.nanoTime() - start) / 1e9);
    }

    @Test
    void aBackupOf300kNodesAnd600kRelationshipsCompletesIn256MbOfHeap() throws Exception {
        Path backupDir = backups.resolve("backups");
        GraphVaultProcess.Result r = GraphVaultProcess.run(
                GraphVaultProcess.env(TestServices.source().boltUri(), TestServices.PASSWORD, backupDir),
                List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError"), Duration.ofMinutes(3),
                "backup", "--name", "big");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("backup big complete").contains("300,000").contains("600,000");
        JsonNode manifest = BackupJson.MAPPER.readTree(backupDir.resolve("big/manifest.json").toFile());
        JsonNode counts = manifest.path("counts");
        assertThat(counts.path("nodes").asLong()).isEqualTo(NODES);
        assertThat(counts.path("relationships").asLong()).isEqualTo(RELATIONSHIPS);
        assertThat(counts.path("labels").path("Node").asLong()).isEqualTo(NODES);
        assertThat(counts.path("labels").path("Person").asLong()).isEqualTo(PEOPLE);
        assertThat(counts.path("labels").path("Company").asLong()).isEqualTo(COMPANIES);
        assertThat(counts.path("labels").path("Product").asLong()).isEqualTo(PRODUCTS);
        assertThat(counts.path("types").path("LINKED").asLong()).isEqualTo(NODES);
        assertThat(counts.path("types").path("MENTIONS").asLong()).isEqualTo(NODES);
        long records = manifest.path("files").findValues("records").stream().mapToLong(JsonNode::asLong).sum();
        assertThat(records).as("records in the files, schema entries included").isGreaterThanOrEqualTo(NODES + RELATIONSHIPS);

        double exportSeconds = Duration.between(Instant.parse(manifest.path("startedAt").asText()),
                Instant.parse(manifest.path("finishedAt").asText())).toMillis() / 1000.0;
        double processSeconds = r.elapsed().toMillis() / 1000.0;
        long bytes = manifest.path("files").findValues("bytes").stream().mapToLong(JsonNode::asLong).sum();
        System.out.printf("BackupMemoryIT: %,d nodes + %,d relationships, -Xmx256m: backup %.1f s (%,.0f records/s),"
                + " whole process %.1f s (%,.0f records/s), %,d bytes%n", NODES, RELATIONSHIPS, exportSeconds,
                (NODES + RELATIONSHIPS) / exportSeconds, processSeconds, (NODES + RELATIONSHIPS) / processSeconds, bytes);
    }

    @Test
    void aBackupStraightToS3Of300kNodesCompletesIn256MbOfHeap(S3Buckets s3, @EmptyBucket String bucket) throws Exception {
        List<String> jvm = new ArrayList<>(List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError"));
        s3.config(bucket, "offsite").forEach((k, v) -> jvm.add("-D" + k + "=" + v));
        Path backupDir = backups.resolve("local-never-written");
        GraphVaultProcess.Result r = GraphVaultProcess.run(
                GraphVaultProcess.env(TestServices.source().boltUri(), TestServices.PASSWORD, backupDir),
                jvm, Duration.ofMinutes(3), "backup", "--name", "big", "--to", "s3");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(Files.exists(backupDir)).as("--to s3 writes nothing locally").isFalse();
        JsonNode manifest = BackupJson.MAPPER.readTree(s3.get(bucket, "offsite/big/manifest.json"));
        assertThat(manifest.path("counts").path("nodes").asLong()).isEqualTo(NODES);
        assertThat(manifest.path("counts").path("relationships").asLong()).isEqualTo(RELATIONSHIPS);
        List<String> listed = manifest.path("files").findValuesAsText("path");
        assertThat(s3.keys(bucket, "offsite/big/")).extracting(S3Object::key)
                .as("the manifest and every file it lists, nothing else")
                .containsExactlyInAnyOrderElementsOf(withManifest(listed));
    }

    private static List<String> withManifest(List<String> paths) {
        List<String> keys = new ArrayList<>();
        paths.forEach(p -> keys.add("offsite/big/" + p));
        keys.add("offsite/big/manifest.json");
        return keys;
    }
}
