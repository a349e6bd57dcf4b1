package io.graphvault.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphvault.app.GraphVaultRuntime;
import io.graphvault.compare.GraphSnapshot;
import io.graphvault.testing.Cli;
import io.graphvault.testing.EmptyBucket;
import io.graphvault.testing.GraphVaultTest.Holds;
import io.graphvault.testing.GraphVaultTest;
import io.graphvault.testing.S3Buckets;
import io.graphvault.testing.SampleGraph;
import io.graphvault.testing.TestServices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Session;

/**
 * The restore route itself, driven through its steps (ids in routes/restore.camel.yaml): what it
 * writes when a batch is damaged, what it leaves when a batch fails while it writes, and its split
 * over batch files read straight from the bucket.
 */
@GraphVaultTest(source = Holds.SAMPLE_GRAPH)
class RestoreRouteIT {

    @TempDir
    static Path backups;
    static GraphSnapshot source;
    static Path backup;

    @BeforeAll
    static void backUpTheClinicalGraphInSmallFiles() throws IOException {
        source = GraphSnapshot.take(TestServices.sourceDriver(), "neo4j");
        // 50 records a file: five node files and five relationship files
        Cli.Result r = Cli.run(TestServices.config(TestServices.source(), backups), "backup", "--name", "cpg", "--batch-size", "50");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        backup = backups.resolve("cpg");
        assertThat(files(backup.resolve("relationships"))).hasSizeGreaterThan(2);
    }

    @BeforeEach
    void targetHoldsOnlyACanary() {
        try (Session s = TestServices.targetDriver().session()) {
            s.run("CREATE (:Canary {name: 'still here'})").consume();
        }
    }

    @Test
    void aRestoreFedADamagedBatchInItsLastFileFailsNamingItAndWritesNothing(@TempDir Path copies) throws Exception {
        Path damaged = copy(backup, copies.resolve("cpg"));
        List<Path> relationshipFiles = files(damaged.resolve("relationships"));
        Path last = relationshipFiles.get(relationshipFiles.size() - 1);
        byte[] bytes = Files.readAllBytes(last);
        bytes[bytes.length / 2] ^= 0x20;
        Files.write(last, bytes);

        AtomicInteger writeSteps = new AtomicInteger();
        try (GraphVaultRuntime runtime = GraphVaultRuntime.start(TestServices.config(TestServices.target(), backups), "restore", "backup")) {
            AdviceWith.adviceWith(runtime.context(), "restore", route -> {
                route.weaveById("constraints").before().process(exchange -> writeSteps.incrementAndGet());
                route.weaveById("write-node-batch").before().process(exchange -> writeSteps.incrementAndGet());
            });
            NotifyBuilder failed = new NotifyBuilder(runtime.context()).fromRoute("restore").whenFailed(1).create();

            assertThatThrownBy(() -> runtime.request("direct:restore", RestoreRequest.of(damaged.toString()), RestoreReport.class))
                    .hasMessageContaining(last.getFileName().toString()).hasMessageContaining("is damaged: its SHA-256 is");

            assertThat(failed.matches(20, TimeUnit.SECONDS)).as("the restore route failed").isTrue();
        }
        assertThat(writeSteps).as("neither the schema step nor a node batch was reached").hasValue(0);
        try (Session s = TestServices.targetDriver().session()) {
            assertThat(s.run("MATCH (n) RETURN collect(n.name) AS names").single().get(0).asList()).containsExactly("still here");
            assertThat(s.run("MATCH ()-[r]->() RETURN count(r)").single().get(0).asLong()).isZero();
            assertThat(s.run("SHOW CONSTRAINTS YIELD name RETURN name").list()).as("not even the constraints").isEmpty();
            assertThat(s.run("SHOW INDEXES YIELD name WHERE name STARTS WITH 'graphvault' RETURN name").list()).isEmpty();
        }
    }

    @Test
    void aRestoreWhoseSecondRelationshipBatchFailsCanBeRunAgainToTheSourceGraph() throws Exception {
        AtomicInteger relationshipBatches = new AtomicInteger();
        try (GraphVaultRuntime runtime = GraphVaultRuntime.start(TestServices.config(TestServices.target(), backups), "restore", "backup")) {
            AdviceWith.adviceWith(runtime.context(), "restore", route -> route.weaveById("write-relationship-batch").before()
                    .process(exchange -> {
                        if (relationshipBatches.incrementAndGet() == 2) {
                            throw new IllegalStateException("injected: the connection broke before the second relationship file");
                        }
                    }));
            RestoreRequest request = new RestoreRequest(backup.toString(), false, false, true, Map.of(), false, 20);

            assertThatThrownBy(() -> runtime.request("direct:restore", request, RestoreReport.class))
                    .hasMessageContaining("failed (it can be run again)").hasMessageContaining("injected");
        }
        assertThat(relationshipBatches).hasValue(2);
        assertThat(Thread.getAllStackTraces().keySet()).as("the writers of the failed restore stopped")
                .noneMatch(t -> t.getName().startsWith("graphvault-writer-") && t.isAlive());
        long relationshipsLeft;
        try (Session s = TestServices.targetDriver().session()) {
            assertThat(s.run("MATCH (n) WHERE NOT n:Canary RETURN count(n)").single().get(0).asLong())
                    .as("every node is written before the first relationship").isEqualTo(SampleGraph.NODES);
            relationshipsLeft = s.run("MATCH ()-[r]->() RETURN count(r)").single().get(0).asLong();
        }
        assertThat(relationshipsLeft).as("the first file's relationships were written, not the rest").isBetween(1L,
                (long) SampleGraph.RELATIONSHIPS - 1);

        Cli.Result again = Cli.run(TestServices.config(TestServices.target(), backups), "restore", "--from", backup.toString());

        assertThat(again.exitCode()).as(again.toString()).isZero();
        try (Session s = TestServices.targetDriver().session()) {
            s.run("MATCH (c:Canary) DELETE c").consume();
            assertThat(s.run("MATCH (n) WHERE n:_GraphVaultRestore OR n._graphvault_id IS NOT NULL RETURN count(n)").single().get(0)
                    .asLong()).isZero();
            assertThat(s.run("MATCH ()-[r]->() WHERE r._graphvault_rid IS NOT NULL RETURN count(r)").single().get(0).asLong()).isZero();
        }
        assertThat(GraphSnapshot.take(TestServices.targetDriver(), "neo4j").differences(source, 10)).isEmpty();
    }

    @Test
    void aRestoreFromTheBucketReadsEveryBatchFileStraightFromS3AndGivesTheSourceGraph(
            S3Buckets s3, @EmptyBucket String bucket) {
        Map<String, String> config = new HashMap<>(TestServices.config(TestServices.source(), backups));
        config.putAll(s3.config(bucket, "offsite"));
        Cli.Result replicated = Cli.run(config, "replicate");
        assertThat(replicated.exitCode()).as(replicated.toString()).isZero();
        Map<String, String> targetConfig = new HashMap<>(TestServices.config(TestServices.target(), backups));
        targetConfig.putAll(s3.config(bucket, "offsite"));

        Cli.Result r = Cli.run(targetConfig, "restore", "--from", "s3://" + bucket + "/offsite/cpg");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("214 in backup, 214 written");
        try (Session s = TestServices.targetDriver().session()) {
            s.run("MATCH (c:Canary) DELETE c").consume();
        }
        assertThat(GraphSnapshot.take(TestServices.targetDriver(), "neo4j").differences(source, 10)).isEmpty();
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
        return to;
    }
}
