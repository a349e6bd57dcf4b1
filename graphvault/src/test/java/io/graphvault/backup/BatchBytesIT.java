package io.graphvault.backup;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphvault.format.BackupJson;
import io.graphvault.testing.Cli;
import io.graphvault.testing.GraphVaultTest;
import io.graphvault.testing.GraphVaultTest.Holds;
import io.graphvault.testing.TestServices;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Session;

import static org.assertj.core.api.Assertions.assertThat;

/** BACKUP_BATCH_BYTES: big properties make more, smaller batch files, each within the bound before gzip. */
@GraphVaultTest(source = Holds.CLASS_DATA)
class BatchBytesIT {

    private static final int NODES = 300;
    private static final int BOUND = 200_000;

    @TempDir
    Path backups;

    @BeforeAll
    static void nodesWith768FloatEmbeddingsAndLongText() {
        try (Session s = TestServices.sourceDriver().session()) {
            s.run("""
                    UNWIND range(1, $n) AS i
                    CREATE (:Chunk {id: i, text: reduce(t = '', k IN range(1, 400) | t + 'lorem ipsum '),
                                    embedding: [k IN range(1, 768) | rand() - 0.5]})
                    """, Map.of("n", NODES)).consume();
        }
    }

    @Test
    void aGraphWithBigPropertiesYieldsMoreSmallerFilesEachUnderTheByteBound() throws Exception {
        Map<String, String> config = new HashMap<>(TestServices.config(TestServices.source(), backups));
        Cli.Result whole = Cli.run(config, "backup", "--name", "records-only");
        assertThat(whole.exitCode()).as(whole.toString()).isZero();
        assertThat(nodeFiles("records-only")).as("8 MB by default: all %d nodes fit one file", NODES).hasSize(1);

        config.put("backup.batch-bytes", String.valueOf(BOUND));
        Cli.Result bounded = Cli.run(config, "backup", "--name", "bounded");
        assertThat(bounded.exitCode()).as(bounded.toString()).isZero();

        List<String> files = nodeFiles("bounded");
        // a node is about 22 KB of JSON (768 doubles of rand() at about 22 bytes, 4.8 KB of text): 9 to a 200 KB
        // batch, 34 files (the bound counts the encoded bytes, so every file but the last is full: checked below)
        assertThat(files).hasSizeBetween(30, 40);
        long records = 0;
        List<byte[]> contents = new ArrayList<>();
        for (String file : files) {
            byte[] json = gunzip(backups.resolve("bounded").resolve(file));
            System.out.printf("BatchBytesIT: %s %,d bytes of JSON%n", file, json.length);
            assertThat(json.length).as(file).isLessThanOrEqualTo(BOUND);
            records += new String(json, java.nio.charset.StandardCharsets.UTF_8).lines().count();
            contents.add(json);
        }
        for (int i = 0; i + 1 < contents.size(); i++) {
            int nextLine = firstLineLength(contents.get(i + 1));
            assertThat(contents.get(i).length + nextLine).as("%s is full: the next file's first line did not fit", files.get(i))
                    .isGreaterThan(BOUND);
        }
        assertThat(records).isEqualTo(NODES);
        Cli.Result verify = Cli.run(config, "verify", "--from", backups.resolve("bounded").toString());
        assertThat(verify.exitCode()).as(verify.toString()).isZero();
    }

    private static int firstLineLength(byte[] json) {
        int i = 0;
        while (json[i] != '\n') {
            i++;
        }
        return i + 1;
    }

    private List<String> nodeFiles(String backup) throws IOException {
        JsonNode manifest = BackupJson.MAPPER.readTree(backups.resolve(backup).resolve("manifest.json").toFile());
        List<String> out = new ArrayList<>();
        for (String path : manifest.path("files").findValuesAsText("path")) {
            if (path.startsWith("nodes/")) {
                out.add(path);
            }
        }
        return out;
    }

    private static byte[] gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }
}
