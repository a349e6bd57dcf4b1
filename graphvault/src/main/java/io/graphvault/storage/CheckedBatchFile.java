package io.graphvault.storage;

import io.graphvault.format.BackupManifest.FileEntry;
import io.graphvault.format.BatchFileToRead;
import io.graphvault.internal.GraphVaultException;
import io.graphvault.internal.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;

/**
 * One data file of a backup as the restore reads it, after the whole backup was verified: its
 * SHA-256 is computed again while it streams, so a file that changed since (an object replaced in
 * the bucket) fails the restore, named, rather than passing for the backup.
 */
public final class CheckedBatchFile implements BatchFileToRead {

    private final BackupSource source;
    private final FileEntry entry;
    private MessageDigest digest;

    public CheckedBatchFile(BackupSource source, FileEntry entry) {
        this.source = source;
        this.entry = entry;
    }

    public FileEntry entry() {
        return entry;
    }

    @Override
    public String location() {
        return source.where(entry.path());
    }

    @Override
    public boolean keeps(long id) {
        return source.keeps(entry.path(), id);
    }

    @Override
    public String path() {
        return entry.path();
    }

    @Override
    public int maxRecordBytes() {
        return source.maxRecordBytes();
    }

    @Override
    public InputStream open() throws IOException {
        digest = Sha256.newDigest();
        // the SHA-256 is of the stored bytes; Tink reads the ciphertext to its end, so all of it is digested
        return StoredFiles.decrypted(source, entry.path(), new DigestInputStream(source.open(entry.path()), digest));
    }

    @Override
    public void checkComplete() {
        String sha = Sha256.hex(digest);
        if (!sha.equals(entry.sha256())) {
            throw new GraphVaultException(source.where(entry.path()) + " changed after it was verified: its SHA-256 is now "
                    + sha + ", the manifest says " + entry.sha256() + ". What was read of it may be in the database: restore again"
                    + " from an intact copy");
        }
    }

    @Override
    public String toString() {
        return source.where(entry.path());
    }
}
