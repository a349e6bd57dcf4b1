package io.graphvault.storage;

import io.graphvault.format.BackupCipher;
import java.io.IOException;
import java.io.InputStream;

/** Read access to the files of one backup, in a local folder or under an S3 prefix. */
public interface BackupSource {

    /** RESTORE_MAX_RECORD_BYTES unless set. */
    int DEFAULT_MAX_RECORD_BYTES = io.graphvault.format.BatchFileToRead.DEFAULT_MAX_RECORD_BYTES;

    /** Where the backup is, for messages: a folder path or {@code s3://bucket/prefix/id}. */
    String location();

    boolean exists(String path) throws IOException;

    /** Opens a file of the backup for streaming; {@code path} is relative, with forward slashes. */
    InputStream open(String path) throws IOException;

    /**
     * The longest record (line) a data file may hold, in bytes (RESTORE_MAX_RECORD_BYTES): lines are
     * read with no more memory than this, and a longer one fails the read, named by file and line.
     */
    int maxRecordBytes();

    /** The key this backup's files decrypt with (bound to the backup), or null: plain, or no key for it here. */
    default BackupCipher cipher() {
        return null;
    }

    /** A file of the backup as a message names it. */
    default String where(String path) {
        return location() + "/" + path;
    }

    /**
     * Whether the record with export id {@code id} in the data file {@code path} is part of the backup: always,
     * but in a view over an incremental backup's chain, where an ancestor's record is one only when the backup
     * holds it and no newer backup of the chain wrote it again.
     */
    default boolean keeps(String path, long id) {
        return true;
    }

    /** Whether this is a view over an incremental backup's chain, its parents' files among its own. */
    default boolean chained() {
        return false;
    }

    /** The backup {@code id} beside this one (in the same folder, or under the same prefix): an incremental's parent. */
    default BackupSource sibling(String id) {
        throw new UnsupportedOperationException(location() + " has no siblings");
    }

    /** A stored file of the backup, decrypted: the key must be set ({@link #cipher()}). */
    default InputStream decrypting(InputStream stored, String path) throws IOException {
        if (cipher() == null) {
            throw new io.graphvault.internal.GraphVaultException(where(path) + " is encrypted and no key for it is set: set"
                    + " BACKUP_ENCRYPTION_KEY or BACKUP_DECRYPTION_KEYS to the key of the backup's manifest");
        }
        return cipher().decrypting(stored, path);
    }
}
