package io.graphvault.format;

import io.graphvault.internal.GraphVaultException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackupKeysTest {

    static final byte[] KEY = bytes(32, 1);
    static final String KEY_BASE64 = Base64.getEncoder().encodeToString(KEY);
    static final String OTHER_BASE64 = Base64.getEncoder().encodeToString(bytes(32, 2));

    @TempDir
    Path dir;

    static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void theKeyIdIsSixteenHexDigitsOfAHashStableForOneKeyAndHoldingNoPartOfIt() {
        BackupKeys keys = BackupKeys.fromSettings(KEY_BASE64, "", "");
        String id = keys.writer().orElseThrow().keyId();
        assertThat(id).matches("[0-9a-f]{16}").isEqualTo(BackupKeys.fromSettings(" " + KEY_BASE64 + "\n", null, null)
                .writer().orElseThrow().keyId());
        assertThat(BackupKeys.fromSettings(OTHER_BASE64, "", "").writer().orElseThrow().keyId()).isNotEqualTo(id);
        assertThat(HexFormat.of().formatHex(KEY)).doesNotContain(id);
        assertThat(id).isNotEqualTo(HexFormat.of().formatHex(KEY).substring(0, 16));
    }

    @Test
    void noSettingMeansBackupsAreWrittenInPlainAndNoKeyReads() {
        BackupKeys keys = BackupKeys.fromSettings("", "", "");
        assertThat(keys.writer()).isEmpty();
        assertThat(keys.keyIds()).isEmpty();
    }

    @Test
    void aKeyThatIsNotBase64IsRefusedNamingTheSettingAndNeverShowingTheValue() {
        String secret = "not-base64!!-but-a-secret-value";
        assertThatThrownBy(() -> BackupKeys.fromSettings(secret, "", ""))
                .isInstanceOf(GraphVaultException.class)
                .hasMessageContaining("BACKUP_ENCRYPTION_KEY is not base64")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secret).doesNotContain("secret-value"));
    }

    @Test
    void aKeyOfTheWrongLengthIsRefusedSayingHowManyBytesItHeld() {
        String shortKey = Base64.getEncoder().encodeToString(bytes(16, 3));
        assertThatThrownBy(() -> BackupKeys.fromSettings(shortKey, "", ""))
                .hasMessageContaining("BACKUP_ENCRYPTION_KEY holds 16 bytes once decoded, not 32")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(shortKey));
    }

    @Test
    void bothTheKeyAndTheKeyFileSetIsRefusedNamingBoth() throws IOException {
        Path file = Files.writeString(dir.resolve("key"), KEY_BASE64);
        assertThatThrownBy(() -> BackupKeys.fromSettings(KEY_BASE64, file.toString(), ""))
                .hasMessageContaining("BACKUP_ENCRYPTION_KEY and BACKUP_ENCRYPTION_KEY_FILE are both set")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY_BASE64));
    }

    @Test
    void theKeyFileHoldsTheBase64KeyWithATrailingNewlineAsSecretsAreWritten() throws IOException {
        Path file = Files.writeString(dir.resolve("key"), KEY_BASE64 + "\n");
        assertThat(BackupKeys.fromSettings("", file.toString(), "").writer().orElseThrow().keyId())
                .isEqualTo(BackupKeys.fromSettings(KEY_BASE64, "", "").writer().orElseThrow().keyId());
    }

    @Test
    void aMissingKeyFileIsRefusedNamingTheSettingAndThePath() {
        Path missing = dir.resolve("no-such-key");
        assertThatThrownBy(() -> BackupKeys.fromSettings("", missing.toString(), ""))
                .hasMessageContaining("BACKUP_ENCRYPTION_KEY_FILE '" + missing + "' cannot be read");
    }

    @Test
    void aBadKeyFileContentIsRefusedNamingTheFileSetting() throws IOException {
        Path file = Files.writeString(dir.resolve("key"), "c2hvcnQ=");
        assertThatThrownBy(() -> BackupKeys.fromSettings("", file.toString(), ""))
                .hasMessageContaining("BACKUP_ENCRYPTION_KEY_FILE (" + file + ") holds 5 bytes once decoded");
    }

    @Test
    void decryptionKeysReadOlderBackupsAndABadOneIsNamedByItsPlaceInTheList() {
        BackupKeys keys = BackupKeys.fromSettings(KEY_BASE64, "", OTHER_BASE64 + " , " + KEY_BASE64);
        String other = BackupKeys.fromSettings(OTHER_BASE64, "", "").writer().orElseThrow().keyId();
        assertThat(keys.keyIds()).hasSize(2).contains(other);
        assertThat(keys.reader(other)).isPresent();
        assertThatThrownBy(() -> BackupKeys.fromSettings("", "", OTHER_BASE64 + ",%%%"))
                .hasMessageContaining("BACKUP_DECRYPTION_KEYS (key 2 of 2) is not base64")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(OTHER_BASE64));
    }

    private static byte[] decrypt(BackupCipher cipher, String path, byte[] stored) throws IOException {
        try (InputStream in = cipher.decrypting(new ByteArrayInputStream(stored), path)) {
            return in.readAllBytes();
        }
    }

    @Test
    void aFileOfSeveralSegmentsRoundTripsAndAnyChangeMoveOrOtherKeyFailsAsNotAuthentic() throws IOException {
        BackupCipher cipher = BackupCipher.of(KEY).forBackup("b1");
        byte[] plain = bytes(3 * 1024 * 1024 + 17, 4);
        byte[] stored = cipher.encrypt(plain, "nodes/000001.jsonl.gz.enc");
        assertThat(decrypt(cipher, "nodes/000001.jsonl.gz.enc", stored)).isEqualTo(plain);

        byte[] flipped = stored.clone();
        flipped[2 * 1024 * 1024] ^= 1;
        assertThatThrownBy(() -> decrypt(cipher, "nodes/000001.jsonl.gz.enc", flipped))
                .isInstanceOf(BackupCipher.NotAuthentic.class).hasMessageContaining("does not decrypt with key " + cipher.keyId());
        byte[] truncated = Arrays.copyOf(stored, 1024 * 1024 + 100);
        assertThatThrownBy(() -> decrypt(cipher, "nodes/000001.jsonl.gz.enc", truncated)).isInstanceOf(BackupCipher.NotAuthentic.class);
        assertThatThrownBy(() -> decrypt(cipher, "nodes/000002.jsonl.gz.enc", stored))
                .as("another place in the backup").isInstanceOf(BackupCipher.NotAuthentic.class);
        assertThatThrownBy(() -> decrypt(BackupCipher.of(KEY).forBackup("b2"), "nodes/000001.jsonl.gz.enc", stored))
                .as("another backup").isInstanceOf(BackupCipher.NotAuthentic.class);
        assertThatThrownBy(() -> decrypt(BackupCipher.of(bytes(32, 2)).forBackup("b1"), "nodes/000001.jsonl.gz.enc", stored))
                .as("another key").isInstanceOf(BackupCipher.NotAuthentic.class);
    }
}
