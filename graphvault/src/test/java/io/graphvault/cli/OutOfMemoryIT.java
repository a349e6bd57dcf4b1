package io.graphvault.cli;

import io.graphvault.testing.Cli;
import io.graphvault.testing.GraphVaultProcess;
import io.graphvault.testing.GraphVaultTest;
import io.graphvault.testing.GraphVaultTest.Holds;
import io.graphvault.testing.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Session;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A heap too small for one value: the worker thread that runs out of memory fails the whole
 * command at once, with a message that names the heap and what to do, where the command used to
 * wait forever for the worker that died. GraphVault runs in its own JVM with a small heap; the
 * database holds a string of 33,554,432 characters, more than that heap can encode.
 */
@GraphVaultTest(target = Holds.CLASS_DATA)
class OutOfMemoryIT {

    private static final int CHARS = 1 << 25;
    private static final List<String> SMALL_HEAP = List.of("-Xmx128m");
    private static final Duration DEADLINE = Duration.ofMinutes(3);

    @TempDir
    Path work;

    @BeforeAll
    static void aHugeStringInTheTarget() {
        try (Session s = TestServices.targetDriver().session()) {
            s.run("CREATE (:Document {id: 1, text: $text})", Map.of("text", "x".repeat(CHARS))).consume();
        }
    }

    @Test
    void aWorkerOutOfMemoryFailsBackupAndRestoreAtOnceNamingTheHeap() throws Exception {
        Path backups = work.resolve("backups");
        try (Session s = TestServices.sourceDriver().session()) {
            s.run("CREATE (:Document {id: 2, text: 'small'})").consume();
        }
        Cli.Result small = Cli.run(TestServices.config(TestServices.source(), backups), "backup", "--name", "small");
        assertThat(small.exitCode()).as(small.toString()).isZero();
        Map<String, String> env = GraphVaultProcess.env(TestServices.target().boltUri(), TestServices.PASSWORD, backups);

        // the safety backup of what --clear-first deletes meets the huge string
        GraphVaultProcess.Result restore = GraphVaultProcess.run(env, SMALL_HEAP, DEADLINE,
                "restore", "--from", "small", "--clear-first", "--yes");
        GraphVaultProcess.Result backup = GraphVaultProcess.run(env, SMALL_HEAP, DEADLINE, "backup", "--name", "huge");
        // the restore's reader and writers meet it too: a backup of it taken with a large heap, into an empty database
        Cli.Result big = Cli.run(TestServices.config(TestServices.target(), backups), "backup", "--name", "big");
        assertThat(big.exitCode()).as(big.toString()).isZero();
        Map<String, String> source = GraphVaultProcess.env(TestServices.source().boltUri(), TestServices.PASSWORD, backups);
        TestServices.wipe(TestServices.sourceDriver());
        GraphVaultProcess.Result restoreBig = GraphVaultProcess.run(source, SMALL_HEAP, DEADLINE, "restore", "--from", "big");

        try (Session s = TestServices.targetDriver().session()) {
            long left = s.run("MATCH (d:Document {id: 1}) RETURN count(d)").single().get(0).asLong();
            assertThat(left).as("the restore stopped before it cleared anything").isEqualTo(1);
        }
        for (GraphVaultProcess.Result r : List.of(restore, backup, restoreBig)) {
            System.out.println("what the user read: " + r.err());
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.elapsed()).as(r.toString()).isLessThan(Duration.ofSeconds(90));
            assertThat(r.err()).as(r.toString()).contains("out of memory (heap -Xmx128m)")
                    .contains("JAVA_TOOL_OPTIONS=-Xmx256m");
        }
        assertThat(Cli.run(TestServices.config(TestServices.source(), backups), "list").out()).doesNotContain("huge");
        try (Stream<Path> left = Files.list(backups)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no partial backup left").noneMatch(n -> n.endsWith(".partial"));
        }
    }
}
