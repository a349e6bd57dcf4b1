package io.graphvault.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.graphvault.format.BackupJson;
import io.graphvault.testing.Cli;
import io.graphvault.testing.CuttingProxy;
import io.graphvault.testing.GraphVaultProcess;
import io.graphvault.testing.GraphVaultTest;
import io.graphvault.testing.GraphVaultTest.Holds;
import io.graphvault.testing.Ports;
import io.graphvault.testing.TestServices;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Session;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a user sees when something is wrong: usage errors exit 2 with the usage on stderr, failures
 * exit 1 with one line on stderr that names the cause, and never a password or (without
 * {@code --verbose}) a stack trace. Connection failures run GraphVault in its own JVM, so every line
 * it would print on a terminal, log lines included, is counted.
 */
@GraphVaultTest(source = Holds.CLASS_DATA)
class CliErrorsIT {

    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final String WRONG_PASSWORD = "not-the-Secret-4711";

    @TempDir
    Path backups;

    @BeforeAll
    static void aSmallGraph() {
        try (Session s = TestServices.sourceDriver().session()) {
            s.run("UNWIND range(1, 3000) AS i CREATE (:Patient {id: i, name: 'patient ' + i})").consume();
        }
    }

    private Map<String, String> config() {
        return TestServices.config(TestServices.source(), backups);
    }

    @Test
    void anUnknownCommandPrintsTheUsageOnStderrAndExits2() {
        Cli.Result r = Cli.run(config(), "frobnicate");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("frobnicate").contains("Usage: graphvault").contains("backup").contains("verify");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void schemaOnlyWithDryRunOrClearFirstIsRefusedBeforeAnythingStarts() {
        for (String other : new String[] {"--dry-run", "--clear-first"}) {
            Cli.Result r = Cli.run(config(), "restore", "--from", "anything", "--schema-only", other);
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
            assertThat(r.err()).contains("--schema-only completes an imported database").contains("combined with " + other);
        }
    }

    @Test
    void anUnknownOptionPrintsTheCommandsUsageOnStderrAndExits2() {
        Cli.Result r = Cli.run(config(), "backup", "--frobnicate");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown option: '--frobnicate'").contains("Usage: graphvault backup")
                .contains("--batch-size");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aBatchSizeThatIsNotPositiveIsAUsageErrorNamingTheOption() {
        for (String command : new String[] {"backup", "restore"}) {
            Cli.Result r = command.equals("backup") ? Cli.run(config(), "backup", "--batch-size", "0")
                    : Cli.run(config(), "restore", "--from", "x", "--batch-size", "-5");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
            assertThat(r.err()).as(r.toString()).contains("--batch-size must be a positive number")
                    .contains("Usage: graphvault " + command).doesNotContain("Exception");
        }
    }

    @Test
    void aBadBackupNameIsRefusedBeforeWaitingForTheBackupFolder() {
        Map<String, String> c = config();
        c.put("backup.lock-timeout", "10m");
        try (io.graphvault.storage.lock.JobLock.Held busy = new io.graphvault.storage.lock.JobLock(backups, java.time.Duration.ZERO,
                java.time.Clock.systemUTC()).acquire("restore from elsewhere")) {
            Cli.Result r = Cli.run(c, "backup", "--name", "../escape");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.err()).as(r.toString()).contains("'../escape'").doesNotContain("did not start");
        }
    }

    @Test
    void anUnreachableNeo4jIsOneLineOnStderrAndExit1() throws Exception {
        String uri = "bolt://127.0.0.1:" + Ports.free();
        GraphVaultProcess.Result r = GraphVaultProcess.run(GraphVaultProcess.env(uri, TestServices.PASSWORD, backups),
                List.of(), DEADLINE, "backup");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err().lines().toList()).as(r.toString()).hasSize(1);
        assertThat(r.err()).as(r.toString()).startsWith("graphvault: ").contains("cannot reach Neo4j at " + uri)
                .contains("NEO4J_URI").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.out() + r.err()).doesNotContain(TestServices.PASSWORD);
        assertThat(Files.list(backups).toList()).as("nothing left in the backup folder but its free job lock")
                .containsExactly(backups.resolve(".graphvault.lock"));
        assertThat(Files.size(backups.resolve(".graphvault.lock"))).isZero();
    }

    @Test
    void aRestoreAgainstAnUnreachableNeo4jSaysItCannotReachItNotWhichStepMetItFirst() throws Exception {
        try (Session s = TestServices.sourceDriver().session()) {
            s.run("CREATE CONSTRAINT patient_id IF NOT EXISTS FOR (p:Patient) REQUIRE p.id IS UNIQUE").consume();
        }
        assertThat(Cli.run(config(), "backup", "--name", "reachable").exitCode()).isZero();
        String uri = "bolt://127.0.0.1:" + Ports.free();

        GraphVaultProcess.Result r = GraphVaultProcess.run(GraphVaultProcess.env(uri, TestServices.PASSWORD, backups),
                List.of(), DEADLINE, "restore", "--from", backups.resolve("reachable").toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        // the progress line of the verify that passed first, then the error
        assertThat(r.err().lines().filter(l -> l.startsWith("graphvault: ")).toList()).as(r.toString()).singleElement()
                .asString().contains("cannot reach Neo4j at " + uri).contains("NEO4J_URI").doesNotContain("constraint");
        assertThat(r.err()).as(r.toString()).doesNotContain("\tat ");
        assertThat(r.out() + r.err()).doesNotContain(TestServices.PASSWORD);
    }

    @Test
    void aWrongPasswordSaysTheCredentialsWereRefusedWithoutShowingThePassword() throws Exception {
        GraphVaultProcess.Result r = GraphVaultProcess.run(
                GraphVaultProcess.env(TestServices.source().boltUri(), WRONG_PASSWORD, backups), List.of(), DEADLINE, "backup");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err().lines().toList()).as(r.toString()).hasSize(1);
        assertThat(r.err()).as(r.toString()).contains("refused the credentials of user 'neo4j'")
                .contains("NEO4J_PASSWORD").doesNotContain("\tat ");
        assertThat(r.out() + r.err()).doesNotContain(WRONG_PASSWORD);
    }

    @Test
    void verboseAddsTheStackTraceButStillNotThePassword() throws Exception {
        GraphVaultProcess.Result r = GraphVaultProcess.run(
                GraphVaultProcess.env(TestServices.source().boltUri(), WRONG_PASSWORD, backups), List.of(), DEADLINE,
                "backup", "--verbose");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).as(r.toString()).contains("graphvault: ").contains("refused the credentials")
                .contains("AuthenticationException").contains("\tat ");
        assertThat(r.out() + r.err()).doesNotContain(WRONG_PASSWORD);
    }

    @Test
    void aServerThatGoesAwayForAMomentIsOneLogLineNotAStackTraceUnlessVerbose() throws Exception {
        // keyed nodes: a retried write merges on the key, so the restore is complete whichever commit the cut met
        try (Session s = TestServices.sourceDriver().session()) {
            s.run("CREATE CONSTRAINT patient_id IF NOT EXISTS FOR (p:Patient) REQUIRE p.id IS UNIQUE").consume();
        }
        assertThat(Cli.run(config(), "backup", "--name", "blip").exitCode()).isZero();
        for (boolean verbose : new boolean[] {false, true}) {
            TestServices.wipe(TestServices.targetDriver());
            // the connections drop in the middle of the node writes, whose transactions the driver retries
            try (CuttingProxy proxy = new CuttingProxy(TestServices.target().boltUri(), 60_000)) {
                List<String> args = new java.util.ArrayList<>(List.of("restore", "--from", backups.resolve("blip").toString(),
                        "--batch-size", "500"));
                if (verbose) {
                    args.add("--verbose");
                }
                GraphVaultProcess.Result r = GraphVaultProcess.run(GraphVaultProcess.env(proxy.boltUri(), TestServices.PASSWORD,
                        backups), List.of(), DEADLINE, args.toArray(String[]::new));

                assertThat(proxy.hasCut()).as(r.toString()).isTrue();
                assertThat(r.exitCode()).as(r.toString()).isZero();
                assertThat(r.err()).as(r.toString()).contains("will be retried");
                if (verbose) {
                    assertThat(r.err()).as(r.toString()).contains("\tat ");
                } else {
                    assertThat(r.err()).as(r.toString()).doesNotContain("\tat ").doesNotContain("\nCaused by");
                    assertThat(r.err().lines().filter(l -> l.contains("will be retried"))).as(r.toString())
                            // the driver's own words depend on when the cut met the connection ("terminated", "is closed")
                            .allMatch(l -> l.matches(".*WARN .* will be retried in \\d+ms \\(Connection .+\\)"));
                }
            }
        }
    }

    /**
     * "src", a folder of the working directory (the module's), is also the id of a backup: as the demo's
     * "demo" is, run from the project's root.
     */
    @Test
    void anIdThatIsAlsoAFolderWithoutAManifestHereIsRefusedNamingBoth() {
        Path folder = Path.of("src");
        assertThat(folder).isDirectory();
        assertThat(folder.resolve("manifest.json")).doesNotExist();
        assertThat(Cli.run(config(), "backup", "--name", "src").exitCode()).isZero();
        Cli.Result r = Cli.run(config(), "verify", "--from", "src");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("'src' is both a folder here").contains(backups.resolve("src").toString());
        assertThat(Cli.run(config(), "verify", "--from", backups.resolve("src").toString()).exitCode()).isZero();
    }

    @Test
    void aBadSettingIsNamedWithItsValueAndNeverReadAsSomeDefault() {
        List<List<String>> cases = List.of(
                List.of("backup.lock-timeout", "forever", "BACKUP_LOCK_TIMEOUT 'forever' is not a duration"),
                List.of("s3.force-path-style", "yes", "S3_FORCE_PATH_STYLE 'yes' is not true or false"),
                List.of("s3.retry-attempts", "ten", "S3_RETRY_ATTEMPTS 'ten' is not a whole number"),
                List.of("s3.retry-delay", "-5", "S3_RETRY_DELAY '-5' is negative"),
                List.of("s3.sweep-interval", "often", "S3_SWEEP_INTERVAL 'often' is not a duration"),
                List.of("s3.sweep-interval", "500ms", "S3_SWEEP_INTERVAL '500ms' is shorter than a second"));
        for (List<String> c : cases) {
            Map<String, String> settings = new java.util.HashMap<>(config());
            settings.put("s3.bucket", "offsite");
            settings.put(c.get(0), c.get(1));
            Cli.Result r = Cli.run(settings, "backup", "--name", "never");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.err().lines().toList()).as(r.toString()).hasSize(1);
            assertThat(r.err()).as(r.toString()).contains(c.get(2));
        }
        assertThat(backups.resolve("never")).doesNotExist();
    }

    @Test
    void aMalformedUriWithAPasswordInItIsNamedWithoutThePasswordEvenWhenVerbose() throws Exception {
        // its own JVM: every line it prints, log lines and stack traces included, is read
        GraphVaultProcess.Result neo4j = GraphVaultProcess.run(
                GraphVaultProcess.env("bolt://neo4j:s3cret/pass@localhost:7687 x", TestServices.PASSWORD, backups),
                List.of(), DEADLINE, "backup", "--verbose");
        assertThat(neo4j.exitCode()).as(neo4j.toString()).isEqualTo(1);
        assertThat(neo4j.err()).contains("NEO4J_URI 'bolt://***@localhost:7687 x' is not a Neo4j URI");

        Map<String, String> env = new java.util.HashMap<>(GraphVaultProcess.env(TestServices.source().boltUri(),
                TestServices.PASSWORD, backups));
        env.put("S3_BUCKET", "offsite");
        env.put("S3_ENDPOINT", "http://minio:p@ss word@localhost:9000");
        GraphVaultProcess.Result endpoint = GraphVaultProcess.run(env, List.of(), DEADLINE, "backup", "--s3", "--verbose");
        assertThat(endpoint.exitCode()).as(endpoint.toString()).isEqualTo(1);
        assertThat(endpoint.err()).contains("S3_ENDPOINT 'http://***@localhost:9000' is not a URL");

        for (GraphVaultProcess.Result r : List.of(neo4j, endpoint)) {
            assertThat(r.out() + r.err()).doesNotContain("s3cret").doesNotContain("p@ss");
        }
    }

    @Test
    void verifyOfAMissingFolderNamesIt() {
        Path missing = backups.resolve("no-such-backup");
        Cli.Result r = Cli.run(config(), "verify", "--from", missing.toString());
        assertOneLineFailure(r, missing.toString());
        assertThat(r.err()).contains("not found");
    }

    @Test
    void verifyOfAFolderWithoutManifestSaysTheBackupNeverFinished() throws Exception {
        Path unfinished = Files.createDirectories(backups.resolve("unfinished").resolve("nodes"));
        Cli.Result r = Cli.run(config(), "verify", "--from", unfinished.getParent().toString());
        assertOneLineFailure(r, unfinished.getParent().toString());
        assertThat(r.err()).contains("no manifest.json");
    }

    @Test
    void verifyOfAManifestInAnUnknownFormatNamesTheFormatAndTheFile() throws Exception {
        Path backup = takeBackup("future");
        ObjectNode manifest = (ObjectNode) BackupJson.MAPPER.readTree(backup.resolve("manifest.json").toFile());
        manifest.put("format", "graphvault/2");
        BackupJson.MAPPER.writeValue(backup.resolve("manifest.json").toFile(), manifest);

        Cli.Result r = Cli.run(config(), "verify", "--from", backup.toString());
        assertOneLineFailure(r, backup.resolve("manifest.json").toString());
        assertThat(r.err()).contains("'graphvault/2'").contains("graphvault/1");
    }

    @Test
    void verifyOfAManifestWithAKeyTwiceNamesTheFileAndTheKey() throws Exception {
        // which list is the backup? A reader keeping the last value would check the real one and call the backup intact
        Path backup = takeBackup("key-twice");
        Path manifest = backup.resolve("manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replaceFirst("\\{", "{\"files\": [],"));

        Cli.Result r = Cli.run(config(), "verify", "--from", backup.toString());
        assertOneLineFailure(r, manifest.toString());
        assertThat(r.err()).contains("cannot be read: Duplicate field 'files'");
    }

    @Test
    void verifyOfATruncatedBatchFileNamesTheFile() throws Exception {
        Path backup = takeBackup("truncated");
        Path batch = backup.resolve("nodes/000001.jsonl.gz");
        try (RandomAccessFile f = new RandomAccessFile(batch.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        Cli.Result r = Cli.run(config(), "verify", "--from", backup.toString());
        assertOneLineFailure(r, batch.toString());
        assertThat(r.err()).contains("SHA-256");
    }

    @Test
    void verifyOfATruncatedGzipWhoseManifestWasRewrittenToMatchStillNamesTheFile() throws Exception {
        Path backup = takeBackup("truncated-consistent");
        Path batch = backup.resolve("nodes/000001.jsonl.gz");
        try (RandomAccessFile f = new RandomAccessFile(batch.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        // The checksum alone would catch it; this checks the gzip stream itself is read to the end.
        ObjectNode manifest = (ObjectNode) BackupJson.MAPPER.readTree(backup.resolve("manifest.json").toFile());
        manifest.withArray("/files").forEach(entry -> {
            if (entry.path("path").asText().equals("nodes/000001.jsonl.gz")) {
                ((ObjectNode) entry).put("sha256", sha256(batch)).put("bytes", size(batch));
            }
        });
        BackupJson.MAPPER.writeValue(backup.resolve("manifest.json").toFile(), manifest);

        Cli.Result r = Cli.run(config(), "verify", "--from", backup.toString());
        assertOneLineFailure(r, batch.toString());
        assertThat(r.err()).contains("truncated");
    }

    private Path takeBackup(String name) {
        Cli.Result r = Cli.run(config(), "backup", "--name", name);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return backups.resolve(name);
    }

    private static void assertOneLineFailure(Cli.Result r, String names) {
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err().lines().toList()).as(r.toString()).hasSize(1);
        assertThat(r.err()).as(r.toString()).startsWith("graphvault: ").contains(names);
        assertThat(r.out()).isEmpty();
    }


    private static String sha256(Path p) {
        try {
            return io.graphvault.internal.Sha256.hex(Files.readAllBytes(p));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
