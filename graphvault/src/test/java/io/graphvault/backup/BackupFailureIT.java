package io.graphvault.backup;

import io.graphvault.internal.Sha256;
import io.graphvault.storage.local.LocalBackupStore;
import io.graphvault.testing.BackupFolder;
import io.graphvault.testing.Cli;
import io.graphvault.testing.GraphVaultTest;
import io.graphvault.testing.TestNeo4j;
import io.graphvault.testing.TestServices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What a user finds after a backup that could not finish, or was refused before it began. */
@GraphVaultTest
class BackupFailureIT {

    private static final int NODES = 40_000;

    @TempDir
    Path work;

    @Test
    void aBackupWhoseDatabaseStopsHalfWayFailsSayingWhyAndLeavesNoBackupBehind() throws Exception {
        // Its own Neo4j: this test stops it, and the shared ones must outlive it.
        TestNeo4j doomed = TestServices.startOwn(work.resolve("neo4j"));
        boolean closed = false;
        try {
            load(doomed);
            Path backups = work.resolve("backups");
            String uri = doomed.boltUri();
            Map<String, String> config = TestServices.config(doomed, backups);
            CompletableFuture<Cli.Result> backup = CompletableFuture.supplyAsync(
                    () -> Cli.run(config, "backup", "--name", "interrupted", "--batch-size", "1000"));

            Path partialNodes = backups.resolve(".interrupted.partial").resolve("nodes");
            await("the first node batch file").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                    .until(() -> fileCount(partialNodes) > 0);
            doomed.close();
            closed = true;

            Cli.Result r = backup.get(90, TimeUnit.SECONDS);
            System.out.println("what the user read: " + r.err());
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.err().lines().toList()).as(r.toString()).hasSize(1);
            assertThat(r.err()).as(r.toString()).contains("backup interrupted failed")
                    .containsAnyOf("cannot reach Neo4j at " + uri, "stopped or is unavailable");
            assertThat(r.err()).doesNotContain(TestServices.PASSWORD).doesNotContain("\tat ");

            Cli.Result list = Cli.run(config, "list");
            assertThat(list.exitCode()).as(list.toString()).isZero();
            assertThat(list.out()).contains("no completed backups").doesNotContain("interrupted");
            assertThat(BackupFolder.names(backups)).as("what is left in the backup folder")
                    .allMatch(name -> name.startsWith("."))
                    .doesNotContain(".interrupted.partial");
        } finally {
            if (!closed) {
                doomed.close();
            }
        }
    }

    @Test
    void aBackupNamedLikeAnExistingOneIsRefusedAndTheOldOneIsUntouched() throws Exception {
        Driver driver = TestServices.sourceDriver();
        try (Session s = driver.session()) {
            s.run("UNWIND range(1, 50) AS i CREATE (:Patient {id: i})").consume();
            Path backups = work.resolve("backups");
            Map<String, String> config = TestServices.config(TestServices.source(), backups);
            Cli.Result first = Cli.run(config, "backup", "--name", "pre-migration");
            assertThat(first.exitCode()).as(first.toString()).isZero();
            Map<String, String> before = checksums(backups.resolve("pre-migration"));

            s.run("UNWIND range(51, 80) AS i CREATE (:Patient {id: i})").consume();
            Cli.Result second = Cli.run(config, "backup", "--name", "pre-migration");

            assertThat(second.exitCode()).as(second.toString()).isEqualTo(1);
            assertThat(second.err().lines().toList()).as(second.toString()).hasSize(1);
            assertThat(second.err()).contains("a backup named 'pre-migration' already exists")
                    .contains("choose another --name");
            assertThat(checksums(backups.resolve("pre-migration"))).isEqualTo(before);
            assertThat(BackupFolder.names(backups)).containsExactly(".graphvault.lock", "pre-migration");
            Cli.Result verify = Cli.run(config, "verify", "--from", backups.resolve("pre-migration").toString());
            assertThat(verify.exitCode()).as(verify.toString()).isZero();
            assertThat(Cli.run(config, "list").out()).contains("pre-migration").contains(" 50 ");
        }
    }

    @Test
    void thePartialFolderOfABackupThatDiedIsRemovedByTheNextBackupAndItsNameIsFreeAgain() throws Exception {
        Driver driver = TestServices.sourceDriver();
        try (Session s = driver.session()) {
            s.run("UNWIND range(1, 20) AS i CREATE (:Patient {id: i})").consume();
            Path backups = work.resolve("backups");
            // what a backup killed half way (kill -9, a stopped container) leaves behind: its process is gone
            Process gone = new ProcessBuilder("true").start();
            gone.waitFor();
            Files.createDirectories(backups.resolve(".nightly.partial/nodes"));
            Files.write(backups.resolve(".nightly.partial/nodes/000001.jsonl.gz"), new byte[1 << 20]);
            Files.writeString(backups.resolve(".nightly.partial").resolve(LocalBackupStore.OWNER_FILE),
                    java.net.InetAddress.getLocalHost().getHostName() + "\n" + gone.pid() + "\n");
            // one another tool (or an older version, or another machine) wrote: not ours to remove
            Files.createDirectories(backups.resolve(".unknown.partial"));
            Map<String, String> config = TestServices.config(TestServices.source(), backups);

            Cli.Result r = Cli.run(config, "backup", "--name", "nightly");

            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(BackupFolder.names(backups)).containsExactly(".graphvault.lock", ".unknown.partial", "nightly");
            assertThat(BackupFolder.names(backups.resolve("nightly"))).doesNotContain(LocalBackupStore.OWNER_FILE);
            assertThat(Cli.run(config, "verify", "--from", "nightly").exitCode()).isZero();
        }
    }

    @Test
    void excludingTheKeyPropertyOfALabelIsRefusedNamingItAndNoBackupIsLeft() throws Exception {
        Driver driver = TestServices.sourceDriver();
        try (Session s = driver.session()) {
            s.run("CREATE CONSTRAINT study_id FOR (n:Study) REQUIRE n.study_id IS UNIQUE").consume();
            s.run("CREATE (:Study {study_id: 's1', embedding: [0.5]})-[:INCLUDES]->(:Study {study_id: 's2'})").consume();
            Path backups = work.resolve("backups");
            Map<String, String> config = TestServices.config(TestServices.source(), backups);

            Cli.Result r = Cli.run(config, "backup", "--name", "lean", "--exclude-properties", "embedding,study_id");

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.err()).contains("--exclude-properties study_id would leave out the key of the :Study nodes");
            assertThat(BackupFolder.names(backups)).containsExactly(".graphvault.lock");
            assertThat(Cli.run(config, "backup", "--name", "lean", "--exclude-properties", "embedding").exitCode()).isZero();
        }
    }

    @Test
    void aBackupFolderWhosePathHoldsWhatAUriWouldDecodeOrCutGetsItsManifestInPlace() {
        // once, Camel's file endpoint read this path as a URI: the manifest went to pctAdir and the backup looked complete
        for (String name : List.of("pct%41dir", "what?x#y", "my backups+old")) {
            Path odd = work.resolve(name);
            Map<String, String> config = TestServices.config(TestServices.source(), odd);

            Cli.Result r = Cli.run(config, "backup", "--name", "t1");

            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(odd.resolve("t1/manifest.json")).as(name).exists();
            assertThat(Cli.run(config, "list").out()).as(name).contains("t1");
            assertThat(Cli.run(config, "verify", "--from", "t1").exitCode()).as(name).isZero();
        }
        assertThat(work.resolve("pctAdir")).doesNotExist();
    }

    private static void load(TestNeo4j neo4j) {
        try (Driver driver = neo4j.newDriver(); Session s = driver.session()) {
            // Wide nodes so that the export takes long enough to be stopped in the middle.
            s.run("""
                    UNWIND range(1, $n) AS i
                    CALL { WITH i CREATE (:Item {id: i, text: reduce(t = '', x IN range(1, 40) | t + 'lorem ipsum '),
                                                 values: range(1, 50), at: datetime()}) }
                    IN TRANSACTIONS OF 10000 ROWS
                    """, Map.of("n", NODES)).consume();
        }
    }

    private static long fileCount(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }

    private static Map<String, String> checksums(Path dir) throws IOException {
        Map<String, String> sums = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                sums.put(dir.relativize(f).toString(), Sha256.hex(Files.readAllBytes(f)) + " " + Files.getLastModifiedTime(f));
            }
        }
        return sums;
    }
}
