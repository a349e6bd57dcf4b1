package io.graphvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphvault.format.BackupJson;
import io.graphvault.testing.BackupFolder;
import io.graphvault.testing.Cli;
import io.graphvault.testing.GraphVaultTest.Holds;
import io.graphvault.testing.GraphVaultTest;
import io.graphvault.testing.SampleGraph;
import io.graphvault.testing.TestServices;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

/**
 * What {@code status}, {@code list}, {@code verify} and {@code restore} print, as text and with
 * {@code --json}: the values a user or a script reads, compared with the database and the files.
 * Backups {@code a} and {@code b} of the sample graph are shared; nothing here changes them.
 */
@GraphVaultTest(source = Holds.SAMPLE_GRAPH)
class CliOutputIT {

    @TempDir
    static Path backups;

    /** Where restores into the target keep their safety backups, apart from {@code a} and {@code b}. */
    @TempDir
    Path restoreFolder;

    @BeforeAll
    static void twoBackupsOfTheSampleGraph() {
        for (String name : List.of("a", "b")) {
            Cli.Result r = Cli.run(sourceConfig(), "backup", "--name", name);
            assertThat(r.exitCode()).as(r.toString()).isZero();
        }
    }

    @Test
    void statusPrintsTheNodeAndRelationshipCountsTheDatabaseHolds() {
        long nodes = count(TestServices.sourceDriver(), "MATCH (n) RETURN count(n)");
        long relationships = count(TestServices.sourceDriver(), "MATCH ()-[r]->() RETURN count(r)");
        assertThat(nodes).isEqualTo(SampleGraph.NODES);
        assertThat(relationships).isEqualTo(SampleGraph.RELATIONSHIPS);

        Cli.Result r = Cli.run(sourceConfig(), "status");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out().lines()).as(r.toString()).contains("nodes:         " + nodes,
                "relationships: " + relationships, "with embedding: " + SampleGraph.EMBEDDINGS);
        SampleGraph.LABELS.forEach((label, n) -> assertThat(r.out().lines()).as(r.toString())
                .contains(String.format("  %-30s %d", label, n)));
    }

    @Test
    void statusAsJsonGivesTheCountsAsNumbers() throws Exception {
        Cli.Result r = Cli.run(sourceConfig(), "status", "--json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode status = BackupJson.MAPPER.readTree(r.out());
        assertThat(status.path("nodes").isIntegralNumber()).as(r.out()).isTrue();
        assertThat(status.path("nodes").asLong()).isEqualTo(SampleGraph.NODES);
        assertThat(status.path("relationships").isIntegralNumber()).as(r.out()).isTrue();
        assertThat(status.path("relationships").asLong()).isEqualTo(SampleGraph.RELATIONSHIPS);
        assertThat(status.path("nodesWithEmbedding").asLong()).isEqualTo(SampleGraph.EMBEDDINGS);
        SampleGraph.TYPES.forEach((type, n) ->
                assertThat(status.path("types").path(type).asLong()).as(type).isEqualTo(n.longValue()));
    }

    @Test
    void listAsJsonNamesBothBackupsNewestFirstWithTheirCountsAndFolders() throws Exception {
        Cli.Result r = Cli.run(sourceConfig(), "list", "--json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<JsonNode> entries = elements(BackupJson.MAPPER.readTree(r.out()));
        assertThat(entries.stream().map(e -> e.path("id").asText())).as(r.out()).containsExactly("b", "a");
        for (JsonNode entry : entries) {
            String id = entry.path("id").asText();
            assertThat(entry.path("nodes").isIntegralNumber()).as(id).isTrue();
            assertThat(entry.path("nodes").asLong()).as(id).isEqualTo(SampleGraph.NODES);
            assertThat(entry.path("relationships").asLong()).as(id).isEqualTo(SampleGraph.RELATIONSHIPS);
            Path path = Path.of(entry.path("path").asText());
            assertThat(path).as(id).isDirectory();
            assertThat(path.resolve("manifest.json")).as(id).isRegularFile();
            assertThat(path.toRealPath()).as(id).isEqualTo(backups.resolve(id).toRealPath());
        }
    }

    @Test
    void aCopiedBackupFolderIsListedOnceUnderItsFolderNameWithTheIdItsManifestHolds(@TempDir Path copies) throws Exception {
        copyOf(backups.resolve("a"), copies.resolve("a"));
        copyOf(backups.resolve("a"), copies.resolve("a copy"));
        Map<String, String> config = TestServices.config(TestServices.target(), copies);

        Cli.Result text = Cli.run(config, "list");
        assertThat(text.exitCode()).as(text.toString()).isZero();
        List<String> rows = text.out().lines().skip(1).filter(l -> !l.startsWith(" ")).toList();
        assertThat(rows).as(text.out()).hasSize(2).anyMatch(l -> l.startsWith("a ")).anyMatch(l -> l.startsWith("a copy "));
        assertThat(text.out()).contains("  note: folder 'a copy' holds backup a (its manifest's id): restore it with --from "
                + copies.resolve("a copy"));

        Cli.Result json = Cli.run(config, "list", "--json");
        assertThat(elements(BackupJson.MAPPER.readTree(json.out())).stream().map(e -> e.path("folder").asText() + "=" + e.path("id").asText()))
                .as(json.out()).containsExactlyInAnyOrder("a=a", "a copy=a");

        // by path the copy itself is restored; by id, the folder that the id names
        Cli.Result copy = Cli.run(config, "restore", "--from", copies.resolve("a copy").toString(), "--dry-run");
        assertThat(copy.exitCode()).as(copy.toString()).isZero();
        assertThat(copy.out()).contains(copies.resolve("a copy").toString());
    }

    @Test
    void verifyAsJsonCountsTheManifestsFilesAndNamesADamagedFile(@TempDir Path copies) throws Exception {
        JsonNode manifest = BackupJson.MAPPER.readTree(backups.resolve("a/manifest.json").toFile());
        Cli.Result r = Cli.run(sourceConfig(), "verify", "--from", "a", "--json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).as(r.toString()).doesNotContain("graphvault:");
        JsonNode verified = BackupJson.MAPPER.readTree(r.out());
        assertThat(verified.path("intact").isBoolean() && verified.path("intact").asBoolean()).as(r.out()).isTrue();
        assertThat(verified.path("manifest").path("id").asText()).isEqualTo("a");
        assertThat(Path.of(verified.path("location").asText()).toRealPath()).isEqualTo(backups.resolve("a").toRealPath());
        assertThat(verified.path("report").path("files").asInt()).as(r.out()).isEqualTo(manifest.path("files").size());
        assertThat(verified.path("report").path("records").asLong())
                .isEqualTo(SampleGraph.NODES + SampleGraph.RELATIONSHIPS);

        // damage a copy, so that backup a stays whole for the other tests
        Path copy = copyOf(backups.resolve("a"), copies.resolve("a"));
        String batch = elements(manifest.path("files")).stream().map(f -> f.path("path").asText())
                .filter(p -> p.startsWith("nodes/") && p.endsWith(".jsonl.gz")).findFirst().orElseThrow();
        flipAByteIn(copy.resolve(batch));

        Cli.Result damaged = Cli.run(sourceConfig(), "verify", "--from", copy.toString(), "--json");
        assertThat(damaged.exitCode()).as(damaged.toString()).isEqualTo(1);
        assertThat(damaged.err()).as(damaged.toString()).contains(batch).contains("SHA-256");
        JsonNode verdict = BackupJson.MAPPER.readTree(damaged.out());
        assertThat(verdict.path("intact").isBoolean() && !verdict.path("intact").asBoolean()).as(damaged.toString()).isTrue();
        assertThat(verdict.path("error").asText()).as(damaged.toString()).contains(batch).contains("SHA-256");
    }

    @Test
    void restoreAsJsonReportsEveryNodeWrittenAndNoProblems() throws Exception {
        Cli.Result r = restore("--json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode report = BackupJson.MAPPER.readTree(r.out());
        assertThat(report.path("backup").asText()).isEqualTo("a");
        assertThat(report.path("dryRun").asBoolean()).isFalse();
        assertThat(report.path("nodesInBackup").asLong()).isEqualTo(SampleGraph.NODES);
        assertThat(report.path("nodesWritten").isIntegralNumber()).as(r.out()).isTrue();
        assertThat(report.path("nodesWritten").asLong()).isEqualTo(SampleGraph.NODES);
        assertThat(report.path("relationshipsCreated").asLong()).isEqualTo(SampleGraph.RELATIONSHIPS);
        assertThat(report.path("problems").isArray()).as(r.out()).isTrue();
        assertThat(report.path("problems")).as(r.out()).isEmpty();
        assertThat(report.path("safetyBackup").isNull()).as(r.out()).isTrue();
        assertThat(count(TestServices.targetDriver(), "MATCH (n) RETURN count(n)")).isEqualTo(SampleGraph.NODES);
    }

    @Test
    void clearFirstTakesASafetyBackupUnlessToldNotTo() throws Exception {
        assertThat(restore().exitCode()).isZero();

        addAScratchNodeToTheTarget();
        Cli.Result noSafety = restore("--clear-first", "--yes", "--no-safety-backup");
        assertThat(noSafety.exitCode()).as(noSafety.toString()).isZero();
        assertThat(noSafety.out()).doesNotContain("safety backup:");
        assertTargetHoldsExactlyTheSampleGraph();
        assertThat(BackupFolder.names(restoreFolder)).as("no pre-restore-* backup").containsExactly(".graphvault.lock");

        addAScratchNodeToTheTarget();
        Cli.Result withSafety = restore("--clear-first", "--yes");
        assertThat(withSafety.exitCode()).as(withSafety.toString()).isZero();
        assertTargetHoldsExactlyTheSampleGraph();
        List<String> safety = BackupFolder.names(restoreFolder).stream().filter(n -> n.startsWith("pre-restore-")).toList();
        assertThat(safety).as(BackupFolder.names(restoreFolder).toString()).hasSize(1);
        assertThat(withSafety.out()).contains("safety backup:  " + safety.get(0));
        JsonNode manifest = BackupJson.MAPPER.readTree(restoreFolder.resolve(safety.get(0)).resolve("manifest.json").toFile());
        assertThat(manifest.path("counts").path("nodes").asLong()).as("the sample graph and the scratch node")
                .isEqualTo(SampleGraph.NODES + 1);
    }

    private Cli.Result restore(String... options) {
        String[] args = Stream.concat(Stream.of("restore", "--from", backups.resolve("a").toString()), Stream.of(options))
                .toArray(String[]::new);
        return Cli.run(TestServices.config(TestServices.target(), restoreFolder), args);
    }

    private static void addAScratchNodeToTheTarget() {
        try (Session s = TestServices.targetDriver().session()) {
            s.run("CREATE (:Scratch {name: 'deleted by --clear-first'})").consume();
        }
    }

    private static void assertTargetHoldsExactlyTheSampleGraph() {
        assertThat(count(TestServices.targetDriver(), "MATCH (n:Scratch) RETURN count(n)")).isZero();
        assertThat(count(TestServices.targetDriver(), "MATCH (n) RETURN count(n)")).isEqualTo(SampleGraph.NODES);
        assertThat(count(TestServices.targetDriver(), "MATCH ()-[r]->() RETURN count(r)")).isEqualTo(SampleGraph.RELATIONSHIPS);
    }

    private static Map<String, String> sourceConfig() {
        return TestServices.config(TestServices.source(), backups);
    }

    private static long count(Driver driver, String cypher) {
        try (Session s = driver.session()) {
            return s.run(cypher).single().get(0).asLong();
        }
    }

    private static List<JsonNode> elements(JsonNode array) {
        assertThat(array.isArray()).as(array.toString()).isTrue();
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    private static Path copyOf(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(from.relativize(f).toString()));
            }
        }
        return to;
    }

    private static void flipAByteIn(Path file) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            long middle = f.length() / 2;
            f.seek(middle);
            int b = f.read();
            f.seek(middle);
            f.write(b ^ 0x01);
        }
    }
}
