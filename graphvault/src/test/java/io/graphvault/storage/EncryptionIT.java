package io.graphvault.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.graphvault.app.GraphVaultServer;
import io.graphvault.compare.GraphSnapshot;
import io.graphvault.format.BackupCipher;
import io.graphvault.format.BackupJson;
import io.graphvault.internal.Sha256;
import io.graphvault.testing.Cli;
import io.graphvault.testing.GraphVaultProcess;
import io.graphvault.testing.GraphVaultTest;
import io.graphvault.testing.GraphVaultTest.Holds;
import io.graphvault.testing.Inbox;
import io.graphvault.testing.S3Buckets;
import io.graphvault.testing.TestServices;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client-side encryption end to end, on the harness's Neo4j and s3proxy: what is stored, what
 * works without the key (verify, list), what refuses without it (restore, dry run, verify
 * --against-db) and that such a refusal, a wrong key or a changed byte writes nothing.
 */
@GraphVaultTest(source = Holds.SAMPLE_GRAPH)
class EncryptionIT {

    static final String KEY_A = key(1);
    static final String KEY_B = key(2);
    /** A value of the sample graph that must appear in no stored file. */
    static final String KNOWN_VALUE = "Management of Type 2 Diabetes Mellitus";

    @TempDir
    static Path backups;
    static GraphSnapshot source;
    static long nodes;
    static long relationships;
    static String keyIdA;

    private S3Buckets s3;

    static String key(long seed) {
        byte[] b = new byte[32];
        new Random(seed).nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    static Map<String, String> config(Path dir, String key, String oldKeys) {
        Map<String, String> c = new HashMap<>(TestServices.config(TestServices.target(), dir));
        c.put("backup.encryption-key", key);
        c.put("backup.decryption-keys", oldKeys);
        return c;
    }

    static Map<String, String> sourceConfig(Path dir, String key) {
        Map<String, String> c = new HashMap<>(TestServices.config(TestServices.source(), dir));
        c.put("backup.encryption-key", key);
        return c;
    }

    static Cli.Result ok(Cli.Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }

    @BeforeAll
    static void backUpTheClinicalGraphEncryptedAndPlain() throws IOException {
        source = GraphSnapshot.take(TestServices.sourceDriver(), "neo4j");
        try (Session s = TestServices.sourceDriver().session()) {
            nodes = s.run("MATCH (n) RETURN count(n)").single().get(0).asLong();
            relationships = s.run("MATCH ()-[r]->() RETURN count(r)").single().get(0).asLong();
        }
        ok(Cli.run(sourceConfig(backups, KEY_A), "backup", "--name", "enc", "--batch-size", "50"));
        ok(Cli.run(sourceConfig(backups, ""), "backup", "--name", "plain"));
        keyIdA = manifest(backups.resolve("enc")).path("encryption").path("keyId").asText();
    }

    @BeforeEach
    void targetHoldsOnlyACanary() {
        try (Session s = target().session()) {
            s.run("CREATE (:Canary {name: 'keep'})").consume();
        }
    }

    private static Driver target() {
        return TestServices.targetDriver();
    }

    static JsonNode manifest(Path backup) throws IOException {
        return BackupJson.MAPPER.readTree(backup.resolve("manifest.json").toFile());
    }

    static List<Path> storedFiles(Path backup) throws IOException {
        try (Stream<Path> s = Files.walk(backup)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals("manifest.json")).sorted().toList();
        }
    }

    private static void assertNothingWritten() {
        try (Session s = target().session()) {
            assertThat(s.run("MATCH (n) RETURN count(n)").single().get(0).asLong()).as("nodes in the target").isEqualTo(1);
            assertThat(s.run("MATCH (n:Canary {name: 'keep'}) RETURN count(n)").single().get(0).asLong()).as("canary").isEqualTo(1);
            assertThat(s.run("SHOW CONSTRAINTS YIELD name RETURN name").list()).as("constraints").isEmpty();
        }
    }

    private static void assertRestoredEqualsSource() {
        try (Session s = target().session()) {
            s.run("MATCH (n:Canary) DELETE n").consume();
        }
        assertThat(GraphSnapshot.take(target(), "neo4j").differences(source, 10)).isEmpty();
    }

    /** A copy of the encrypted backup to damage. */
    private static Path copyOfEnc(String name) throws IOException {
        Path copy = Files.createDirectories(backups.resolveSibling(backups.getFileName() + "-" + name)).resolve("enc");
        try (Stream<Path> s = Files.walk(backups.resolve("enc"))) {
            for (Path p : s.sorted().toList()) {
                Files.copy(p, copy.resolve(backups.resolve("enc").relativize(p).toString()));
            }
        }
        return copy;
    }

    /** What an attacker who also rewrites the manifest does: the entry of {@code path} matches the file again. */
    private static void rewriteManifestEntry(Path backup, String path) throws IOException {
        ObjectNode m = (ObjectNode) manifest(backup);
        byte[] stored = Files.readAllBytes(backup.resolve(path));
        for (JsonNode f : m.path("files")) {
            if (f.path("path").asText().equals(path)) {
                ((ObjectNode) f).put("sha256", Sha256.hex(stored)).put("bytes", stored.length);
            }
        }
        BackupJson.MAPPER.writeValue(backup.resolve("manifest.json").toFile(), m);
    }

    @Test
    void theStoredFilesHoldNoPlaintextNorGzipAndTheManifestNamesTheAlgorithmAndKeyIdButNotTheKey() throws IOException {
        Path enc = backups.resolve("enc");
        JsonNode m = manifest(enc);
        assertThat(m.path("format").asText()).isEqualTo("graphvault/1-encrypted");
        assertThat(m.path("encryption").path("algorithm").asText()).isEqualTo("AES256_GCM_HKDF_1MB");
        assertThat(keyIdA).matches("[0-9a-f]{16}");
        String manifestText = Files.readString(enc.resolve("manifest.json"));
        assertThat(manifestText).doesNotContain(KEY_A).contains("\"Guideline\"");
        assertThat(m.path("counts").path("nodes").asLong()).isEqualTo(nodes).isPositive();

        List<Path> files = storedFiles(enc);
        assertThat(files).hasSizeGreaterThan(4).allMatch(p -> p.toString().endsWith(".enc"));
        assertThat(files).anyMatch(p -> p.getFileName().toString().equals("schema.json.enc"));
        for (Path f : files) {
            byte[] bytes = Files.readAllBytes(f);
            String latin = new String(bytes, StandardCharsets.ISO_8859_1);
            assertThat(latin).as(f.toString()).doesNotContain(KNOWN_VALUE).doesNotContain("CPG-DM-2023").doesNotContain("guideline_id");
            assertThat(bytes[0] == (byte) 0x1f && bytes[1] == (byte) 0x8b).as(f + " starts with the gzip magic").isFalse();
        }
        for (JsonNode f : m.path("files")) {
            byte[] stored = Files.readAllBytes(enc.resolve(f.path("path").asText()));
            assertThat(f.path("sha256").asText()).as("the manifest's SHA-256 is that of the stored bytes").isEqualTo(Sha256.hex(stored));
            assertThat(f.path("bytes").asLong()).isEqualTo(stored.length);
        }
        assertThat(Files.readString(backups.resolve("plain/schema.json"))).as("a plain backup stays plain").contains("guideline_id");
    }

    @Test
    void verifyAndListWorkWithoutAnyKeyAndSayWhichKeyTheBackupNeeds() {
        Cli.Result verify = ok(Cli.run(config(backups, "", ""), "verify", "--from", "enc"));
        assertThat(verify.out()).contains("every SHA-256 matches").contains("encrypted with key " + keyIdA)
                .contains((nodes + relationships) + " records (the manifest's count) were not read");
        Cli.Result list = ok(Cli.run(config(backups, "", ""), "list"));
        assertThat(list.out()).containsPattern("enc .* " + nodes + " +" + relationships + " +\\S+ +" + keyIdA)
                .containsPattern("plain .* " + nodes + " +" + relationships + " +\\S+ +-");
        Cli.Result withKey = ok(Cli.run(config(backups, KEY_A, ""), "verify", "--from", "enc"));
        assertThat(withKey.out()).contains("is intact: ").contains((nodes + relationships) + " records").contains("encrypted with key " + keyIdA);
    }

    @Test
    void withTheKeyARestoreReproducesTheSourceGraphAndVerifyAgainstTheDatabaseAgrees() {
        try (Session s = target().session()) {
            s.run("MATCH (n:Canary) DELETE n").consume();
        }
        Cli.Result r = ok(Cli.run(config(backups, KEY_A, ""), "restore", "--from", "enc"));
        assertThat(r.out()).contains(nodes + " in backup, " + nodes + " written");
        assertThat(GraphSnapshot.take(target(), "neo4j").differences(source, 10)).isEmpty();
        ok(Cli.run(config(backups, KEY_A, ""), "verify", "--from", "enc", "--against-db"));
    }

    @Test
    void withoutTheKeyRestoreDryRunClearFirstAndVerifyAgainstTheDatabaseRefuseNamingTheKeyAndWriteNothing() {
        for (List<String> args : List.of(List.of("restore", "--from", "enc"), List.of("restore", "--from", "enc", "--dry-run"),
                List.of("restore", "--from", "enc", "--clear-first", "--yes"), List.of("verify", "--from", "enc", "--against-db"))) {
            Cli.Result r = Cli.run(config(backups, "", ""), args.toArray(String[]::new));
            assertThat(r.exitCode()).as(args + "\n" + r).isEqualTo(1);
            assertThat(r.err()).as(args.toString()).contains("is encrypted with key " + keyIdA)
                    .contains("set BACKUP_ENCRYPTION_KEY").contains("BACKUP_DECRYPTION_KEYS").contains("keys set here: none");
            assertNothingWritten();
        }
    }

    @Test
    void aWrongKeyIsRefusedNamingTheKeyNeededAndAManifestForgedToNameItFailsInTheVerifyPassNamingTheFile() throws IOException {
        Cli.Result r = Cli.run(config(backups, KEY_B, ""), "restore", "--from", "enc");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("is encrypted with key " + keyIdA);
        assertNothingWritten();

        Path forged = copyOfEnc("forged-key");
        ok(Cli.run(sourceConfig(forged.getParent(), KEY_B), "backup", "--name", "b"));
        String keyIdB = manifest(forged.resolveSibling("b")).path("encryption").path("keyId").asText();
        assertThat(keyIdB).isNotEqualTo(keyIdA);
        ObjectNode m = (ObjectNode) manifest(forged);
        ((ObjectNode) m.path("encryption")).put("keyId", keyIdB);
        BackupJson.MAPPER.writeValue(forged.resolve("manifest.json").toFile(), m);
        Cli.Result wrong = Cli.run(config(forged.getParent(), KEY_B, ""), "restore", "--from", forged.toString());
        assertThat(wrong.exitCode()).as(wrong.toString()).isEqualTo(1);
        assertThat(wrong.err()).contains("is authenticated with key " + keyIdA + " (HMAC-SHA256), which is not set here");
        Cli.Result allowed = Cli.run(config(forged.getParent(), KEY_B, ""), "restore", "--from", forged.toString(),
                "--allow-unauthenticated");
        assertThat(allowed.exitCode()).as(allowed.toString()).isEqualTo(1);
        assertThat(allowed.err()).contains("nodes/000001.jsonl.gz.enc does not decrypt with key " + keyIdB);
        assertNothingWritten();
    }

    @Test
    void aChangedByteUnderARewrittenManifestFailsTheVerifyPassNamingTheFileBeforeAnyWrite() throws IOException {
        Path tampered = copyOfEnc("tampered");
        Path file = tampered.resolve("nodes/000002.jsonl.gz.enc");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(file, bytes);
        rewriteManifestEntry(tampered, "nodes/000002.jsonl.gz.enc");
        assertThat(ok(Cli.run(config(tampered.getParent(), "", ""), "verify", "--from", tampered.toString())).out())
                .as("without the key only the stored bytes can be checked: the attacker's manifest matches them").contains("every SHA-256 matches");

        Cli.Result r = Cli.run(config(tampered.getParent(), KEY_A, ""), "restore", "--from", tampered.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("is not authentic: its manifest's HMAC-SHA256 does not match");
        assertNothingWritten();
        Cli.Result verify = Cli.run(config(tampered.getParent(), KEY_A, ""), "verify", "--from", tampered.toString(),
                "--allow-unauthenticated");
        assertThat(verify.exitCode()).as("a code that does not match is refused, allowed or not: " + verify).isEqualTo(1);
        assertThat(verify.err()).contains("is not authentic");
    }

    @Test
    void withAKeySetAPlainBackupPutInPlaceOfAnEncryptedOneIsRefusedUnlessAllowedByName() throws IOException {
        Path forged = Files.createDirectories(backups.resolveSibling(backups.getFileName() + "-forged-plain")).resolve("enc");
        try (Stream<Path> s = Files.walk(backups.resolve("plain"))) {
            for (Path p : s.sorted().toList()) {
                Files.copy(p, forged.resolve(backups.resolve("plain").relativize(p).toString()));
            }
        }
        for (String command : List.of("restore", "verify")) {
            Cli.Result r = Cli.run(config(forged.getParent(), KEY_A, ""), command, "--from", forged.toString());
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.err()).contains("carries no authentication code").contains("--allow-unauthenticated").doesNotContain(KEY_A);
        }
        assertNothingWritten();
    }

    @Test
    void anEncryptedBackupWithAFileLeftOutAndItsCountsRewrittenIsNotAuthentic() throws IOException {
        Path cut = copyOfEnc("cut");
        ObjectNode m = (ObjectNode) manifest(cut);
        com.fasterxml.jackson.databind.node.ArrayNode kept = m.putArray("files");
        for (JsonNode f : manifest(cut).path("files")) {
            if (f.path("path").asText().startsWith("relationships/")) {
                Files.delete(cut.resolve(f.path("path").asText()));
            } else {
                kept.add(f);
            }
        }
        ((ObjectNode) m.path("counts")).put("relationships", 0).putObject("types");
        BackupJson.MAPPER.writeValue(cut.resolve("manifest.json").toFile(), m);
        for (String command : List.of("verify", "restore")) {
            Cli.Result r = Cli.run(config(cut.getParent(), KEY_A, ""), command, "--from", cut.toString());
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.err()).contains("is not authentic: its manifest's HMAC-SHA256 does not match (key " + keyIdA + ")");
        }
        assertNothingWritten();
    }

    @Test
    void twoEncryptedFilesSwappedUnderARewrittenManifestAreCaught() throws IOException {
        Path swapped = copyOfEnc("swapped");
        Path one = swapped.resolve("nodes/000001.jsonl.gz.enc");
        Path two = swapped.resolve("nodes/000002.jsonl.gz.enc");
        byte[] a = Files.readAllBytes(one);
        Files.write(one, Files.readAllBytes(two));
        Files.write(two, a);
        rewriteManifestEntry(swapped, "nodes/000001.jsonl.gz.enc");
        rewriteManifestEntry(swapped, "nodes/000002.jsonl.gz.enc");
        Cli.Result r = Cli.run(config(swapped.getParent(), KEY_A, ""), "restore", "--from", swapped.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("is not authentic");
        assertNothingWritten();
    }

    @Test
    void anOlderKeyInDecryptionKeysRestoresWhileNewBackupsUseTheNewKey() throws IOException {
        try (Session s = target().session()) {
            s.run("MATCH (n:Canary) DELETE n").consume();
        }
        ok(Cli.run(config(backups, KEY_B, KEY_A), "restore", "--from", "enc"));
        assertThat(GraphSnapshot.take(target(), "neo4j").differences(source, 10)).isEmpty();

        Path rotated = Files.createDirectories(backups.resolveSibling(backups.getFileName() + "-rotated"));
        Cli.Result backup = ok(Cli.run(sourceConfig(rotated, KEY_B), "backup", "--name", "after-rotation"));
        String newId = manifest(rotated.resolve("after-rotation")).path("encryption").path("keyId").asText();
        assertThat(newId).matches("[0-9a-f]{16}").isNotEqualTo(keyIdA);
        assertThat(backup.out()).contains("encrypted:     AES256_GCM_HKDF_1MB with key " + newId);
    }

    @Test
    void aFolderAndABucketHoldingPlainAndEncryptedBackupsListVerifyReplicatePruneAndRestoreEach() throws IOException {
        String bucket = s3.newBucket();
        Path mixed = copyOfEnc("mixed").getParent();
        ok(Cli.run(sourceConfig(mixed, ""), "backup", "--name", "plain"));
        Map<String, String> c = config(mixed, KEY_A, "");
        c.putAll(s3.config(bucket, "gv"));

        assertThat(ok(Cli.run(c, "list")).out()).contains("enc").contains("plain");
        assertThat(ok(Cli.run(c, "verify", "--from", "enc")).out()).contains("its manifest is authenticated (HMAC-SHA256, key " + keyIdA);
        Cli.Result plainRefused = Cli.run(c, "verify", "--from", "plain");
        assertThat(plainRefused.exitCode()).as("a plain backup under a key: " + plainRefused).isEqualTo(1);
        assertThat(plainRefused.err()).contains("carries no authentication code").contains("--allow-unauthenticated");
        ok(Cli.run(c, "verify", "--from", "plain", "--allow-unauthenticated"));
        ok(Cli.run(c, "replicate"));
        assertThat(s3.checksums(bucket, "gv/enc/")).isEqualTo(S3Buckets.localChecksums(mixed.resolve("enc"), "gv/enc/"));
        assertThat(s3.checksums(bucket, "gv/plain/")).isEqualTo(S3Buckets.localChecksums(mixed.resolve("plain"), "gv/plain/"));
        assertThat(ok(Cli.run(c, "list", "--s3")).out()).containsPattern("enc .* " + keyIdA).containsPattern("plain .* -");
        Map<String, String> noKey = new HashMap<>(c);
        noKey.put("backup.encryption-key", "");
        assertThat(ok(Cli.run(noKey, "verify", "--from", "s3://" + bucket + "/gv/enc")).out()).contains("encrypted with key " + keyIdA);

        Cli.Result dry = ok(Cli.run(c, "prune", "--keep-last", "1", "--dry-run"));
        assertThat(dry.out()).contains("enc").contains("plain");
        ok(Cli.run(noKey, "prune", "--keep-last", "1", "--s3", "--dry-run"));

        ok(Cli.run(c, "restore", "--from", "plain", "--allow-unauthenticated"));
        assertRestoredEqualsSource();
        TestServices.wipe(target());
        ok(Cli.run(c, "restore", "--from", "s3://" + bucket + "/gv/enc"));
        assertThat(GraphSnapshot.take(target(), "neo4j").differences(source, 10)).isEmpty();
    }

    @Test
    void aBackupReplicatedWithS3UploadsTheEncryptedFilesAndRestoresFromTheBucket() throws IOException {
        String bucket = s3.newBucket();
        Path dir = Files.createDirectories(backups.resolveSibling(backups.getFileName() + "-s3"));
        Map<String, String> c = sourceConfig(dir, KEY_A);
        c.putAll(s3.config(bucket, "gv"));
        ok(Cli.run(c, "backup", "--name", "offsite", "--s3"));
        Map<String, String> inBucket = s3.checksums(bucket, "gv/offsite/");
        assertThat(inBucket).isEqualTo(S3Buckets.localChecksums(dir.resolve("offsite"), "gv/offsite/"));
        assertThat(inBucket.keySet()).filteredOn(k -> !k.endsWith("manifest.json")).isNotEmpty().allMatch(k -> k.endsWith(".enc"));
        for (String k : inBucket.keySet()) {
            if (!k.endsWith("manifest.json")) {
                assertThat(new String(s3.get(bucket, k), StandardCharsets.ISO_8859_1)).as(k).doesNotContain(KNOWN_VALUE);
            }
        }
        Map<String, String> noKey = config(dir, "", "");
        noKey.putAll(s3.config(bucket, "gv"));
        Cli.Result refused = Cli.run(noKey, "restore", "--from", "s3://" + bucket + "/gv/offsite");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.err()).contains("is encrypted with key " + keyIdA);
        assertNothingWritten();
        Map<String, String> restore = config(dir, KEY_A, "");
        restore.putAll(s3.config(bucket, "gv"));
        TestServices.wipe(target());
        ok(Cli.run(restore, "restore", "--from", "s3://" + bucket + "/gv/offsite"));
        assertThat(GraphSnapshot.take(target(), "neo4j").differences(source, 10)).isEmpty();
    }

    @Test
    void aBackupStraightToTheBucketIsEncryptedThereAndRestoresOnlyWithTheKey() throws IOException {
        String bucket = s3.newBucket();
        Path dir = backups.resolveSibling(backups.getFileName() + "-to-s3");
        Map<String, String> c = sourceConfig(dir, KEY_A);
        c.putAll(s3.config(bucket, "gv"));
        ok(Cli.run(c, "backup", "--name", "straight", "--to", "s3", "--batch-size", "50"));
        assertThat(dir).as("no local folder").doesNotExist();
        Map<String, String> inBucket = s3.checksums(bucket, "gv/straight/");
        assertThat(inBucket.keySet()).filteredOn(k -> !k.endsWith("manifest.json")).hasSizeGreaterThan(2)
                .allMatch(k -> k.endsWith(".enc"));
        for (String k : inBucket.keySet()) {
            if (!k.endsWith("manifest.json")) {
                byte[] stored = s3.get(bucket, k);
                assertThat(new String(stored, StandardCharsets.ISO_8859_1)).as(k).doesNotContain(KNOWN_VALUE);
                assertThat(stored[0] == (byte) 0x1f && stored[1] == (byte) 0x8b).as(k + " starts as gzip").isFalse();
            }
        }
        JsonNode m = BackupJson.MAPPER.readTree(s3.get(bucket, "gv/straight/manifest.json"));
        assertThat(m.path("encryption").path("keyId").asText()).isEqualTo(keyIdA);
        for (JsonNode f : m.path("files")) {
            assertThat(Sha256.hex(s3.get(bucket, "gv/straight/" + f.path("path").asText()))).as(f.path("path").asText())
                    .isEqualTo(f.path("sha256").asText());
        }
        Map<String, String> noKey = config(dir, "", "");
        noKey.putAll(s3.config(bucket, "gv"));
        ok(Cli.run(noKey, "verify", "--from", "s3://" + bucket + "/gv/straight"));
        Cli.Result refused = Cli.run(noKey, "restore", "--from", "s3://" + bucket + "/gv/straight");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.err()).contains("is encrypted with key " + keyIdA);
        assertNothingWritten();
        Map<String, String> restore = config(dir, KEY_A, "");
        restore.putAll(s3.config(bucket, "gv"));
        ok(Cli.run(restore, "restore", "--from", "s3://" + bucket + "/gv/straight"));
        assertRestoredEqualsSource();
    }

    @Test
    void serveEncryptsTheBackupsItsInboxTriggersAndReplicatesThemEncrypted() throws IOException {
        String bucket = s3.newBucket();
        Path work = Files.createDirectories(backups.resolveSibling(backups.getFileName() + "-serve"));
        Inbox inbox = new Inbox(work.resolve("inbox"));
        Map<String, String> c = TestServices.serveConfig(work.resolve("backups"), inbox.dir(), 0);
        c.put("backup.encryption-key", KEY_A);
        c.putAll(s3.config(bucket, "serve"));
        try (GraphVaultServer server = GraphVaultServer.start(c)) {
            inbox.drop("nightly.json", "{\"name\": \"nightly\", \"s3\": true}");
            inbox.awaitFile(inbox.done("nightly.json"), Duration.ofSeconds(60));
        }
        Path nightly = work.resolve("backups/nightly");
        assertThat(manifest(nightly).path("encryption").path("keyId").asText()).isEqualTo(keyIdA);
        assertThat(storedFiles(nightly)).isNotEmpty().allMatch(p -> p.toString().endsWith(".enc"));
        assertThat(s3.checksums(bucket, "serve/nightly/")).isEqualTo(S3Buckets.localChecksums(nightly, "serve/nightly/"));
    }

    /**
     * A 300 MB batch file (far above what one batch holds by default, as a large --batch-size writes
     * it) is decrypted and read record by record in a JVM of 256 MB: the decryption streams.
     */
    @Test
    void aThreeHundredMegabyteEncryptedFileIsVerifiedRecordByRecordIn256MbOfHeap() throws Exception {
        int records = 150_000;
        Path big = Files.createDirectories(backups.resolveSibling(backups.getFileName() + "-big").resolve("big"));
        BackupCipher cipher = BackupCipher.of(Base64.getDecoder().decode(KEY_A)).forBackup("big");
        Files.createDirectories(big.resolve("nodes"));
        Files.write(big.resolve("schema.json.enc"), cipher.encrypt(
                "{\"constraints\":[],\"indexes\":[],\"keys\":[]}".getBytes(StandardCharsets.UTF_8), "schema.json.enc"));
        Random random = new Random(7);
        byte[] pad = new byte[1500];
        try (OutputStream out = cipher.encrypting(new BufferedOutputStream(Files.newOutputStream(big.resolve("nodes/000001.jsonl.enc")),
                1 << 16), "nodes/000001.jsonl.enc")) {
            for (int i = 0; i < records; i++) {
                random.nextBytes(pad); // incompressible, like real data after gzip
                out.write(("{\"id\":" + i + ",\"labels\":[\"Blob\"],\"props\":{\"k\":" + i + ",\"pad\":\""
                        + Base64.getEncoder().encodeToString(pad) + "\"}}\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        ObjectNode m = BackupJson.MAPPER.createObjectNode();
        m.put("format", "graphvault/1-encrypted").put("id", "big");
        m.putObject("encryption").put("algorithm", "AES256_GCM_HKDF_1MB").put("keyId", cipher.keyId());
        ObjectNode counts = m.putObject("counts").put("nodes", records).put("relationships", 0);
        counts.putObject("labels").put("Blob", records);
        counts.putObject("types");
        for (String[] f : new String[][] {{"schema.json.enc", "0"}, {"nodes/000001.jsonl.enc", String.valueOf(records)}}) {
            MessageDigest sha = Sha256.newDigest();
            try (InputStream in = new DigestInputStream(Files.newInputStream(big.resolve(f[0])), sha)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            m.withArray("files").addObject().put("path", f[0]).put("records", Long.parseLong(f[1]))
                    .put("bytes", Files.size(big.resolve(f[0]))).put("sha256", Sha256.hex(sha));
        }
        // authenticated with the key, as GraphVault writes every manifest of an encrypted backup
        BackupJson.MAPPER.writeValue(big.resolve("manifest.json").toFile(),
                BackupJson.MAPPER.treeToValue(m, io.graphvault.format.BackupManifest.class).sealed(cipher));
        assertThat(Files.size(big.resolve("nodes/000001.jsonl.enc"))).isGreaterThan(300_000_000L);

        Map<String, String> env = new HashMap<>(GraphVaultProcess.env(TestServices.target().boltUri(), TestServices.target().password(),
                big.getParent()));
        env.put("BACKUP_ENCRYPTION_KEY", KEY_A);
        GraphVaultProcess.Result r = GraphVaultProcess.run(env, List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError"),
                Duration.ofMinutes(5), "verify", "--from", big.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("is intact: ").contains("150,000 records").contains("encrypted with key " + keyIdA);
    }

    @Test
    void aBadKeyStopsEveryCommandAtStartNamingTheSettingAndNeverTheKey() {
        String notBase64 = "this-is-my-secret-key-material!";
        Cli.Result r = Cli.run(config(backups, notBase64, ""), "list");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("BACKUP_ENCRYPTION_KEY is not base64").doesNotContain(notBase64);
        assertThat(r.out()).doesNotContain(notBase64);
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        Cli.Result old = Cli.run(config(backups, KEY_A, shortKey), "verify", "--from", "enc");
        assertThat(old.exitCode()).as(old.toString()).isEqualTo(1);
        assertThat(old.err()).contains("BACKUP_DECRYPTION_KEYS (key 1 of 1) holds 16 bytes").doesNotContain(shortKey);
    }

    @Test
    void theSafetyBackupOfClearFirstIsEncryptedWithTheKey() throws IOException {
        Path dir = Files.createDirectories(backups.resolveSibling(backups.getFileName() + "-safety"));
        Path enc = copyOfEnc("safety-src");
        ok(Cli.run(config(dir, KEY_A, ""), "restore", "--from", enc.toString(), "--clear-first", "--yes"));
        Path safety;
        try (Stream<Path> s = Files.list(dir)) {
            safety = s.filter(p -> p.getFileName().toString().startsWith("pre-restore-")).findFirst().orElseThrow();
        }
        assertThat(manifest(safety).path("encryption").path("keyId").asText()).isEqualTo(keyIdA);
        assertThat(storedFiles(safety)).isNotEmpty().allMatch(p -> p.toString().endsWith(".enc"));
        assertThat(GraphSnapshot.take(target(), "neo4j").differences(source, 10)).isEmpty();
    }
}
