package io.graphvault.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphvault.format.BackupJson;
import io.graphvault.testing.Cli;
import io.graphvault.testing.GraphVaultTest.Holds;
import io.graphvault.testing.GraphVaultTest;
import io.graphvault.testing.SampleGraph;
import io.graphvault.testing.TestServices;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@GraphVaultTest(source = Holds.SAMPLE_GRAPH)
class BackupIT {

    @TempDir
    Path backups;

    private Map<String, String> config() {
        return TestServices.config(TestServices.source(), backups);
    }

    @Test
    void aBackupOfTheClinicalGraphCountsEveryNodeLabelAndTypeAndVerifies() throws Exception {
        Cli.Result r = Cli.run(config(), "backup", "--name", "cpg");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("backup cpg complete").contains("214").contains("221");

        JsonNode manifest = BackupJson.MAPPER.readTree(backups.resolve("cpg/manifest.json").toFile());
        assertThat(manifest.path("format").asText()).isEqualTo("graphvault/1");
        assertThat(manifest.path("options").path("relationshipOrdinals").asBoolean())
                .as("relationships streamed grouped by start node, so parallel ones are numbered").isTrue();
        assertThat(manifest.path("counts").path("nodes").asLong()).isEqualTo(214);
        assertThat(manifest.path("counts").path("relationships").asLong()).isEqualTo(221);
        SampleGraph.LABELS.forEach((label, n) ->
                assertThat(manifest.path("counts").path("labels").path(label).asLong()).as(label).isEqualTo(n.longValue()));
        SampleGraph.TYPES.forEach((type, n) ->
                assertThat(manifest.path("counts").path("types").path(type).asLong()).as(type).isEqualTo(n.longValue()));
        assertThat(manifest.path("source").path("uri").asText()).doesNotContain(TestServices.PASSWORD);
        assertThat(manifest.toString()).doesNotContain(TestServices.PASSWORD);

        JsonNode schema = BackupJson.MAPPER.readTree(backups.resolve("cpg/schema.json").toFile());
        assertThat(schema.path("constraints").findValuesAsText("name"))
                .containsExactlyInAnyOrder("guideline_id", "module_id", "rec_id", "kq_id", "eb_id", "study_id");
        assertThat(schema.path("indexes").findValuesAsText("type")).contains("FULLTEXT", "VECTOR", "RANGE");
        assertThat(schema.path("indexes").toString()).contains("vector.dimensions").contains("1536");
        assertThat(schema.path("keys")).hasSize(6);

        Cli.Result verify = Cli.run(config(), "verify", "--from", backups.resolve("cpg").toString());
        assertThat(verify.exitCode()).as(verify.toString()).isZero();
        assertThat(verify.out()).contains("intact");

        Cli.Result list = Cli.run(config(), "list");
        assertThat(list.out()).contains("cpg");
        try (Stream<Path> hidden = Files.list(backups)) {
            // the backup and the job lock (free again, so empty)
            assertThat(hidden.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("cpg", ".graphvault.lock");
        }
        assertThat(Files.size(backups.resolve(".graphvault.lock"))).isZero();
    }

    @Test
    void excludedPropertiesAreLeftOutAndCountedInTheManifest() throws Exception {
        Cli.Result r = Cli.run(config(), "backup", "--name", "no-embeddings", "--exclude-properties", "embedding");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode manifest = BackupJson.MAPPER.readTree(backups.resolve("no-embeddings/manifest.json").toFile());
        assertThat(manifest.path("counts").path("excludedPropertyNodes").path("embedding").asLong())
                .isEqualTo(SampleGraph.EMBEDDINGS);
        assertThat(manifest.path("options").path("excludedProperties").get(0).asText()).isEqualTo("embedding");
        try (Stream<Path> files = Files.list(backups.resolve("no-embeddings/nodes"))) {
            for (Path f : files.toList()) {
                String content = new String(new java.util.zip.GZIPInputStream(Files.newInputStream(f)).readAllBytes());
                assertThat(content).doesNotContain("\"embedding\"");
            }
        }
    }

    @Test
    void aFlippedByteMakesVerifyFailNamingTheFile() throws Exception {
        assertThat(Cli.run(config(), "backup", "--name", "damaged", "--batch-size", "50").exitCode()).isZero();
        Path victim = backups.resolve("damaged/nodes/000002.jsonl.gz");
        try (RandomAccessFile f = new RandomAccessFile(victim.toFile(), "rw")) {
            f.seek(f.length() / 2);
            int b = f.read();
            f.seek(f.length() / 2);
            f.write(b ^ 0x01);
        }
        Cli.Result verify = Cli.run(config(), "verify", "--from", backups.resolve("damaged").toString());
        assertThat(verify.exitCode()).isEqualTo(1);
        assertThat(verify.err()).contains("nodes/000002.jsonl.gz").contains("SHA-256");
        assertThat(verify.err().lines().toList()).hasSize(1);
    }

    @Test
    void batchFilesHoldAtMostTheBatchSize() throws Exception {
        assertThat(Cli.run(config(), "backup", "--name", "small-batches", "--batch-size", "100").exitCode()).isZero();
        JsonNode manifest = BackupJson.MAPPER.readTree(backups.resolve("small-batches/manifest.json").toFile());
        List<String> paths = manifest.path("files").findValuesAsText("path");
        assertThat(paths).contains("schema.json", "nodes/000001.jsonl.gz", "nodes/000003.jsonl.gz",
                "relationships/000003.jsonl.gz");
        manifest.path("files").forEach(f -> assertThat(f.path("records").asLong()).isLessThanOrEqualTo(100));
    }
}
