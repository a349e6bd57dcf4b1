package io.graphvault.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.graphvault.internal.GraphVaultHeaders;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.Registry;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The batch data format in routes of its own (camel-test-junit5, no servers): what the backup
 * route's {@code marshal} stores is what the restore route's {@code unmarshal} reads back, value
 * types included; an encrypted file holds neither gzip nor plaintext; a manifest stays plain JSON.
 */
class BatchDataFormatRouteTest extends CamelTestSupport {

    private static final String SECRET = "guideline-text-that-must-not-show";

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("batchFormat", new BatchDataFormat());
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:store").marshal().custom("batchFormat").to("mock:stored");
                from("direct:read").unmarshal().custom("batchFormat").split(body()).to("mock:records");
            }
        };
    }

    /** Three nodes as the exporter writes them: a double that is whole, a date, a text. */
    private record Nodes(String path) implements BatchFileToWrite {
        @Override
        public long records() {
            return 3;
        }

        @Override
        public void writeLines(OutputStream out) throws IOException {
            try (JsonGenerator g = BackupJson.FACTORY.createGenerator(out)) {
                g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                g.setRootValueSeparator(null);
                for (int index = 0; index < records(); index++) {
                    g.writeStartObject();
                    g.writeStringField("id", String.valueOf(index + 1));
                    g.writeArrayFieldStart("labels");
                    g.writeString("Guideline");
                    g.writeEndArray();
                    g.writeFieldName("props");
                    g.writeStartObject();
                    g.writeNumberField("weight", 1.0);
                    g.writeFieldName("since");
                    g.writeStartObject();
                    g.writeStringField("$type", "date");
                    g.writeStringField("value", "2023-05-0" + (index + 1));
                    g.writeEndObject();
                    g.writeStringField("text", SECRET + index);
                    g.writeEndObject();
                    g.writeEndObject();
                    g.writeRaw('\n');
                }
            }
        }
    }

    private byte[] store(Object content, BackupCipher cipher) throws InterruptedException {
        MockEndpoint stored = getMockEndpoint("mock:stored");
        stored.reset();
        stored.expectedMessageCount(1);
        template.send("direct:store", e -> {
            e.getMessage().setBody(content);
            if (cipher != null) {
                e.setProperty(GraphVaultHeaders.BACKUP_CIPHER, cipher);
            }
        });
        stored.assertIsSatisfied();
        return stored.getExchanges().get(0).getMessage().getBody(byte[].class);
    }

    @Test
    void aBatchStoredByTheBackupRouteIsReadBackRecordByRecordWithItsTypes() throws Exception {
        byte[] stored = store(new Nodes("nodes/000001.jsonl.gz"), null);
        assertThat(stored[0] == (byte) 0x1f && stored[1] == (byte) 0x8b).as("gzip").isTrue();

        MockEndpoint records = getMockEndpoint("mock:records");
        records.expectedMessageCount(3);
        template.sendBodyAndHeader("direct:read", stored, Exchange.FILE_NAME, "nodes/000001.jsonl.gz");
        records.assertIsSatisfied();

        List<DecodedRecord> read = records.getExchanges().stream().map(e -> e.getMessage().getBody(DecodedRecord.class)).toList();
        assertThat(read).extracting(DecodedRecord::id).containsExactly(1L, 2L, 3L);
        assertThat(read).extracting(DecodedRecord::line).containsExactly(1L, 2L, 3L);
        Map<String, Object> first = read.get(0).props();
        assertThat(first.get("weight")).isEqualTo(1.0).isInstanceOf(Double.class);
        assertThat(first.get("since")).isEqualTo(LocalDate.of(2023, 5, 1));
        assertThat(first.get("text")).isEqualTo(SECRET + 0);
        assertThat(read.get(2).fields().path("labels").get(0).asText()).isEqualTo("Guideline");
    }

    @Test
    void anEncryptedBatchHoldsNeitherGzipNorPlaintextAndOpensOnlyWithItsBackupsCipher() throws Exception {
        byte[] key = new byte[BackupCipher.KEY_BYTES];
        new Random(7).nextBytes(key);
        BackupCipher cipher = BackupCipher.of(key).forBackup("b1");
        String path = "nodes/000001.jsonl.gz" + BackupCipher.SUFFIX;

        byte[] stored = store(new Nodes(path), cipher);

        assertThat(stored[0] == (byte) 0x1f && stored[1] == (byte) 0x8b).as("gzip magic").isFalse();
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(SECRET);
        try (InputStream plain = new GZIPInputStream(cipher.decrypting(new ByteArrayInputStream(stored), path))) {
            String lines = new String(plain.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(lines.lines()).hasSize(3).allMatch(l -> l.contains(SECRET));
        }
        BackupCipher otherBackup = BackupCipher.of(key).forBackup("b2");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> new GZIPInputStream(otherBackup.decrypting(new ByteArrayInputStream(stored), path)).readAllBytes())
                .isInstanceOf(BackupCipher.NotAuthentic.class);
    }

    @Test
    void theManifestStaysPlainPrettyJsonEvenWhenTheBackupIsEncrypted() throws Exception {
        byte[] key = new byte[BackupCipher.KEY_BYTES];
        BackupCipher cipher = BackupCipher.of(key).forBackup("b1");

        byte[] stored = store(new BackupFileToWrite.Document(BackupManifest.FILE_NAME, 0, Map.of("format", "graphvault/1-encrypted")),
                cipher);

        JsonNode manifest = BackupJson.MAPPER.readTree(stored);
        assertThat(manifest.path("format").asText()).isEqualTo("graphvault/1-encrypted");
        assertThat(new String(stored, StandardCharsets.UTF_8)).contains("\n");
    }
}
