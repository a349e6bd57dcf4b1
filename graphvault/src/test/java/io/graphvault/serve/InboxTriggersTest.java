package io.graphvault.serve;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphvault.backup.BackupRequest;
import io.graphvault.backup.BackupTarget;
import io.graphvault.internal.GraphVaultException;
import io.graphvault.restore.RestoreRequest;
import io.graphvault.storage.s3.S3Settings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.camel.component.jackson.JacksonDataFormat;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
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
    private static final ServeDefaults LOCAL = new ServeDefaults(List.of("embedding"), 5_000, BackupTarget.LOCAL, 0);
    private static final ServeDefaults BOTH = new ServeDefaults(List.of("embedding"), 5_000, BackupTarget.BOTH, 0);

    @TempDir
    Path root;

    private Path backups;
    private Path inbox;

    @BeforeEach
    void folders() throws IOException {
        backups = Files.createDirectories(root.resolve("backups"));
        inbox = Files.createDirectories(root.resolve("inbox"));
    }

    /** What the inbox route does with a file: read it, bind it with the route's data format, make the job. */
    private Job read(S3Settings s3, String name, String content) throws Exception {
        Path file = Files.writeString(inbox.resolve(name), content);
        InboxTriggers triggers = new InboxTriggers(s3 == S3 ? BOTH : LOCAL, s3, backups, inbox);
        String text = triggers.read(name, file.toString());
        Trigger trigger;
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            JacksonDataFormat format = Trigger.format();
            format.setCamelContext(camel);
            format.start();
            trigger = (Trigger) format.unmarshal(new DefaultExchange(camel), new ByteArrayInputStream(text.getBytes(UTF_8)));
        } catch (Exception e) {
            GraphVaultException refused = InboxTriggers.refusal(name, text, e);
            throw refused != null ? refused : e;
        }
        return triggers.job(name, trigger);
    }

    private String rejection(String name, String content) {
        return assertThatThrownBy(() -> read(NO_S3, name, content)).isInstanceOf(GraphVaultException.class)
                .actual().getMessage();
    }

    @Test
    void anEmptyFileIsABackupWithTheDefaultsReplicatedWhenS3IsSet() throws Exception {
        assertThat(read(NO_S3, "now", "")).isEqualTo(new Job.Backup(new BackupRequest(null, false, List.of("embedding"), 5_000)));
        assertThat(read(S3, "now-too", " \n")).isEqualTo(new Job.Backup(new BackupRequest(null, true, List.of("embedding"), 5_000)));
    }

    @Test
    void aJsonTriggerSetsNameS3ExcludedPropertiesAndBatchSize() throws Exception {
        Job request = read(S3, "pre.json",
                "{\"name\": \"pre-migration\", \"s3\": false, \"excludeProperties\": [\"vector\", \"notes\"], \"batchSize\": 500}");

        assertThat(request).isEqualTo(new Job.Backup(new BackupRequest("pre-migration", false, List.of("vector", "notes"), 500)));
    }

    @Test
    void aTriggerAsksForAnIncrementalOrAFullBackup() throws Exception {
        assertThat(read(NO_S3, "inc.json", "{\"incremental\": true}")).isEqualTo(new Job.Backup(
                new BackupRequest(null, BackupTarget.LOCAL, List.of("embedding"), 5_000, true, 0)));
        assertThat(read(NO_S3, "full.json", "{\"incremental\": false}")).isEqualTo(new Job.Backup(
                new BackupRequest(null, BackupTarget.LOCAL, List.of("embedding"), 5_000, false, 0)));
    }

    @Test
    void aRestoreTriggerNamesABackupInTheBackupFolderOrInS3() throws Exception {
        Path backup = Files.createDirectories(backups.resolve("20261126T020000Z"));

        Job local = read(NO_S3, "r.json", "{\"action\": \"restore\", \"from\": \"20261126T020000Z\"}");
        Job offsite = read(NO_S3, "s.json", "{\"action\": \"restore\", \"from\": \"s3://b1b/graphvault/20261126T020000Z\"}");

        assertThat(local).isEqualTo(new Job.Restore(RestoreRequest.of(backup.toAbsolutePath().normalize().toString())));
        assertThat(offsite).isEqualTo(new Job.Restore(RestoreRequest.of("s3://b1b/graphvault/20261126T020000Z")));
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
        assertThat(rejection("field.json", "{\"action\": \"restore\", \"from\": \"x\", \"to\": \"s3\"}"))
                .isEqualTo("inbox file field.json, line 1, column 36: a restore does not take \"to\"; it takes action, from");
    }

    @Test
    void badBackupOptionsAreRejectedNamingFileAndField() {
        assertThat(rejection("a.json", "{\"name\": \"pre-migration\", \"when\": \"now\"}"))
                .isEqualTo("inbox file a.json, line 1, column 27: unknown field \"when\"; a backup takes action, batchSize,"
                        + " excludeProperties, incremental, name, s3, to; a restore takes action, from");
        assertThat(rejection("b.json", "{\"name\": \"../etc\"}"))
                .startsWith("inbox file b.json, line 1, column 2: \"name\" '../etc' is not a backup name");
        assertThat(rejection("c.json", "{\"s3\": \"yes\"}")).isEqualTo("inbox file c.json, line 1, column 2: \"s3\" must be true or false");
        assertThat(rejection("d.json", "{\"s3\": true}")).isEqualTo("inbox file d.json asks for a backup to both but S3_BUCKET is not set");
        assertThat(rejection("e.json", "{\"excludeProperties\": \"embedding\"}"))
                .isEqualTo("inbox file e.json, line 1, column 2: \"excludeProperties\" must be a list of property keys");
        assertThat(rejection("f.json", "{\"excludeProperties\": [\"\"]}"))
                .isEqualTo("inbox file f.json, line 1, column 2: \"excludeProperties\" holds \"\", not a property key");
        for (String batch : new String[] {"0", "-3"}) {
            assertThat(rejection("g.json", "{\"batchSize\": " + batch + "}")).as(batch)
                    .isEqualTo("inbox file g.json, line 1, column 2: \"batchSize\" must be a positive whole number, not " + batch);
        }
        for (String batch : new String[] {"1.5", "\"10\"", "9999999999"}) {
            assertThat(rejection("g.json", "{\"batchSize\": " + batch + "}")).as(batch)
                    .startsWith("inbox file g.json, line 1, column 2: \"batchSize\" must be a positive whole number");
        }
        assertThat(rejection("h.json", "{\"action\": \"delete-everything\"}"))
                .isEqualTo("inbox file h.json, line 1, column 2: \"action\" must be \"backup\" or \"restore\","
                        + " not \"delete-everythin…\"");
    }

    @Test
    void anUnknownFieldIsRefusedNamingTheFileTheFieldAndItsLine() {
        assertThat(rejection("nightly.json", "{\n  \"name\": \"nightly\",\n  \"increment\": true\n}"))
                .isEqualTo("inbox file nightly.json, line 3, column 3: unknown field \"increment\"; a backup takes action,"
                        + " batchSize, excludeProperties, incremental, name, s3, to; a restore takes action, from");
    }

    @Test
    void aValueOfTheWrongTypeIsRefusedNamingTheFileTheFieldItsLineAndWhatItTakes() {
        assertThat(rejection("typed.json", "{\n  \"name\": \"typed\",\n  \"batchSize\": 2.5\n}"))
                .isEqualTo("inbox file typed.json, line 3, column 3: \"batchSize\" must be a positive whole number, not 2.5");
        assertThat(rejection("listed.json", "{\n  \"excludeProperties\": [\"vector\", 7]\n}"))
                .isEqualTo("inbox file listed.json, line 2, column 3: \"excludeProperties\" must be a list of property keys,"
                        + " not 7");
        assertThat(rejection("named.json", "{\"name\": true}"))
                .isEqualTo("inbox file named.json, line 1, column 2: \"name\" must be a backup name such as"
                        + " \"pre-migration\", not true");
    }

    @Test
    void aFileThatIsNotAJsonObjectIsRejectedQuotingNoMoreThan16Characters() {
        String secretish = "password=hunter2-and-much-more-text";

        assertThat(rejection("notes.txt", secretish))
                .startsWith("inbox file notes.txt is not valid JSON (line 1, column ")
                .endsWith("; it starts 'password=hunter2…')")
                .doesNotContain("much-more");
        assertThat(rejection("list.json", "[\"pre-migration\"]"))
                .isEqualTo("inbox file list.json must hold one JSON object such as {\"name\": \"pre-migration\"}, or nothing"
                        + " (line 1, column 1)");
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
