package io.graphvault.restore;

import io.graphvault.testing.Cli;
import io.graphvault.testing.GraphVaultTest;
import io.graphvault.testing.GraphVaultTest.Holds;
import io.graphvault.testing.TestServices;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Session;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code restore --clear-first} clears the database only once its safety backup could be restored: here the
 * target holds a record longer than RESTORE_MAX_RECORD_BYTES, which verify and every restore refuse, so no
 * safety backup of it could bring the database back.
 */
@GraphVaultTest(source = Holds.CLASS_DATA)
class SafetyBackupIT {

    static final int KEPT = 500;
    static final int BODY_CHARS = 2_000_000;

    @TempDir
    static Path backups;

    @BeforeAll
    static void backUpASmallSource() {
        try (Session s = TestServices.sourceDriver().session()) {
            s.run("UNWIND range(1, 3) AS i CREATE (:Incoming {i: i})").consume();
        }
        Cli.Result r = Cli.run(TestServices.config(TestServices.source(), backups), "backup", "--name", "incoming");
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }

    @Test
    void aSafetyBackupThatCouldNotBeRestoredClearsNothingAndSaysWhy() {
        try (Session s = TestServices.targetDriver().session()) {
            s.run("UNWIND range(1, $n) AS i CREATE (:Kept {i: i})", Map.of("n", KEPT)).consume();
            s.run("CREATE (:Kept {i: 0, body: $body})", Map.of("body", LongValuesIT.text(BODY_CHARS))).consume();
        }
        Map<String, String> config = TestServices.config(TestServices.target(), backups);
        config.put("restore.max-record-bytes", "1000000");

        Cli.Result r = Cli.run(config, "restore", "--from", "incoming", "--clear-first", "--yes");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).as(r.toString())
                .contains("restore --clear-first cleared nothing")
                .contains("its safety backup pre-restore-")
                .contains("RESTORE_MAX_RECORD_BYTES (1000000)")
                .contains("property \"body\"");
        try (Session s = TestServices.targetDriver().session()) {
            assertThat(s.run("MATCH (n:Kept) RETURN count(n)").single().get(0).asLong()).isEqualTo(KEPT + 1);
            assertThat(s.run("MATCH (n:Kept {i: 0}) RETURN size(n.body)").single().get(0).asLong()).isEqualTo(BODY_CHARS);
            assertThat(s.run("MATCH (n:Incoming) RETURN count(n)").single().get(0).asLong()).isZero();
        }
    }
}
