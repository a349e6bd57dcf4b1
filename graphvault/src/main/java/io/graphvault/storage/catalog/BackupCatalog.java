package io.graphvault.storage.catalog;

import io.graphvault.format.BackupCipher;
import io.graphvault.format.BackupKeys;
import io.graphvault.format.BackupManifest;
import io.graphvault.internal.GraphVaultException;
import io.graphvault.internal.GraphVaultHeaders;
import io.graphvault.storage.BackupIds;
import io.graphvault.storage.BackupSource;
import io.graphvault.storage.local.LocalBackupSource;
import io.graphvault.storage.local.LocalBackupStore;
import io.graphvault.storage.s3.S3BackupSource;
import io.graphvault.storage.s3.S3Location;
import io.graphvault.storage.verify.BackupReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.apache.camel.Body;
import org.apache.camel.Header;
import software.amazon.awssdk.services.s3.S3Client;

/** Finds backups by what a user types after {@code --from}: a folder, a backup id, or an S3 URI. */
public final class BackupCatalog {

    private final LocalBackupStore local;
    private final Supplier<S3Client> s3;
    private final int maxRecordBytes;
    private final BackupKeys keys;

    /**
     * {@code s3} reads backups named {@code s3://bucket/prefix/ID}; null when S3 is not available.
     * {@code maxRecordBytes}: RESTORE_MAX_RECORD_BYTES, the longest record a backup opened here may hold.
     * {@code keys}: what encrypted backups are read with.
     */
    public BackupCatalog(LocalBackupStore local, Supplier<S3Client> s3, int maxRecordBytes, BackupKeys keys) {
        this.local = local;
        this.s3 = s3;
        this.maxRecordBytes = maxRecordBytes;
        this.keys = keys;
    }

    /** BACKUP_DIR. */
    public Path localRoot() {
        return local.root();
    }

    public List<LocalBackupStore.Listing> list() {
        return local.list();
    }

    /** A folder path, the id of a backup in BACKUP_DIR, or {@code s3://bucket/prefix/ID} (read straight from S3). */
    public BackupSource open(String from) {
        if (from == null || from.isBlank()) {
            throw new GraphVaultException("--from is empty: give a backup folder, a backup id or s3://bucket/prefix/ID");
        }
        if (S3Location.isS3(from)) {
            if (s3 == null) {
                throw new GraphVaultException("cannot read " + from + ": S3 is not available in this process");
            }
            return new S3BackupSource(s3.get(), S3Location.parse(from), maxRecordBytes);
        }
        Path path = Path.of(from);
        boolean backupId = BackupIds.isValid(from) && Files.isDirectory(local.finalDir(from));
        if (Files.isDirectory(path) && backupId && !Files.exists(path.resolve(BackupManifest.FILE_NAME))
                && !path.toAbsolutePath().normalize().equals(local.finalDir(from).toAbsolutePath().normalize())) {
            // run from a folder that holds a sub-folder of that name (the project's own demo/, say)
            throw new GraphVaultException("'" + from + "' is both a folder here (" + path.toAbsolutePath().normalize()
                    + ", no " + BackupManifest.FILE_NAME + ") and a backup in " + local.root() + "; give the backup's path ("
                    + local.finalDir(from) + ") or the folder's (./" + from + ")");
        }
        if (Files.isDirectory(path)) {
            return new LocalBackupSource(path.toAbsolutePath().normalize(), maxRecordBytes);
        }
        if (backupId) {
            return new LocalBackupSource(local.finalDir(from), maxRecordBytes);
        }
        throw new GraphVaultException("backup '" + from + "' not found: no such folder, and no backup with that id in "
                + local.root() + " (see 'graphvault list')");
    }

    /** The result of a verify: which backup, and what was checked. */
    public record Verified(@com.fasterxml.jackson.annotation.JsonIgnore BackupSource source, String location,
            BackupManifest manifest, BackupReader.VerifyReport report) {
    }

    /**
     * Checks a backup's files. An encrypted one is decrypted and its records read too when its key is
     * set; without the key only its stored bytes are checked (their SHA-256 and sizes), which the
     * manifest, always readable, lists.
     */
    public Verified verify(@Body String from, @Header(GraphVaultHeaders.ALLOW_UNAUTHENTICATED) Boolean allowUnauthenticated) {
        return verify(from, false, Boolean.TRUE.equals(allowUnauthenticated));
    }

    /** {@link #verify} for a job that reads the records (verify --against-db): it needs the key of an encrypted backup. */
    public Verified verifyRecords(@Body String from, @Header(GraphVaultHeaders.ALLOW_UNAUTHENTICATED) Boolean allowUnauthenticated) {
        return verify(from, true, Boolean.TRUE.equals(allowUnauthenticated));
    }

    private Verified verify(String from, boolean keyRequired, boolean allowUnauthenticated) {
        BackupSource source = open(from);
        BackupManifest manifest = BackupReader.readManifest(source);
        authenticate(source, manifest, allowUnauthenticated);
        boolean keySet = !manifest.encrypted() || keys.reader(manifest.encryption().keyId()).isPresent();
        Readable readable = keyRequired || keySet ? readable(source, manifest, allowUnauthenticated)
                : chain(source, null, manifest, allowUnauthenticated);
        return new Verified(readable.source(), source.location(), readable.manifest(),
                BackupReader.verify(readable.source(), readable.manifest()));
    }

    /** A backup as its readers see it: where its files are, with their keys, and its manifest. */
    public record Readable(BackupSource source, BackupManifest manifest) {
    }

    /**
     * {@code source}, authenticated as {@code manifest}, as verify, the restore and prepare-import read it: with
     * its key when encrypted ({@link #withKey}) and, when it is incremental, together with its chain of parents,
     * each found beside it, authenticated and checked to be the backup its child was taken against.
     */
    public Readable readable(BackupSource source, BackupManifest manifest, boolean allowUnauthenticated) {
        return chain(source, withKey(source, manifest), manifest, allowUnauthenticated);
    }

    private Readable chain(BackupSource stored, BackupSource keyed, BackupManifest manifest, boolean allowUnauthenticated) {
        if (manifest.incremental() == null) {
            return new Readable(keyed == null ? stored : keyed, manifest);
        }
        IncrementalChain.View view = IncrementalChain.view(this, stored, keyed, manifest, allowUnauthenticated);
        return new Readable(view.source(), view.manifest());
    }

    /**
     * Checks the manifest's authentication code before anything else is read. With a key set here,
     * a backup whose manifest has no code (a plain backup, one from before codes were written, or an
     * encrypted one replaced by a plain one) or one made with a key not set here is refused unless
     * {@code allowUnauthenticated}; a code that does not match (the manifest was changed) is refused
     * always. Without any key set, plain backups are read as they are: nothing here could check them.
     */
    public void authenticate(BackupSource source, String what, BackupManifest manifest, boolean allowUnauthenticated) {
        String name = what + " at " + source.location();
        BackupManifest.Authentication auth = manifest == null ? null : manifest.authentication();
        BackupCipher macKey = auth == null || !BackupCipher.MAC_ALGORITHM.equals(auth.algorithm()) ? null
                : keys.reader(auth.keyId()).orElse(null);
        if (macKey != null) {
            if (!macKey.macMatches(manifest.content(), auth.mac())) {
                throw new GraphVaultException(name + " is not authentic: its manifest's " + BackupCipher.MAC_ALGORITHM
                        + " does not match (key " + auth.keyId() + "): the manifest was changed after it was written"
                        + " (its counts, files or checksums); nothing was read from it. Use another backup");
            }
            return;
        }
        boolean unreadable = manifest != null && manifest.encrypted() && keys.reader(manifest.encryption().keyId()).isEmpty();
        if (keys.keyIds().isEmpty() || allowUnauthenticated || unreadable) {
            return; // an encrypted backup without its key is refused by withKey, naming the key it needs
        }
        String why = auth == null
                ? (manifest == null ? "is not a GraphVault backup (no manifest), so nothing authenticates it"
                        : "carries no authentication code: it was written without a key (or by a GraphVault before"
                                + " backups carried one), or an encrypted backup was replaced by a plain one")
                : "is authenticated with key " + auth.keyId() + " (" + auth.algorithm() + "), which is not set here";
        throw new GraphVaultException(name + " " + why + ", while key(s) " + String.join(", ", keys.keyIds())
                + " are set here; nothing was read from it. If you trust where it came from, run again with"
                + " --allow-unauthenticated");
    }

    private void authenticate(BackupSource source, BackupManifest manifest, boolean allowUnauthenticated) {
        authenticate(source, "backup " + manifest.id(), manifest, allowUnauthenticated);
    }

    /**
     * {@code source} as it is when the backup is plain, with its key when it is encrypted; refuses,
     * naming the key id it needs, when no key set here is that one.
     */
    public BackupSource withKey(BackupSource source, BackupManifest manifest) {
        if (!manifest.encrypted()) {
            return source;
        }
        String keyId = manifest.encryption().keyId();
        BackupCipher cipher = keys.reader(keyId).orElseThrow(() -> new GraphVaultException("backup " + manifest.id()
                + " at " + source.location() + " is encrypted with key " + keyId + "; set " + BackupKeys.KEY + " (or "
                + BackupKeys.KEY_FILE + ") or " + BackupKeys.OLD_KEYS + " to that key (keys set here: "
                + (keys.keyIds().isEmpty() ? "none" : String.join(", ", keys.keyIds())) + ")"));
        return new KeyedBackupSource(source, cipher.forBackup(manifest.id()));
    }
}
