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
}
