package io.graphvault.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.graphvault.app.GraphVaultServer;
import io.graphvault.format.BackupJson;
import io.graphvault.testing.Cli;
import io.graphvault.testing.EmptyBucket;
import io.graphvault.testing.GraphVaultTest.Holds;
import io.graphvault.testing.GraphVaultTest;
import io.graphvault.testing.Inbox;
import io.graphvault.testing.S3Buckets;
import io.graphvault.testing.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@GraphVaultTest(source = Holds.SAMPLE_GRAPH)
class ServeInboxIT {

    private static final Duration WITHIN = Duration.ofSeconds(60);

    @TempDir
    Path work;

    private Path backups;
    private Inbox inbox;
    private S3Buckets s3;
    @EmptyBucket
    private String bucket;

    @BeforeEach
    void folders() {
        backups = work.resolve("backups");
        inbox = new Inbox(work.resolve("inbox"));
    }

    private Map<String, String> config() {
        Map<String, String> c = TestServices.serveConfig(backups, inbox.dir(), 0);
        c.putAll(s3.config(bucket, "serve"));
        return c;
    }

    @Test
    void retentionKeepsTheBackupJustTakenEvenWhenAnOlderOneSaysItStartedInTheFuture() throws Exception {
        Map<String, String> local = TestServices.serveConfig(backups, inbox.dir(), 0);
        local.put("backup.keep-last", "1");
        assertThat(Cli.run(local, "backup", "--name", "ahead").exitCode()).isZero();
        // taken while the clock was a year ahead, since corrected
        Path manifest = backups.resolve("ahead/manifest.json");
        ObjectNode m = (ObjectNode) BackupJson.MAPPER.readTree(manifest.toFile());
        m.put("startedAt", "2027-11-26T02:00:00Z");
        BackupJson.MAPPER.writeValue(manifest.toFile(), m);

        try (GraphVaultServer server = GraphVaultServer.start(local)) {
            inbox.drop("fresh.json", "{\"name\": \"fresh\"}");
            inbox.awaitFile(inbox.done("fresh.json"), WITHIN);
        }

        assertThat(Inbox.folders(backups)).containsExactly("fresh");
    }

    @Test
    void withBackupToS3AnEmptyTriggerWritesOnlyToTheBucketAndATriggerSayingLocalOnlyToTheFolder() {
        Map<String, String> c = config();
        c.put("backup.to", "s3");
        try (GraphVaultServer server = GraphVaultServer.start(c)) {
            inbox.drop("now", "");
            inbox.awaitFile(inbox.done("now"), WITHIN);
            inbox.drop("here.json", "{\"name\": \"here\", \"to\": \"local\"}");
            inbox.awaitFile(inbox.done("here.json"), WITHIN);
            inbox.drop("both.json", "{\"name\": \"both\", \"to\": \"s3\", \"s3\": false}");
            inbox.awaitFile(inbox.failed("both.json"), WITHIN);
        }
        assertThat(Inbox.folders(backups)).containsExactly("here");
        List<String> inBucket = s3.keys(bucket, "serve/").stream().map(o -> o.key()).filter(k -> k.endsWith("/manifest.json")).toList();
        assertThat(inBucket).hasSize(1).allMatch(k -> k.matches("serve/\\d{8}T\\d{6}Z/manifest.json"));
        assertThat(inbox.errorFile("both.json")).content().contains("disagree");
    }

    @Test
    void anEmptyFileInTheInboxMakesACompleteBackupLocallyAndTheSameBackupInTheBucket() {
        try (GraphVaultServer server = GraphVaultServer.start(config())) {
            inbox.drop("now", "");
            inbox.awaitFile(inbox.done("now"), WITHIN);
        }
        List<String> ids = Inbox.folders(backups);
        assertThat(ids).hasSize(1);
        String id = ids.get(0);
        assertThat(id).matches("\\d{8}T\\d{6}Z");
        assertThat(Inbox.manifest(backups, id).path("counts").path("nodes").asLong()).isEqualTo(214);
        Map<String, String> inBucket = s3.checksums(bucket, "serve/" + id + "/");
        assertThat(inBucket).containsKey("serve/" + id + "/manifest.json")
                .isEqualTo(S3Buckets.localChecksums(backups.resolve(id), "serve/" + id + "/"));
        assertThat(inbox.failed("now")).doesNotExist();
    }

    @Test
    void aTriggerWithAnUnknownFieldAnEscapingNameAKeyTwiceOrBrokenJsonIsRejectedAndNothingElseHappens() throws Exception {
        try (GraphVaultServer server = GraphVaultServer.start(config())) {
            inbox.drop("typo.json", "{\"nmae\": \"pre-migration\"}");
            inbox.drop("escape.json", "{\"name\": \"../outside\"}");
            inbox.drop("broken.json", "{\"name\": \"x\"");
            inbox.drop("restore-escape.json", "{\"action\": \"restore\", \"from\": \"../../etc\"}");
            // which one was meant? A reader keeping the last value makes a backup "weekly", the first unseen
            inbox.drop("twice.json", "{\"name\": \"../outside\", \"name\": \"weekly\"}");
            for (String f : List.of("typo.json", "escape.json", "broken.json", "restore-escape.json", "twice.json")) {
                inbox.awaitFile(inbox.failed(f), WITHIN);
            }
        }
        assertThat(Files.readString(inbox.errorFile("typo.json"))).contains("typo.json").contains("unknown field \"nmae\"");
        assertThat(Files.readString(inbox.errorFile("escape.json"))).contains("\"name\" '../outside' is not a backup name");
        assertThat(Files.readString(inbox.errorFile("broken.json"))).contains("broken.json is not valid JSON");
        assertThat(Files.readString(inbox.errorFile("restore-escape.json"))).contains("\"from\" '../../etc' is not a backup in");
        assertThat(Files.readString(inbox.errorFile("twice.json"))).contains("inbox file twice.json gives \"name\" twice");
        assertThat(Inbox.folders(backups)).isEmpty();
        assertThat(Files.exists(work.resolve("outside"))).isFalse();
        assertThat(s3.keys(bucket, "")).isEmpty();
        assertThat(inbox.dir().resolve(".done")).doesNotExist();
    }

    @Test
    void theSameTriggerDroppedTwiceMakesTwoBackupsAndLeavesTheInboxEmpty() throws Exception {
        try (GraphVaultServer server = GraphVaultServer.start(config())) {
            inbox.drop("now", "");
            inbox.awaitFile(inbox.done("now"), WITHIN);
            inbox.drop("now", "{\"name\": \"again\", \"s3\": false}");
            await().atMost(WITHIN).until(() -> Inbox.folders(backups).contains("again") && !Files.exists(inbox.dir().resolve("now")));
            await().atMost(WITHIN).until(() -> Files.readString(inbox.done("now")).contains("again"));
        }
        assertThat(Inbox.folders(backups)).hasSize(2);
        try (var left = Files.list(inbox.dir())) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly(".done");
        }
    }

    @Test
    void ordinaryCommandsLeaveTheInboxAlone() {
        inbox.drop("waiting", "");
        io.graphvault.testing.Cli.Result list = io.graphvault.testing.Cli.run(config(), "list");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(inbox.dir().resolve("waiting")).exists();
        assertThat(inbox.dir().resolve(".done")).doesNotExist();
        assertThat(Inbox.folders(backups)).isEmpty();
    }

    @Test
    void triggersDroppedTogetherWithAScheduleRunOneAfterTheOtherAndAllComplete() {
        Map<String, String> c = config();
        c.put("backup.interval", "1s");
        try (GraphVaultServer server = GraphVaultServer.start(c)) {
            inbox.drop("first.json", "{\"name\": \"first\", \"s3\": false}");
            inbox.drop("second.json", "{\"name\": \"second\", \"excludeProperties\": [\"embedding\"]}");
            inbox.awaitFile(inbox.done("first.json"), WITHIN);
            inbox.awaitFile(inbox.done("second.json"), WITHIN);
        }
        List<String> ids = Inbox.folders(backups);
        assertThat(ids).contains("first", "second").hasSizeGreaterThan(2);
        assertThat(s3.keys(bucket, "serve/first/")).isEmpty();
        assertThat(s3.keys(bucket, "serve/second/")).isNotEmpty();
        assertThat(Inbox.manifest(backups, "second").path("options").path("excludedProperties").toString()).contains("embedding");

        List<Instant[]> spans = new ArrayList<>();
        for (String id : ids) {
            JsonNode m = Inbox.manifest(backups, id);
            spans.add(new Instant[] {Instant.parse(m.path("startedAt").asText()), Instant.parse(m.path("finishedAt").asText())});
        }
        spans.sort((a, b) -> a[0].compareTo(b[0]));
        for (int i = 1; i < spans.size(); i++) {
            assertThat(spans.get(i)[0]).as("backup %d starts after the one before it finished", i)
                    .isAfterOrEqualTo(spans.get(i - 1)[1]);
        }
    }

    @Test
    void aRestoreTriggerReplaysABackupAndOneThatLeavesRelationshipsOutIsMovedAsideWithTheProblems() throws Exception {
        // a folder of the old Python script in which one relationship names a label it has no file for
        Path legacy = Files.createDirectories(backups.resolve("old-script"));
        Files.writeString(legacy.resolve("Memo_nodes.json"), "[{\"memo_id\": \"M-1\"}, {\"memo_id\": \"M-2\"}]");
        Files.writeString(legacy.resolve("relationships.json"), """
                [{"from_label": "Memo", "from_id": "M-1", "type": "SEE", "to_label": "Memo", "to_id": "M-2"},
                 {"from_label": "Memo", "from_id": "M-2", "type": "SEE", "to_label": "Note", "to_id": "N-9"}]""");
        Files.writeString(legacy.resolve("backup_summary.json"), "{\"total_nodes\": 2, \"total_relationships\": 2}");
        try (GraphVaultServer server = GraphVaultServer.start(config())) {
            inbox.drop("base.json", "{\"name\": \"base\", \"s3\": false}");
            inbox.awaitFile(inbox.done("base.json"), WITHIN);
            inbox.drop("replay.json", "{\"action\": \"restore\", \"from\": \"base\"}");
            inbox.awaitFile(inbox.done("replay.json"), WITHIN);
            inbox.drop("old.json", "{\"action\": \"restore\", \"from\": \"old-script\"}");
            inbox.awaitFile(inbox.failed("old.json"), WITHIN);
        }
        assertThat(inbox.failed("replay.json")).doesNotExist();
        try (org.neo4j.driver.Session s = TestServices.sourceDriver().session()) {
            assertThat(s.run("MATCH (n) WHERE NOT n:Memo RETURN count(n) AS c").single().get("c").asLong())
                    .as("the replay of base into its own database duplicates nothing").isEqualTo(214);
            assertThat(s.run("MATCH (:Memo)-[r:SEE]->(:Memo) RETURN count(r) AS c").single().get("c").asLong())
                    .as("what could be restored was").isEqualTo(1);
            s.run("MATCH (n:Memo) DETACH DELETE n").consume();
        }
        assertThat(Files.readString(inbox.errorFile("old.json"))).contains("old.json")
                .contains("finished with 1 problem(s)").contains("1 of 2 relationships").contains("could not be restored")
                .contains("Note").contains("N-9");
        assertThat(inbox.done("old.json")).doesNotExist();
    }

    @Test
    void aLinkOrAPipeInTheInboxIsMovedAsideUnreadAndItsTargetIsNeitherRunNorQuoted() throws Exception {
        Path outside = Files.createDirectories(work.resolve("elsewhere"));
        Path secret = Files.writeString(outside.resolve("secret.txt"), "TOPSECRET-token-abc123 and the rest of it\n");
        Path options = Files.writeString(outside.resolve("options.json"), "{\"name\": \"via-link\"}");
        Files.createDirectories(inbox.dir());
        try (GraphVaultServer server = GraphVaultServer.start(config())) {
            Files.createSymbolicLink(inbox.dir().resolve("secret-link"), secret);
            Files.createSymbolicLink(inbox.dir().resolve("json-link.json"), options);
            Process mkfifo = new ProcessBuilder("mkfifo", inbox.dir().resolve("pipe").toString()).start();
            assertThat(mkfifo.waitFor()).isZero();
            inbox.drop("text.txt", "TOPSECRET-token-abc123 is not a trigger");
            for (String f : List.of("secret-link", "json-link.json", "pipe")) {
                await().atMost(WITHIN).until(() -> Files.exists(inbox.errorFile(f))
                        && Files.exists(inbox.failed(f), java.nio.file.LinkOption.NOFOLLOW_LINKS));
            }
            inbox.awaitFile(inbox.errorFile("text.txt"), WITHIN);
        }
        for (String link : List.of("secret-link", "json-link.json")) {
            assertThat(Files.isSymbolicLink(inbox.failed(link))).as(link + " moved as a link, not copied").isTrue();
            assertThat(Files.readString(inbox.errorFile(link))).contains(link + " is a symbolic link").doesNotContain("TOPSECRET");
        }
        assertThat(Files.readString(inbox.errorFile("pipe"))).contains("pipe is not a regular file");
        assertThat(Files.readString(secret)).as("the target is untouched").startsWith("TOPSECRET-token-abc123");
        assertThat(options).exists();
        assertThat(Inbox.folders(backups)).as("no backup ran from a link").isEmpty();
        // the trigger's own text may be quoted, a few characters of it and no more
        assertThat(Files.readString(inbox.errorFile("text.txt"))).contains("text.txt is not valid JSON")
                .doesNotContain("TOPSECRET-token-abc123");
        assertThat(inbox.dir().resolve(".done")).doesNotExist();
    }
}
