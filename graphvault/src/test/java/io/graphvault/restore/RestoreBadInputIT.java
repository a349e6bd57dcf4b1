package io.graphvault.restore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.graphvault.format.BackupJson;
import io.graphvault.internal.Sha256;
import io.graphvault.testing.Cli;
import io.graphvault.testing.GraphVaultTest;
import io.graphvault.testing.SampleGraph;
import io.graphvault.testing.TestServices;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Session;

/** A bad backup gives one clear line naming the file, exit 1, and leaves the database untouched. */
@GraphVaultTest
class RestoreBadInputIT {

    @TempDir
    static Path backups;

    @BeforeAll
    static void backUp() {
        SampleGraph.load(TestServices.sourceDriver(), "neo4j");
        assertThat(Cli.run(TestServices.config(TestServices.source(), backups), "backup", "--name", "good",
                "--batch-size", "100").exitCode()).isZero();
    }

    private static Path copyOfGood(String name) throws IOException {
        Path copy = backups.resolve(name);
        try (var walk = Files.walk(backups.resolve("good"))) {
            for (Path p : walk.toList()) {
                Path to = copy.resolve(backups.resolve("good").relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        return copy;
    }

    private static Cli.Result restore(Path from) {
        Map<String, String> config = TestServices.config(TestServices.target(), backups);
        return Cli.run(config, "restore", "--from", from.toString());
    }

    private static void assertOneLineErrorAndUntouchedDatabase(Cli.Result r, String... mentions) {
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err().lines().toList()).as(r.err()).hasSize(1);
        assertThat(r.err()).contains(mentions);
        try (Session s = TestServices.targetDriver().session()) {
            assertThat(s.run("MATCH (n) RETURN count(n)").single().get(0).asLong()).isZero();
            assertThat(s.run("SHOW CONSTRAINTS YIELD name RETURN count(*)").single().get(0).asLong()).isZero();
        }
    }

    @Test
    void aMissingFolderIsNamed() {
        assertOneLineErrorAndUntouchedDatabase(restore(backups.resolve("no-such-backup")), "no-such-backup", "not found");
    }

    @Test
    void aFolderWithoutManifestIsNotABackup() throws IOException {
        Path empty = Files.createDirectories(backups.resolve("unfinished"));
        Files.writeString(empty.resolve("schema.json"), "{}");
        assertOneLineErrorAndUntouchedDatabase(restore(empty), "unfinished", "manifest.json");
    }

    @Test
    void aManifestFromANewerFormatIsRefused() throws IOException {
        Path copy = copyOfGood("newer");
        ObjectNode manifest = (ObjectNode) BackupJson.MAPPER.readTree(copy.resolve("manifest.json").toFile());
        manifest.put("format", "graphvault/2");
        BackupJson.MAPPER.writeValue(copy.resolve("manifest.json").toFile(), manifest);
        assertOneLineErrorAndUntouchedDatabase(restore(copy), "newer/manifest.json", "graphvault/2");
    }

    @Test
    void aChecksumMismatchNamesTheFile() throws IOException {
        Path copy = copyOfGood("flipped");
        try (RandomAccessFile f = new RandomAccessFile(copy.resolve("relationships/000002.jsonl.gz").toFile(), "rw")) {
            f.seek(20);
            int b = f.read();
            f.seek(20);
            f.write(b ^ 0x10);
        }
        assertOneLineErrorAndUntouchedDatabase(restore(copy), "relationships/000002.jsonl.gz", "SHA-256");
    }

    @Test
    void aTruncatedGzipIsNamedEvenWhenTheManifestWasWrittenForIt() throws IOException {
        Path copy = copyOfGood("truncated");
        Path victim = copy.resolve("nodes/000003.jsonl.gz");
        byte[] cut = java.util.Arrays.copyOf(Files.readAllBytes(victim), (int) Files.size(victim) / 2);
        Files.write(victim, cut);
        ObjectNode manifest = (ObjectNode) BackupJson.MAPPER.readTree(copy.resolve("manifest.json").toFile());
        for (var f : (ArrayNode) manifest.get("files")) {
            if (f.path("path").asText().equals("nodes/000003.jsonl.gz")) {
                ((ObjectNode) f).put("sha256", Sha256.hex(cut)).put("bytes", cut.length);
            }
        }
        BackupJson.MAPPER.writeValue(copy.resolve("manifest.json").toFile(), manifest);
        assertOneLineErrorAndUntouchedDatabase(restore(copy), "nodes/000003.jsonl.gz", "truncated");
    }
}
