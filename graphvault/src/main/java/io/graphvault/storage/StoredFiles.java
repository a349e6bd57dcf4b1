package io.graphvault.storage;

import io.graphvault.format.BackupCipher;
import io.graphvault.format.BackupFileNames;
import io.graphvault.format.BackupManifest;
import io.graphvault.internal.GraphVaultException;
import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/** How a backup's files are stored: plain or encrypted ({@link BackupCipher}), gzip or not. */
public final class StoredFiles {

    private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{16}");

    private StoredFiles() {
    }

    /** The format name and the encryption field agree, and name an algorithm and key id this version knows. */
    public static void requireEncryptionField(String where, BackupManifest manifest) {
        boolean encryptedFormat = BackupManifest.FORMAT_ENCRYPTED.equals(manifest.format());
        if (encryptedFormat != manifest.encrypted()) {
            throw new GraphVaultException(where + (encryptedFormat ? " is in format " + manifest.format() + " but has no \"encryption\" field"
                    : " has an \"encryption\" field but is in format " + manifest.format()) + ": the manifest is not one GraphVault wrote");
        }
        if (manifest.encrypted() && (!BackupCipher.ALGORITHM.equals(manifest.encryption().algorithm())
                || manifest.encryption().keyId() == null || !KEY_ID.matcher(manifest.encryption().keyId()).matches())) {
            throw new GraphVaultException(where + " names encryption '" + manifest.encryption().algorithm() + "' with key id '"
                    + manifest.encryption().keyId() + "'; this GraphVault reads " + BackupCipher.ALGORITHM + " with a 16-hex-digit key id");
        }
    }

    public static String withoutSuffix(String path) {
        return BackupCipher.isEncrypted(path) ? path.substring(0, path.length() - BackupCipher.SUFFIX.length()) : null;
    }

    /**
     * What a stored file holds once decrypted (when its name ends in {@link BackupCipher#SUFFIX})
     * and decompressed (when it is gzip): the one place the read side undoes both.
     */
    public static InputStream plain(BackupSource source, String path, InputStream stored) throws IOException {
        InputStream compressed = decrypted(source, path, stored);
        return BackupFileNames.isGzip(path) ? new GZIPInputStream(compressed, 1 << 16) : compressed;
    }

    /** A stored file decrypted when its name ends in {@link BackupCipher#SUFFIX}, still gzip when it was. */
    static InputStream decrypted(BackupSource source, String path, InputStream stored) throws IOException {
        if (!BackupCipher.isEncrypted(path)) {
            return stored;
        }
        return source.decrypting(stored, path);
    }
}
