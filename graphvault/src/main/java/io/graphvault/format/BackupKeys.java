package io.graphvault.format;

import io.graphvault.internal.GraphVaultException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The keys of this process, from BACKUP_ENCRYPTION_KEY (or BACKUP_ENCRYPTION_KEY_FILE) and
 * BACKUP_DECRYPTION_KEYS: the one new backups are written with, if any, and every key backups
 * can be read with, by key id. A bad key fails here, at start, naming the setting; no message ever
 * holds a key or a part of it.
 */
public final class BackupKeys {

    public static final String KEY = "BACKUP_ENCRYPTION_KEY";
    public static final String KEY_FILE = "BACKUP_ENCRYPTION_KEY_FILE";
    public static final String OLD_KEYS = "BACKUP_DECRYPTION_KEYS";
    public static final BackupKeys NONE = new BackupKeys(null, Map.of());

    private final BackupCipher writer;
    private final Map<String, BackupCipher> readers;

    private BackupKeys(BackupCipher writer, Map<String, BackupCipher> readers) {
        this.writer = writer;
        this.readers = Collections.unmodifiableMap(readers);
    }

    /** Empty or null values are unset settings. */
    public static BackupKeys fromSettings(String key, String keyFile, String decryptionKeys) {
        boolean hasKey = key != null && !key.isBlank();
        boolean hasFile = keyFile != null && !keyFile.isBlank();
        if (hasKey && hasFile) {
            throw new GraphVaultException(KEY + " and " + KEY_FILE + " are both set: set only one of them");
        }
        BackupCipher writer = null;
        if (hasKey) {
            writer = parse(KEY, key);
        } else if (hasFile) {
            writer = parse(KEY_FILE + " (" + keyFile.trim() + ")", readFile(keyFile.trim()));
        }
        Map<String, BackupCipher> readers = new LinkedHashMap<>();
        if (writer != null) {
            readers.put(writer.keyId(), writer);
        }
        if (decryptionKeys != null && !decryptionKeys.isBlank()) {
            String[] entries = decryptionKeys.split(",");
            for (int i = 0; i < entries.length; i++) {
                BackupCipher old = parse(OLD_KEYS + " (key " + (i + 1) + " of " + entries.length + ")", entries[i]);
                readers.putIfAbsent(old.keyId(), old);
            }
        }
        return new BackupKeys(writer, readers);
    }

    /** A key in base64; the message names {@code setting} and never shows the value. */
    static BackupCipher parse(String setting, String base64) {
        String v = base64 == null ? "" : base64.trim();
        if (v.isEmpty()) {
            throw new GraphVaultException(setting + " is empty: it takes " + BackupCipher.KEY_BYTES
                    + " random bytes in base64, e.g. from `openssl rand -base64 32`");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(v);
        } catch (IllegalArgumentException e) {
            throw new GraphVaultException(setting + " is not base64 (" + v.length() + " characters): it takes "
                    + BackupCipher.KEY_BYTES + " random bytes in base64, e.g. from `openssl rand -base64 32`");
        }
        if (key.length != BackupCipher.KEY_BYTES) {
            throw new GraphVaultException(setting + " holds " + key.length + " bytes once decoded, not " + BackupCipher.KEY_BYTES
                    + ": it takes " + BackupCipher.KEY_BYTES + " random bytes in base64, e.g. from `openssl rand -base64 32`");
        }
        return BackupCipher.of(key);
    }

    private static String readFile(String file) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new GraphVaultException(KEY_FILE + " '" + file + "' cannot be read (" + e.getClass().getSimpleName()
                    + "): it names a file that holds the key in base64", e);
        } catch (RuntimeException e) {
            throw new GraphVaultException(KEY_FILE + " '" + file + "' is not a file path: " + e.getMessage(), e);
        }
    }

    /** The key new backups are encrypted with; empty: they are written in plain. */
    public Optional<BackupCipher> writer() {
        return Optional.ofNullable(writer);
    }

    public Optional<BackupCipher> reader(String keyId) {
        return Optional.ofNullable(readers.get(keyId));
    }

    /** The ids of the keys this process can read with, for messages. */
    public List<String> keyIds() {
        return new ArrayList<>(readers.keySet());
    }
}
