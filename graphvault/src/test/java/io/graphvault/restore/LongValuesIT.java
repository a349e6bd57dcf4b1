package io.graphvault.restore;

import io.graphvault.internal.Sha256;
import io.graphvault.testing.Cli;
import io.graphvault.testing.GraphVaultProcess;
import io.graphvault.testing.GraphVaultTest;
import io.graphvault.testing.GraphVaultTest.Holds;
import io.graphvault.testing.TestNeo4j;
import io.graphvault.testing.TestServices;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Values far past Jackson's default read limits (a string of 20,000,000 characters, a name of 50,000), which
 * Neo4j stores: a string of 33,554,432 characters and a property key of 60,000. GraphVault runs in its own JVM
 * with the heap README promises such a value needs; values are compared by length and SHA-256.
 */
@GraphVaultTest(source = Holds.CLASS_DATA)
class LongValuesIT {

    static final int STRING_CHARS = 33_554_432;
    static final int KEY_CHARS = 60_000;
    /** README: a string of N million characters needs about 9 x N MB of heap (measured: 288 MB, not 256 MB, here). */
    static final String HEAP = "-Xmx" + 9 * STRING_CHARS / 1_000_000 + "m";

    @TempDir
    static Path backups;
    static String longString;
    static String longKey;

    @BeforeAll
    static void createTheValuesInTheSource() {
        longString = text(STRING_CHARS);
        // letters that take two and three bytes in UTF-8, and a $ that the codec escapes
        longKey = "$ключ-" + "ü€".repeat(KEY_CHARS / 2).substring(0, KEY_CHARS - 6);
        try (Session s = TestServices.sourceDriver().session()) {
            s.run("CREATE (:Huge {name: 'string', body: $body})", Map.of("body", longString)).consume();
            s.run("CREATE (n:Huge {name: 'key'}) SET n += $props", Map.of("props", Map.of(longKey, "value of the long key"))).consume();
        }
    }

    /** ASCII letters from a fixed sequence, with a quote, a backslash and a line break now and then (escaped in JSON). */
    static String text(int length) {
        byte[] b = new byte[length];
        long x = 42;
        for (int i = 0; i < length; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            b[i] = i % 10_007 == 0 ? (byte) "\"\\\n".charAt(i % 3) : (byte) ('a' + (int) ((x >>> 33) % 26));
        }
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    @Test
    void aStringOf33554432CharactersAndAKeyOf60000CharactersAreBackedUpVerifiedAndRestoredExactly() throws Exception {
        GraphVaultProcess.Result backup = graphvault(TestServices.source(), "backup", "--name", "huge");
        assertThat(backup.exitCode()).as(backup.toString()).isZero();

        GraphVaultProcess.Result verify = graphvault(TestServices.source(), "verify", "--from", "huge");
        assertThat(verify.exitCode()).as(verify.toString()).isZero();
        assertThat(verify.out()).contains("is intact");

        TestServices.wipe(TestServices.targetDriver());
        GraphVaultProcess.Result restore = graphvault(TestServices.target(), "restore", "--from", "huge");
        assertThat(restore.exitCode()).as(restore.toString()).isZero();

        try (Session s = TestServices.targetDriver().session()) {
            String body = s.run("MATCH (n:Huge {name: 'string'}) RETURN n.body").single().get(0).asString();
            assertThat(body.length()).isEqualTo(STRING_CHARS);
            assertThat(sha256(body)).isEqualTo(sha256(longString));

            Record keyed = s.run("MATCH (n:Huge {name: 'key'}) RETURN [k IN keys(n) WHERE k <> 'name'] AS keys, n").single();
            List<String> keys = keyed.get("keys").asList(v -> v.asString());
            assertThat(keys).hasSize(1);
            assertThat(keys.get(0).length()).isEqualTo(KEY_CHARS);
            assertThat(sha256(keys.get(0))).isEqualTo(sha256(longKey));
            assertThat(keyed.get("n").get(keys.get(0)).asString()).isEqualTo("value of the long key");
            assertThat(s.run("MATCH (n) RETURN count(n)").single().get(0).asLong()).isEqualTo(2);
        }

        // the string unchanged, an incremental backup leaves it in its parent; the chain reads it from there, in the same heap
        try (Session s = TestServices.sourceDriver().session()) {
            s.run("MATCH (n:Huge {name: 'key'}) SET n.touched = true").consume();
        }
        try {
            GraphVaultProcess.Result inc = graphvault(TestServices.source(), "backup", "--name", "inc", "--incremental");
            assertThat(inc.exitCode()).as(inc.toString()).isZero();
            assertThat(inc.out()).contains("incremental:   on backup huge");
            assertThat(Files.size(backups.resolve("inc/nodes/000001.jsonl.gz"))).as("the string stays in the parent").isLessThan(100_000);
        } finally {
            try (Session s = TestServices.sourceDriver().session()) {
                s.run("MATCH (n:Huge {name: 'key'}) REMOVE n.touched").consume();
            }
        }
        TestServices.wipe(TestServices.targetDriver());
        GraphVaultProcess.Result chain = graphvault(TestServices.target(), "restore", "--from", "inc");
        assertThat(chain.exitCode()).as(chain.toString()).isZero();
        try (Session s = TestServices.targetDriver().session()) {
            String body = s.run("MATCH (n:Huge {name: 'string'}) RETURN n.body").single().get(0).asString();
            assertThat(sha256(body)).as("the string, read from the parent").isEqualTo(sha256(longString));
            assertThat(s.run("MATCH (n:Huge {touched: true}) RETURN count(n)").single().get(0).asLong()).isEqualTo(1);
        }
    }

    @Test
    void aBackupWithARecordLongerThanRestoreMaxRecordBytesFailsNamingNodeAndPropertyAndKeepsNothing() {
        Map<String, String> config = new HashMap<>(TestServices.config(TestServices.source(), backups));
        config.put("restore.max-record-bytes", "16777216");

        Cli.Result r = Cli.run(config, "backup", "--name", "too-long");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("node :Huge").contains("property \"body\"")
                .contains("longer than RESTORE_MAX_RECORD_BYTES (16777216)");
        assertThat(backups.resolve("too-long")).doesNotExist();
        assertThat(Cli.run(config, "list").out()).doesNotContain("too-long");
    }

    private static GraphVaultProcess.Result graphvault(TestNeo4j neo4j, String... args) throws Exception {
        return GraphVaultProcess.run(GraphVaultProcess.env(neo4j.boltUri(), neo4j.password(), backups),
                List.of(HEAP, "-XX:+ExitOnOutOfMemoryError"), Duration.ofMinutes(3), args);
    }

    private static String sha256(String s) {
        MessageDigest d = Sha256.newDigest();
        d.update(s.getBytes(StandardCharsets.UTF_8));
        return Sha256.hex(d);
    }
}
