package io.graphvault.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphvault.app.GraphVaultServer;
import io.graphvault.format.BackupJson;
import io.graphvault.testing.Cli;
import io.graphvault.testing.EmbeddedS3;
import io.graphvault.testing.EmptyBucket;
import io.graphvault.testing.GraphVaultTest.Holds;
import io.graphvault.testing.GraphVaultTest;
import io.graphvault.testing.Inbox;
import io.graphvault.testing.Ports;
import io.graphvault.testing.S3Buckets;
import io.graphvault.testing.TestServices;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

@GraphVaultTest(source = Holds.SAMPLE_GRAPH)
class ServeOffsiteIT {

    private static final Duration WITHIN = Duration.ofSeconds(90);

    @TempDir
    Path work;

    private Path backups;
    private Inbox inbox;

    @BeforeEach
    void folders() {
        backups = work.resolve("backups");
        inbox = new Inbox(work.resolve("inbox"));
    }

    private Map<String, String> config(S3Buckets s3, String bucket) {
        Map<String, String> c = TestServices.serveConfig(backups, inbox.dir(), 0);
        c.putAll(s3.config(bucket, "offsite"));
        return c;
    }

    @Test
    void aBackupTakenWhileS3IsDownArrivesWholeOnceS3IsBackAndNoManifestEverNamesAMissingFile() throws Exception {
        int port = Ports.free();
        String endpoint = "http://127.0.0.1:" + port;
        try (S3Buckets s3 = new S3Buckets(endpoint)) {
            Map<String, String> c = config(s3, "comes-back");
            c.put("s3.retry-attempts", "1000");
            c.put("s3.retry-delay", "200");
            c.put("s3.retry-max-delay", "500");
            try (GraphVaultServer server = GraphVaultServer.start(c)) {
                inbox.drop("now", "");
                await().atMost(WITHIN).until(() -> completed(backups).size() == 1);
                String id = completed(backups).get(0);
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                        .until(() -> !Files.exists(inbox.done("now")) && !Files.exists(inbox.failed("now")));

                TransientNio2BlobStore store = new TransientNio2BlobStore();
                store.createContainer("comes-back");
                S3Proxy proxy = S3Proxy.builder().blobStore(store).endpoint(URI.create(endpoint))
                        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY).build();
                proxy.start();
                try {
                    AtomicInteger looks = new AtomicInteger();
                    await().atMost(WITHIN).pollInterval(Duration.ofMillis(5)).until(() -> {
                        assertNoManifestNamesAMissingObject(s3, "comes-back");
                        looks.incrementAndGet();
                        return Files.exists(inbox.done("now"));
                    });
                    assertThat(looks.get()).isGreaterThan(1);
                    assertThat(s3.checksums("comes-back", "offsite/" + id + "/"))
                            .containsKey("offsite/" + id + "/manifest.json")
                            .isEqualTo(S3Buckets.localChecksums(backups.resolve(id), "offsite/" + id + "/"));
                } finally {
                    proxy.stop();
                }
            }
        }
    }

    @Test
    void retentionKeepsExactlyTheNewestTwoCompletedBackupsLocallyAndInTheBucketAndNoPartialOneIsTouched(
            S3Buckets s3, @EmptyBucket String bucket) throws Exception {
        Map<String, String> c = config(s3, bucket);
        c.put("backup.keep-last", "2");
        c.put("s3.keep-last", "2");
        Files.createDirectories(backups.resolve(".interrupted.partial/nodes"));
        Files.writeString(backups.resolve(".interrupted.partial/nodes/000001.jsonl"), "{}\n");
        s3.put(bucket, "offsite/half-uploaded/nodes/000001.jsonl.gz", new byte[] {1, 2, 3});
        try (GraphVaultServer server = GraphVaultServer.start(c)) {
            for (String name : List.of("b1", "b2", "b3", "b4")) {
                inbox.drop(name + ".json", "{\"name\": \"" + name + "\"}");
                inbox.awaitFile(inbox.done(name + ".json"), WITHIN);
            }
        }
        assertThat(completed(backups)).containsExactly("b3", "b4");
        assertThat(backups.resolve(".interrupted.partial/nodes/000001.jsonl")).exists();
        Set<String> manifests = s3.keys(bucket, "offsite/").stream().map(S3Object::key)
                .filter(k -> k.endsWith("/manifest.json")).collect(Collectors.toSet());
        assertThat(manifests).containsExactlyInAnyOrder("offsite/b3/manifest.json", "offsite/b4/manifest.json");
        assertThat(s3.keys(bucket, "offsite/b1/")).isEmpty();
        assertThat(s3.keys(bucket, "offsite/b2/")).isEmpty();
        assertThat(s3.keys(bucket, "offsite/half-uploaded/")).hasSize(1);
    }

    @Test
    void theServerStartsAndTakesLocalBackupsWhileS3IsDown() throws Exception {
        try (S3Buckets s3 = new S3Buckets("http://127.0.0.1:" + Ports.free())) {
            Map<String, String> c = config(s3, "unreachable");
            c.put("s3.retry-attempts", "2");
            try (GraphVaultServer server = GraphVaultServer.start(c)) {
                inbox.drop("local-only.json", "{\"name\": \"local-only\", \"s3\": false}");
                inbox.drop("wants-offsite.json", "{\"name\": \"wants-offsite\"}");
                inbox.awaitFile(inbox.done("local-only.json"), WITHIN);
                inbox.awaitFile(inbox.failed("wants-offsite.json"), WITHIN);
            }
            assertThat(completed(backups)).containsExactlyInAnyOrder("local-only", "wants-offsite");
            assertThat(Files.readString(inbox.errorFile("wants-offsite.json")))
                    .contains("backup wants-offsite is complete locally")
                    .contains("replication to s3://unreachable/offsite/wants-offsite failed")
                    .doesNotContain(EmbeddedS3.SECRET_KEY);
            Cli.Result verify = Cli.run(c, "verify", "--from", "wants-offsite");
            assertThat(verify.exitCode()).as(verify.toString()).isZero();
        }
    }

    /** A manifest in the bucket while every file it lists is there too; checked on one listing. */
    private static void assertNoManifestNamesAMissingObject(S3Buckets s3, String bucket) throws IOException {
        Map<String, Long> listing = s3.keys(bucket, "").stream().collect(Collectors.toMap(S3Object::key, S3Object::size));
        for (String key : listing.keySet()) {
            if (key.endsWith("/manifest.json")) {
                String prefix = key.substring(0, key.length() - "manifest.json".length());
                JsonNode manifest = BackupJson.MAPPER.readTree(s3.get(bucket, key));
                for (JsonNode f : manifest.path("files")) {
                    assertThat(listing.get(prefix + f.path("path").asText()))
                            .as("size of %s%s while its manifest is in the bucket", prefix, f.path("path").asText())
                            .isEqualTo(f.path("bytes").asLong());
                }
            }
        }
    }

    /** Completed backups as GraphVault sees them: a partial (hidden) folder holds its manifest for a moment before its rename. */
    static List<String> completed(Path backups) {
        return Inbox.folders(backups).stream().filter(id -> !id.startsWith("."))
                .filter(id -> Files.exists(backups.resolve(id).resolve("manifest.json"))).toList();
    }
}
