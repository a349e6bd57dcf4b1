package io.graphvault.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.graphvault.testing.Cli;
import io.graphvault.testing.EmptyBucket;
import io.graphvault.testing.GraphVaultProcess;
import io.graphvault.testing.GraphVaultTest;
import io.graphvault.testing.GraphVaultTest.Holds;
import io.graphvault.testing.Ports;
import io.graphvault.testing.S3Buckets;
import io.graphvault.testing.TestServices;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

/**
 * {@code serve}'s restore drill, in serve's own JVM as an operator runs it: the newest backup restored into a
 * scratch database and compared, its outcome in the metrics and the log; never into production.
 */
@GraphVaultTest(source = Holds.SAMPLE_GRAPH)
class ServeDrillIT {

    private static final Duration WITHIN = Duration.ofSeconds(90);

    @TempDir
    Path work;
    private Path backups;
    private int port;
    private S3Buckets s3;
    @EmptyBucket
    private String bucket;

    @BeforeEach
    void backUpTheSampleGraph() throws Exception {
        backups = work.resolve("backups");
        port = Ports.free();
        Cli.Result r = Cli.run(TestServices.config(TestServices.source(), backups), "backup", "--name", "nightly");
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }

    private Map<String, String> env(String drillUri) {
        Map<String, String> env = new HashMap<>(GraphVaultProcess.env(TestServices.source().boltUri(), TestServices.PASSWORD, backups));
        env.put("SERVER_PORT", String.valueOf(port));
        env.put("NEO4J_DRILL_URI", drillUri);
        env.put("NEO4J_DRILL_PASSWORD", TestServices.target().password());
        env.put("DRILL_INTERVAL", "1s");
        return env;
    }

    @Test
    void aGoodBackupPassesTheDrillAndOneAlteredAfterItWasTakenFailsItNamingTheFile() throws Exception {
        Path err = work.resolve("serve.err");
        Process serve = GraphVaultProcess.start(env(TestServices.target().boltUri()), List.of(), work.resolve("serve.out"), err, "serve");
        try {
            await().atMost(WITHIN).until(() -> drill(port, "graphvault_restore_drill_success") == 1);
            String passed = ServeMetricsIT.metrics(port);
            assertThat(ServeMetricsIT.value(passed, "graphvault_restore_drill_last_duration_seconds")).isPositive();
            assertThat(ServeMetricsIT.value(passed, "graphvault_restore_drills_failed_total")).isZero();
            assertThat(nodes(TestServices.targetDriver())).isEqualTo(nodes(TestServices.sourceDriver()));
            assertThat(Files.readString(err)).contains("restore drill of backup nightly into " + TestServices.target().boltUri());

            Path file = backups.resolve("nightly/nodes/000001.jsonl.gz");
            byte[] bytes = Files.readAllBytes(file);
            bytes[bytes.length / 2] ^= 0x55;
            Files.write(file, bytes);

            await().atMost(WITHIN).until(() -> drill(port, "graphvault_restore_drill_success") == 0);
            assertThat(ServeMetricsIT.value(ServeMetricsIT.metrics(port), "graphvault_restore_drills_failed_total")).isPositive();
            assertThat(Files.readString(err, StandardCharsets.UTF_8).lines().filter(l -> l.contains("FAILED")).toList())
                    .anySatisfy(l -> assertThat(l).contains("restore drill of backup nightly").contains("nodes/000001.jsonl.gz"));
        } finally {
            stop(serve);
        }
    }

    @Test
    void aDrillThatReachesProductionByAnotherNameIsRefusedAndProductionIsUntouched() throws Exception {
        try (Session s = TestServices.sourceDriver().session()) {
            s.run("CREATE (:WrittenAfterTheBackup)").consume();
        }
        long production = nodes(TestServices.sourceDriver());
        String sameServer = TestServices.source().boltUri().replace("127.0.0.1", "localhost");
        Path err = work.resolve("serve.err");
        Process serve = GraphVaultProcess.start(env(sameServer), List.of(), work.resolve("serve.out"), err, "serve");
        try {
            await().atMost(WITHIN).until(() -> drill(port, "graphvault_restore_drill_success") == 0);
            assertThat(Files.readString(err)).contains("NEO4J_DRILL_URI " + sameServer).contains("is the production database");
            assertThat(nodes(TestServices.sourceDriver())).isEqualTo(production);
        } finally {
            stop(serve);
            try (Session s = TestServices.sourceDriver().session()) {
                s.run("MATCH (n:WrittenAfterTheBackup) DELETE n").consume();
            }
        }
    }

    @Test
    void withBackupsStraightToS3TheDrillRestoresTheNewestInTheBucket() throws Exception {
        Map<String, String> config = new HashMap<>(TestServices.config(TestServices.source(), backups));
        config.putAll(s3.config(bucket, "gv"));
        Cli.Result r = Cli.run(config, "backup", "--to", "s3", "--name", "offsite-only");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        Map<String, String> env = env(TestServices.target().boltUri());
        env.putAll(s3.env(bucket, "gv"));
        env.put("BACKUP_TO", "s3");
        Path err = work.resolve("serve.err");
        Process serve = GraphVaultProcess.start(env, List.of(), work.resolve("serve.out"), err, "serve");
        try {
            await().atMost(WITHIN).until(() -> drill(port, "graphvault_restore_drill_success") == 1);
            // the local backup "nightly" is not where this serve's backups go
            assertThat(Files.readString(err)).contains("restore drill of backup offsite-only into").doesNotContain("backup nightly");
        } finally {
            stop(serve);
        }
    }

    @Test
    void theProductionUriItselfIsRefusedAtStart() throws Exception {
        GraphVaultProcess.Result r = GraphVaultProcess.run(env(TestServices.source().boltUri()), List.of(), WITHIN, "serve");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("NEO4J_DRILL_URI").contains("is the production database");
    }

    /** A drill metric, NaN until serve answers and has drilled. */
    private static double drill(int port, String sample) {
        try {
            return ServeMetricsIT.value(ServeMetricsIT.metrics(port), sample);
        } catch (Exception | AssertionError e) { // serve not answering yet (connection refused), or no drill yet
            return Double.NaN;
        }
    }

    private static long nodes(Driver driver) {
        try (Session s = driver.session()) {
            return s.run("MATCH (n) RETURN count(n)").single().get(0).asLong();
        }
    }

    private static void stop(Process serve) throws InterruptedException {
        serve.destroy();
        if (!serve.waitFor(30, TimeUnit.SECONDS)) {
            serve.destroyForcibly();
        }
    }
}
