package io.graphvault.serve;

import io.graphvault.backup.BackupRequest;
import io.graphvault.backup.BackupTarget;
import io.graphvault.internal.GraphVaultException;
import io.graphvault.restore.RestoreRequest;
import io.graphvault.storage.s3.S3Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a file dropped into BACKUP_INBOX asks for, read without Camel: the trigger's own parsing,
 * on real files in a real inbox folder. (ServeInboxIT runs the inbox route end to end.)
 */
class InboxTriggersTest {

    private static final S3Settings NO_S3 = new S3Settings("", "", "", "", false, 0, "", "", "", "", "");
    private static final S3Settings S3 = new S3Settings("graphvault-backups", "graphvault", "us-east-1", "", false, 0, "", "",
            "", "", "");
    // BACKUP_TO unset: serve's configuration resolves it to both when S3_BUCKET is set, else local
    private static final ServeDefaults LOCAL = new ServeDefaults(List.of("embedding"), 5_000, BackupTarget.LOCAL);
    private static final ServeDefaults BOTH = new ServeDefaults(List.of("embedding"), 5_000, BackupTarget.BOTH);

    @TempDir
    Path root;

    private Path backups;
    private Path inbox;

    @BeforeEach
    void folders() throws IOException {
        backups = Files.createDirectories(root.resolve("backups"));
        inbox = Files.createDirectories(root.resolve("inbox"));
    }

    private Object read(S3Settings s3, String name, String content) throws IOException {
        Path file = Files.writeString(inbox.resolve(name), content);
        return new InboxTriggers(s3 == S3 ? BOTH : LOCAL, s3, backups, inbox).read(name, file.toString());
    }

    private String rejection(String name, String content) {
        return assertThatThrownBy(() -> read(NO_S3, name, content)).isInstanceOf(GraphVaultException.class)
                .actual().getMessage();
    }

    @Test
    void anEmptyFileIsABackupWithTheDefaultsReplicatedWhenS3IsSet() throws IOException {
        assertThat(read(NO_S3, "now", "")).isEqualTo(new BackupRequest(null, false, List.of("embedding"), 5_000));
        assertThat(read(S3, "now-too", " \n")).isEqualTo(new BackupRequest(null, true, List.of("embedding"), 5_000));
    }

    @Test
    void aJsonTriggerSetsNameS3ExcludedPropertiesAndBatchSize() throws IOException {
        Object request = read(S3, "pre.json",
                "{\"name\": \"pre-migration\", \"s3\": false, \"excludeProperties\": [\"vector\", \"notes\"], \"batchSize\": 500}");

        assertThat(request).isEqualTo(new BackupRequest("pre-migration", false, List.of("vector", "notes"), 500));
    }

    @Test
    void aRestoreTriggerNamesABackupInTheBackupFolderOrInS3() throws IOException {
        Path backup = Files.createDirectories(backups.resolve("20261126T020000Z"));

        Object local = read(NO_S3, "r.json", "{\"action\": \"restore\", \"from\": \"20261126T020000Z\"}");
        Object offsite = read(NO_S3, "s.json", "{\"action\": \"restore\", \"from\": \"s3://b1b/graphvault/20261126T020000Z\"}");

        assertThat(local).isInstanceOf(RestoreRequest.class).extracting(r -> ((RestoreRequest) r).from())
                .isEqualTo(backup.toAbsolutePath().normalize().toString());
        assertThat(offsite).isInstanceOf(RestoreRequest.class).extracting(r -> ((RestoreRequest) r).from())
                .isEqualTo("s3://b1b/graphvault/20261126T020000Z");
    }

    @Test
    void aRestoreFromOutsideTheBackupFolderOrOfNothingIsRejected() throws IOException {
        Files.createDirectories(root.resolve("elsewhere"));

        assertThat(rejection("out.json", "{\"action\": \"restore\", \"from\": \"../elsewhere\"}"))
                .startsWith("inbox file out.json: \"from\" '../elsewhere' is not a backup in " + backups.toAbsolutePath());
        assertThat(rejection("none.json", "{\"action\": \"restore\", \"from\": \"never-taken\"}"))
                .contains("'never-taken' is not a backup in");
        assertThat(rejection("nofrom.json", "{\"action\": \"restore\"}"))
                .isEqualTo("inbox file nofrom.json: a restore needs \"from\": a backup id in BACKUP_DIR or s3://bucket/prefix/ID");
        assertThat(rejection("field.json", "{\"action\": \"restore\", \"from\": \"x\", \"clearFirst\": true}"))
                .isEqualTo("inbox file field.json: unknown field \"clearFirst\"; allowed: action, from");
    }

    @Test
    void badBackupOptionsAreRejectedNamingFileAndField() {
        assertThat(rejection("a.json", "{\"name\": \"pre-migration\", \"when\": \"now\"}"))
                .isEqualTo("inbox file a.json: unknown field \"when\"; allowed: action, batchSize, excludeProperties, name, s3, to");
        assertThat(rejection("b.json", "{\"name\": \"../etc\"}")).startsWith("inbox file b.json: \"name\" '../etc' is not a backup name");
        assertThat(rejection("c.json", "{\"s3\": \"yes\"}")).isEqualTo("inbox file c.json: \"s3\" must be true or false, not \"yes\"");
        assertThat(rejection("d.json", "{\"s3\": true}")).isEqualTo("inbox file d.json asks for a backup to both but S3_BUCKET is not set");
        assertThat(rejection("e.json", "{\"excludeProperties\": \"embedding\"}"))
                .isEqualTo("inbox file e.json: \"excludeProperties\" must be a list of property keys");
        assertThat(rejection("f.json", "{\"excludeProperties\": [\"\"]}"))
                .isEqualTo("inbox file f.json: \"excludeProperties\" holds \"\", not a property key");
        for (String batch : new String[] {"0", "-3", "1.5", "\"10\"", "9999999999"}) {
            assertThat(rejection("g.json", "{\"batchSize\": " + batch + "}")).as(batch)
                    .startsWith("inbox file g.json: \"batchSize\" must be a positive whole number, not ");
        }
        assertThat(rejection("h.json", "{\"action\": \"delete-everything\"}"))
                .isEqualTo("inbox file h.json: \"action\" is 'delete-everythin…': use \"backup\" or \"restore\"");
    }

    @Test
    void aFileThatIsNotAJsonObjectIsRejectedQuotingNoMoreThan16Characters() {
        String secretish = "password=hunter2-and-much-more-text";

        assertThat(rejection("notes.txt", secretish))
                .startsWith("inbox file notes.txt is not valid JSON (line 1, column ")
                .endsWith("; it starts 'password=hunter2…')")
                .doesNotContain("much-more");
        assertThat(rejection("list.json", "[\"pre-migration\"]"))
                .isEqualTo("inbox file list.json must hold a JSON object such as {\"name\": \"pre-migration\"}, or nothing");
    }

    @Test
    void aSymbolicLinkOrAnOversizedFileIsRefusedUnread() throws IOException {
        Path target = Files.writeString(root.resolve("target.json"), "{\"name\": \"from-the-link\"}");
        Files.createSymbolicLink(inbox.resolve("link.json"), target);
        InboxTriggers triggers = new InboxTriggers(LOCAL, NO_S3, backups, inbox);

        assertThatThrownBy(() -> triggers.read("link.json", inbox.resolve("link.json").toString()))
                .hasMessageStartingWith("inbox file link.json is a symbolic link").hasMessageNotContaining("from-the-link");
        assertThat(rejection("big.json", " ".repeat(64 * 1024 + 1)))
                .isEqualTo("inbox file big.json is 65537 bytes: a trigger is empty or a small JSON object");
    }
}
