package io.graphvault.adminimport;

import io.graphvault.compare.GraphSnapshot;
import io.graphvault.testing.AlsoOnNeo4j2026;
import io.graphvault.testing.Cli;
import io.graphvault.testing.EmptyBucket;
import io.graphvault.testing.EveryType;
import io.graphvault.testing.GraphVaultProcess;
import io.graphvault.testing.GraphVaultTest;
import io.graphvault.testing.GraphVaultTest.Holds;
import io.graphvault.testing.Neo4jAdminImport;
import io.graphvault.testing.S3Buckets;
import io.graphvault.testing.SampleGraph;
import io.graphvault.testing.TestNeo4j;
import io.graphvault.testing.TestServices;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;
import org.neo4j.driver.Values;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backup becomes a new database through Neo4j's own offline importer: {@code prepare-import} (from an encrypted
 * backup in S3, under a 256 MB heap), the real {@code neo4j-admin database import full @args} of the server's
 * version, a server started on the imported store, {@code restore --schema-only}, then {@code verify --against-db}
 * and the tests' own comparison with the source.
 */
@AlsoOnNeo4j2026
@GraphVaultTest(source = Holds.CLASS_DATA)
class AdminImportIT {

    private static final String KEY = java.util.Base64.getEncoder().encodeToString("the admin import test key of 32b".getBytes(StandardCharsets.US_ASCII));
    private static final String HOSTILE = "x`}) DETACH DELETE n //";

    @TempDir
    Path work;

    private S3Buckets s3;
    @EmptyBucket
    private String bucket;

    @BeforeAll
    static void fillTheSourceWithEveryGraphWeKnow() {
        Driver driver = TestServices.sourceDriver();
        SampleGraph.load(driver, "neo4j"); // the clinical graph: constraints, fulltext and vector indexes, embeddings
        try (Session s = driver.session()) {
            s.run("CREATE (n:RoundTrip) SET n = $props", Map.of("props", EveryType.properties())).consume();
            s.run("MATCH (n:RoundTrip) CREATE (n)-[r:TYPED]->(n) SET r = $props", Map.of("props", EveryType.properties())).consume();
            s.run("CREATE CONSTRAINT hostile FOR (n:`semi;colon`) REQUIRE n.`k;ey` IS UNIQUE").consume();
            s.run("CREATE (a:`semi;colon`:`co:lon`:`com,ma`:`qu\"ote`:`back``tick`:`" + HOSTILE.replace("`", "``") + "`"
                    + " {`k;ey`: 'a', `k:ey`: 2, `k,ey`: 'x,y', `k\"ey`: 'q\"q', `k``ey`: 'b', `p(q)`: 'paren', `o{x}`: 1.5,"
                    + " `line\nbreak`: 'lb', `" + HOSTILE.replace("`", "``") + "`: 'boom', list: ['a', 'b;c', 'd,e', ''],"
                    + " oneEmpty: [''], delimiter: ['x\\u001Fy'], empty: [], big: $big})"
                    + " CREATE (b:`semi;colon` {`k;ey`: 'b'}) CREATE (c) CREATE (d:Keyless {name: 'twin'}) CREATE (e:Keyless {name: 'twin'})"
                    + " CREATE (a)-[:`REL;type,with \"all\"` {`k;ey`: 1}]->(b)"
                    + " CREATE (a)-[:PARALLEL {w: 1}]->(b) CREATE (a)-[:PARALLEL {w: 1}]->(b) CREATE (a)-[:PARALLEL {w: 2}]->(b)"
                    + " CREATE (c)-[:SELF]->(c) CREATE (d)-[:TWIN]->(e) CREATE (e)-[:TWIN]->(d)"
                    + " CREATE (:Mixed {v: 1}), (:Mixed {v: 'one'}), (:Mixed {v: [1, 2]}), (:Mixed {v: 2})",
                    Values.parameters("big", "é".repeat(2_000_000))).consume();
        }
    }

    private Map<String, String> config(TestNeo4j neo4j) {
        Map<String, String> c = new HashMap<>(TestServices.config(neo4j, work.resolve("backups")));
        c.putAll(s3.config(bucket, "gv"));
        c.put("backup.encryption-key", KEY);
        return c;
    }

    @Test
    void anEncryptedBackupInS3BecomesAnEqualDatabaseThroughNeo4jAdminImport() throws Exception {
        Cli.Result backup = Cli.run(config(TestServices.source()), "backup", "--name", "everything", "--to", "s3");
        assertThat(backup.exitCode()).as(backup.toString()).isZero();
        String from = "s3://" + bucket + "/gv/everything";
        Path dir = work.resolve("import");

        Map<String, String> env = new HashMap<>(GraphVaultProcess.env(TestServices.target().boltUri(), TestServices.PASSWORD,
                work.resolve("backups")));
        env.putAll(s3.env(bucket, "gv"));
        env.put("BACKUP_ENCRYPTION_KEY", KEY);
        GraphVaultProcess.Result prepared = GraphVaultProcess.run(env, List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError"),
                Duration.ofMinutes(3), "prepare-import", "--from", from, "--to", dir.toString());
        assertThat(prepared.exitCode()).as(prepared.toString()).isZero();
        Path args = dir.resolve("neo4j-admin-import.args");
        assertThat(prepared.out()).contains("neo4j-admin database import full @" + args)
                .contains("graphvault restore --from " + from + " --schema-only");
        assertThat(Files.readAllLines(args)).contains("--id-type=INTEGER", "--array-delimiter=U+001F", "--multiline-fields=true")
                .anyMatch(l -> l.startsWith("--read-buffer-size=")).first().isEqualTo("neo4j");

        try (TestNeo4j imported = Neo4jAdminImport.importAndStart(args, work.resolve("server"), TestServices.PASSWORD)) {
            Cli.Result schema = Cli.run(config(imported), "restore", "--from", from, "--schema-only");
            assertThat(schema.exitCode()).as(schema.toString()).isZero();
            assertThat(schema.out()).contains("(schema only) complete")
                    .contains("set the values the importer could not carry on 2 nodes and 1 relationships");

            Cli.Result verify = Cli.run(config(imported), "verify", "--from", from, "--against-db");
            assertThat(verify.exitCode()).as(verify.toString()).isZero();

            try (Driver driver = imported.newDriver()) {
                GraphSnapshot source = GraphSnapshot.take(TestServices.sourceDriver(), "neo4j");
                assertThat(source.differences(GraphSnapshot.take(driver, "neo4j"), 20)).isEmpty();
                assertThat(schema(driver)).isEqualTo(schema(TestServices.sourceDriver()));
            }
        }
    }

    /** Every constraint and index by name, type and what it covers, and each index ONLINE. */
    private static List<String> schema(Driver driver) {
        try (Session s = driver.session()) {
            List<String> indexes = s.run("SHOW INDEXES YIELD name, type, labelsOrTypes, properties, state WHERE type <> 'LOOKUP'"
                    + " RETURN name, type, labelsOrTypes, properties, state ORDER BY name").list(r -> r.values().toString());
            List<String> constraints = s.run("SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties"
                    + " RETURN name, type, labelsOrTypes, properties ORDER BY name").list(r -> r.values().toString());
            return java.util.stream.Stream.concat(indexes.stream(), constraints.stream()).toList();
        }
    }

    @Test
    void schemaOnlyIntoADatabaseThatIsNotTheImportOfTheBackupWritesNothing() {
        try (Session s = TestServices.targetDriver().session()) {
            s.run("CREATE (:Guideline {guideline_id: 'someone else'})").consume();
        }
        assertThat(Cli.run(config(TestServices.source()), "backup", "--name", "whole").exitCode()).isZero();

        Cli.Result r = Cli.run(config(TestServices.target()), "restore", "--from", "whole", "--schema-only");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("does not hold what backup whole holds").contains("label 'ClinicalModule': the backup has 9, the database now has 0")
                .containsPattern("; and \\d+ more\\)").doesNotContain("'Guideline'")
                .contains("--schema-only wrote nothing");
        try (Session s = TestServices.targetDriver().session()) {
            assertThat(s.run("SHOW CONSTRAINTS").list()).isEmpty();
            assertThat(s.run("SHOW INDEXES WHERE type <> 'LOOKUP'").list()).isEmpty();
        }
    }

    @Test
    void aLabelTheImporterWouldSplitIsRefusedByFileAndLineAndNothingIsLeft() throws IOException {
        try (Session s = TestServices.targetDriver().session()) {
            s.run("CREATE (:Plain), (:`split\u001Fme`)").consume();
        }
        Map<String, String> c = TestServices.config(TestServices.target(), work.resolve("backups"));
        assertThat(Cli.run(c, "backup", "--name", "split").exitCode()).isZero();
        Path dir = work.resolve("refused");

        Cli.Result r = Cli.run(c, "prepare-import", "--from", "split", "--to", dir.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("nodes/000001.jsonl.gz line 2: label").contains("U+001F")
                .contains("graphvault restore");
        assertThat(dir).doesNotExist();
    }

    @Test
    void aDamagedBackupOrAFolderInUseLeavesNoArgumentFile() throws IOException {
        try (Session s = TestServices.targetDriver().session()) {
            s.run("UNWIND range(1, 50) AS i CREATE (:N {i: i})-[:R]->(:M {i: i})").consume();
        }
        Map<String, String> c = TestServices.config(TestServices.target(), work.resolve("backups"));
        assertThat(Cli.run(c, "backup", "--name", "damaged", "--batch-size", "20").exitCode()).isZero();
        Path used = Files.createDirectories(work.resolve("used"));
        Files.writeString(used.resolve("keep.txt"), "mine", StandardCharsets.UTF_8);

        Cli.Result inUse = Cli.run(c, "prepare-import", "--from", "damaged", "--to", used.toString());
        assertThat(inUse.exitCode()).isEqualTo(1);
        assertThat(inUse.err()).contains("is not empty");
        assertThat(used.resolve("keep.txt")).hasContent("mine");

        Path last = work.resolve("backups/damaged/relationships/000003.jsonl.gz");
        byte[] bytes = Files.readAllBytes(last);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(last, bytes);
        Path empty = Files.createDirectories(work.resolve("empty"));
        Cli.Result damaged = Cli.run(c, "prepare-import", "--from", "damaged", "--to", empty.toString());

        assertThat(damaged.exitCode()).as(damaged.toString()).isEqualTo(1);
        assertThat(damaged.err()).contains("relationships/000003.jsonl.gz");
        try (var left = Files.list(empty)) {
            assertThat(left).isEmpty();
        }
    }
}
