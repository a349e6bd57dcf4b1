package io.graphvault.format;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingKey;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import com.google.crypto.tink.subtle.Hkdf;
import com.google.crypto.tink.util.SecretBytes;
import io.graphvault.internal.GraphVaultException;
import io.graphvault.internal.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The one place backup files are encrypted and decrypted: Tink's {@link StreamingAead} with
 * AES256_GCM_HKDF_1MB (AES-256-GCM, a key derived per file with HKDF-SHA256 from the user's 32
 * bytes and a random salt, 1 MB segments each authenticated on its own). Streaming both ways:
 * a decrypting stream holds one segment, so files of any size are read in a fixed amount of memory,
 * and a segment's plaintext is handed out only once its tag checks. A cipher bound to a backup
 * ({@link #forBackup}) authenticates each file together with the backup's id and the file's path
 * in it, so a file moved to another place or another backup (a swap) does not decrypt.
 */
public final class BackupCipher {

    /** The manifest's name for the algorithm: Tink's name of the parameter set. */
    public static final String ALGORITHM = "AES256_GCM_HKDF_1MB";
    /** Encrypted files carry it after their usual name: {@code nodes/000001.jsonl.gz.enc}. */
    public static final String SUFFIX = ".enc";
    public static final int KEY_BYTES = 32;
    /** The manifest's name for its authentication code: HMAC-SHA256 with a key HKDF-SHA256 derives from the user's. */
    public static final String MAC_ALGORITHM = "HMAC-SHA256";
    private static final String KEY_ID_LABEL = "graphvault backup key id\u0000";
    private static final byte[] MAC_KEY_INFO = "graphvault manifest mac\u0000".getBytes(StandardCharsets.US_ASCII);

    private static final byte[] RECORD_KEY_LABEL = "graphvault record hash\u0000".getBytes(StandardCharsets.US_ASCII);

    private final StreamingAead aead;
    private final SecretKeySpec macKey;
    private final String keyId;
    private final String backupId;

    private BackupCipher(StreamingAead aead, SecretKeySpec macKey, String keyId, String backupId) {
        this.aead = aead;
        this.macKey = macKey;
        this.keyId = keyId;
        this.backupId = backupId;
    }

    /** A cipher for the user's raw key of {@link #KEY_BYTES} bytes. */
    public static BackupCipher of(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("a backup key is " + KEY_BYTES + " bytes, not " + key.length);
        }
        try {
            AesGcmHkdfStreamingKey tinkKey = AesGcmHkdfStreamingKey.create(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB,
                    SecretBytes.copyFrom(key, InsecureSecretKeyAccess.get()));
            // a key of its own for the manifest's MAC, so that the two uses of the user's key never meet
            byte[] macKey = Hkdf.computeHkdf("HMACSHA256", key, new byte[0], MAC_KEY_INFO, KEY_BYTES);
            return new BackupCipher(AesGcmHkdfStreaming.create(tinkKey), new SecretKeySpec(macKey, "HmacSHA256"), keyId(key), null);
        } catch (GeneralSecurityException e) {
            throw new GraphVaultException("cannot set up " + ALGORITHM + ": " + e.getMessage(), e);
        }
    }

    /**
     * The key's public name, written in manifests: the first 16 hex digits of SHA-256 over a fixed
     * label and the key. It tells which key a backup needs and reveals nothing of the key.
     */
    static String keyId(byte[] key) {
        byte[] label = KEY_ID_LABEL.getBytes(StandardCharsets.US_ASCII);
        byte[] input = new byte[label.length + key.length];
        System.arraycopy(label, 0, input, 0, label.length);
        System.arraycopy(key, 0, input, label.length, key.length);
        return Sha256.hex(input).substring(0, 16);
    }

    public String keyId() {
        return keyId;
    }

    /** The same key, binding every file to backup {@code id}. */
    public BackupCipher forBackup(String id) {
        return new BackupCipher(aead, macKey, keyId, id);
    }

    /** The authentication code of {@code content} (a manifest without its own), in base64. */
    public String mac(byte[] content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(macKey);
            return Base64.getEncoder().encodeToString(mac.doFinal(content));
        } catch (GeneralSecurityException e) {
            throw new GraphVaultException("cannot compute " + MAC_ALGORITHM + ": " + e.getMessage(), e);
        }
    }

    /**
     * HMAC-SHA256 with a key of its own, derived from the manifest's (HMAC of a fixed label): what an incremental
     * backup compares records with, so that nothing it compares by is a plain hash of the data.
     */
    public Mac recordHasher() {
        try {
            Mac derive = Mac.getInstance("HmacSHA256");
            derive.init(macKey);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(derive.doFinal(RECORD_KEY_LABEL), "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new GraphVaultException("cannot compute " + MAC_ALGORITHM + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code value} is this key's code of {@code content}, compared in constant time. */
    public boolean macMatches(byte[] content, String value) {
        return value != null && MessageDigest.isEqual(mac(content).getBytes(StandardCharsets.US_ASCII),
                value.getBytes(StandardCharsets.US_ASCII));
    }

    public static boolean isEncrypted(String path) {
        return path.endsWith(SUFFIX);
    }

    /** Encrypts what is written to it into {@code out}; closing it writes the last segment and closes {@code out}. */
    public OutputStream encrypting(OutputStream out, String path) throws IOException {
        try {
            return aead.newEncryptingStream(out, associatedData(path));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot encrypt " + path + ": " + e.getMessage(), e);
        }
    }

    /** {@link #encrypting} for a small file held in memory (schema.json). */
    public byte[] encrypt(byte[] plain, String path) throws IOException {
        ByteArrayOutputStream stored = new ByteArrayOutputStream(plain.length + 64);
        try (OutputStream out = encrypting(stored, path)) {
            out.write(plain);
        }
        return stored.toByteArray();
    }

    /**
     * Decrypts {@code in}. A segment that does not authenticate (a changed byte, a truncated file,
     * another key, another path or backup) fails the read with {@link NotAuthentic}; an error of
     * {@code in} itself passes through as it is.
     */
    public InputStream decrypting(InputStream in, String path) throws IOException {
        SourceErrors source = new SourceErrors(in);
        try {
            return new Authenticated(aead.newDecryptingStream(source, associatedData(path)), source, keyId);
        } catch (GeneralSecurityException e) {
            throw new NotAuthentic(keyId, e.getMessage());
        }
    }

    private byte[] associatedData(String path) {
        if (backupId == null) {
            throw new IllegalStateException("the cipher is not bound to a backup");
        }
        return ("graphvault/1\u0000" + backupId + "\u0000" + path).getBytes(StandardCharsets.UTF_8);
    }

    /** The stored bytes are not what this key wrote for this place: changed, or another key's. */
    public static final class NotAuthentic extends IOException {
        private static final long serialVersionUID = 1L;

        NotAuthentic(String keyId, String detail) {
            super("does not decrypt with key " + keyId + ": it was changed after it was written, or written with another"
                    + " key, or moved from another place or backup (" + firstLine(detail) + ")");
        }

        private static String firstLine(String detail) {
            String d = detail == null ? "authentication failed" : detail.strip();
            int nl = d.indexOf('\n');
            return nl < 0 ? d : d.substring(0, nl).strip();
        }
    }

    /** Remembers an error of the stored stream, so that it is not mistaken for a failed tag. */
    private static final class SourceErrors extends FilterInputStream {
        IOException failure;

        SourceErrors(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }
    }

    private static final class Authenticated extends FilterInputStream {
        private final SourceErrors source;
        private final String keyId;

        Authenticated(InputStream decrypting, SourceErrors source, String keyId) {
            super(decrypting);
            this.source = source;
            this.keyId = keyId;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                if (source.failure != null) {
                    throw source.failure;
                }
                throw new NotAuthentic(keyId, e.getMessage());
            }
        }
    }
}
