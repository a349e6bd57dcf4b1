package io.graphvault.storage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.graphvault.app.GraphVaultServer;
import io.graphvault.format.BackupJson;
import io.graphvault.storage.lock.JobLock;
import io.graphvault.testing.Cli;
import io.graphvault.testing.EmptyBucket;
import io.graphvault.testing.GraphVaultTest;
import io.graphvault.testing.GraphVaultTest.Holds;
import io.graphvault.testing.Inbox;
import io.graphvault.testing.LockHolder;
import io.graphvault.testing.S3Buckets;
import io.graphvault.testing.TestServices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code prune} on real backups of the sample graph whose manifests were given crafted start times:
 * three nights in one week, one a week before, one two weeks before, and a partial folder.
 */
@GraphVaultTest(source = Holds.SAMPLE_GRAPH)
class PruneIT {

    /** Backup id → start time, newest first. */
    private static final Map<String, String> DATES = new LinkedHashMap<>();

    static {
        DATES.put("thu26", "2026-11-26T02:00:00Z");
        DATES.put("wed25pm", "2026-11-25T14:00:00Z");
        DATES.put("wed25am", "2026-11-25T02:00:00Z");
        DATES.put("fri20", "2026-11-20T02:00:00Z");
        DATES.put("fri13", "2026-11-13T02:00:00Z");
    }

    @TempDir
    static Path template;

    @TempDir
    Path backups;

    private S3Buckets s3;
    @EmptyBucket
    private String bucket;

    @BeforeAll
    static void backupsOfCraftedDates() throws IOException {
        for (var e : DATES.entrySet()) {
            Cli.Result r = Cli.run(TestServices.config(TestServices.source(), template), "backup", "--name", e.getKey());
            assertThat(r.exitCode()).as(r.toString()).isZero();
            Path manifest = template.resolve(e.getKey()).resolve("manifest.json");
            ObjectNode json = (ObjectNode) BackupJson.MAPPER.readTree(manifest.toFile());
            json.put("startedAt", e.getValue());
            BackupJson.MAPPER.writeValue(manifest.toFile(), json);
        }
    }

    @BeforeEach
    void copyOfTheBackupsAndAPartialOne() throws IOException {
        try (Stream<Path> walk = Files.walk(template)) {
            for (Path p : walk.toList()) {
                Path to = backups.resolve(template.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else if (!p.getFileName().toString().equals(JobLock.FILE_NAME)) {
                    Files.copy(p, to);
                }
            }
        }
        Files.createDirectories(backups.resolve(".sat28.partial"));
        Files.writeString(backups.resolve(".sat28.partial/nodes-000001.jsonl"), "{}\n");
    }

    private Map<String, String> config() {
        Map<String, String> c = new HashMap<>(TestServices.config(TestServices.source(), backups));
        c.putAll(s3.config(bucket, "team/graphvault"));
        return c;
    }

    private Set<String> folders() throws IOException {
        try (Stream<Path> list = Files.list(backups)) {
            return list.filter(Files::isDirectory).map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private Set<String> inBucket() {
        return s3.keys(bucket, "team/graphvault/").stream().filter(o -> o.key().endsWith("/manifest.json"))
                .map(o -> o.key().split("/")[2]).collect(Collectors.toCollection(TreeSet::new));
    }

    private static final String EXPECTED = """
            keep   thu26                        daily, weekly, newest
            keep   wed25pm                      daily
            remove wed25am
            keep   fri20                        weekly
            remove fri13
            """;

    @Test
    void aDryRunListsEveryBackupWithTheRulesThatKeepItAndRemovesNothing() throws IOException {
        Cli.Result r = Cli.run(config(), "prune", "--keep-daily", "2", "--keep-weekly", "2", "--dry-run");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith(EXPECTED).contains("would remove 2 of 5 backups (dry run: nothing was removed)");
        assertThat(folders()).containsExactlyInAnyOrder("thu26", "wed25pm", "wed25am", "fri20", "fri13", ".sat28.partial");
    }

    @Test
    void pruneRemovesExactlyTheBackupsNoRuleKeepsAndLeavesThePartialFolderAlone() throws IOException {
        Cli.Result r = Cli.run(config(), "prune", "--keep-daily", "2", "--keep-weekly", "2");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith(EXPECTED).contains("removed 2 of 5 backups");
        assertThat(folders()).containsExactlyInAnyOrder("thu26", "wed25pm", "fri20", ".sat28.partial");
        assertThat(backups.resolve(".sat28.partial/nodes-000001.jsonl")).hasContent("{}");
        Cli.Result list = Cli.run(config(), "list");
        assertThat(list.out()).contains("thu26", "wed25pm", "fri20").doesNotContain("wed25am", "fri13");
    }

    @Test
    void whenNoKeptBackupVerifiesTheNewestOneThatDoesIsKeptAndSaysSo() throws IOException {
        for (String broken : List.of("thu26", "wed25pm", "fri20")) {
            Path dir = backups.resolve(broken);
            String first = BackupJson.MAPPER.readTree(dir.resolve("manifest.json").toFile()).get("files").get(0).get("path").asText();
            Files.write(dir.resolve(first), new byte[] {'x'}, StandardOpenOption.APPEND);
        }

        Cli.Result r = Cli.run(config(), "prune", "--keep-daily", "2", "--keep-weekly", "2");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("keep   wed25am                      newest that verifies")
                .contains("remove fri13").contains("removed 1 of 5 backups");
        assertThat(folders()).containsExactlyInAnyOrder("thu26", "wed25pm", "wed25am", "fri20", ".sat28.partial");
    }

    @Test
    void withoutAnyKeepRulePruneIsAUsageErrorAndRemovesNothing() throws IOException {
        Cli.Result r = Cli.run(config(), "prune", "--dry-run");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("give at least one --keep-* rule");
        assertThat(folders()).hasSize(6);
    }

    @Test
    void pruneWithS3AppliesTheSameRulesInTheBucketAndLeavesTheLocalFolderAlone() throws IOException {
        Cli.Result replicate = Cli.run(config(), "replicate");
        assertThat(replicate.exitCode()).as(replicate.toString()).isZero();
        assertThat(inBucket()).containsExactlyInAnyOrder("thu26", "wed25pm", "wed25am", "fri20", "fri13");

        Cli.Result dry = Cli.run(config(), "prune", "--s3", "--keep-daily", "2", "--keep-weekly", "2", "--dry-run");
        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(dry.out()).startsWith(EXPECTED);
        assertThat(inBucket()).hasSize(5);

        Cli.Result r = Cli.run(config(), "prune", "--s3", "--keep-daily", "2", "--keep-weekly", "2");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith(EXPECTED);
        assertThat(inBucket()).containsExactlyInAnyOrder("thu26", "wed25pm", "fri20");
        assertThat(s3.keys(bucket, "team/graphvault/wed25am/")).as("every object of a pruned backup").isEmpty();
        assertThat(folders()).hasSize(6);
    }

    @Test
    void serveAppliesTheKeepDailyAndKeepWeeklySettingsAfterEachBackup() {
        Inbox inbox = new Inbox(backups.resolveSibling(backups.getFileName() + "-inbox"));
        Map<String, String> c = TestServices.serveConfig(backups, inbox.dir(), 0);
        c.put("backup.keep-daily", "2");
        c.put("backup.keep-weekly", "2");

        try (GraphVaultServer server = GraphVaultServer.start(c)) {
            inbox.drop("fresh.json", "{\"name\": \"fresh\"}");
            inbox.awaitFile(inbox.done("fresh.json"), Duration.ofSeconds(60));
        }

        // fresh is today (a later day and week than every crafted one): it and thu26 fill both rules
        assertThat(Inbox.folders(backups)).containsExactlyInAnyOrder("fresh", "thu26", ".sat28.partial");
    }

    @Test
    void pruneDoesNotRunWhileAnotherJobHoldsTheBackupFolderButItsDryRunDoes() throws Exception {
        Map<String, String> c = config();
        c.put("backup.lock-timeout", "0");
        try (LockHolder holder = LockHolder.hold(backups, "backup by serve")) {
            Cli.Result r = Cli.run(c, "prune", "--keep-last", "1");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.err()).contains("prune did not start").contains("backup by serve");

            Cli.Result dry = Cli.run(c, "prune", "--keep-last", "1", "--dry-run");
            assertThat(dry.exitCode()).as(dry.toString()).isZero();
            assertThat(dry.out()).contains("would remove 4 of 5 backups");
        }
        assertThat(folders()).hasSize(6);
    }
}
