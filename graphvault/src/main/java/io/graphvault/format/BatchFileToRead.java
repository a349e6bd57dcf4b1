package io.graphvault.format;

import java.io.IOException;
import java.io.InputStream;

/**
 * A batch file to be read by {@link BatchDataFormat}: where it is, how to open it, and how to
 * check, once it was read to its end, that it is the file the backup wrote.
 */
public interface BatchFileToRead {

    /** RESTORE_MAX_RECORD_BYTES unless set: far above any real record, far below what a JVM cannot hold. */
    int DEFAULT_MAX_RECORD_BYTES = 512 * 1024 * 1024;

    /** Where the file is, for messages: {@code FOLDER/nodes/000001.jsonl.gz} or {@code s3://bucket/prefix/id/...}. */
    String location();

    /** The file's path in the backup, e.g. {@code nodes/000001.jsonl.gz}. */
    String path();

    /** The longest line (record) the file may hold, in bytes: longer ones fail, named, without being held. */
    int maxRecordBytes();

    /** The file's bytes as written (decrypted when the backup is encrypted; gzip or not); called once. */
    InputStream open() throws IOException;

    /** Whether the record with this export id is part of the backup (see BackupSource#keeps): the others are skipped. */
    default boolean keeps(long id) {
        return true;
    }

    /** Called when every byte of the stream {@link #open} gave was read; fails when the file is not the backup's. */
    void checkComplete();
}
