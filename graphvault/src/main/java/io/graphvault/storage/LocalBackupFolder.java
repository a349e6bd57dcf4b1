package io.graphvault.storage;

import java.nio.file.Path;

/**
 * A backup that was written to a local folder: what replication needs of the backup job it finds on
 * the exchange, without the storage packages depending on the backup feature.
 */
public interface LocalBackupFolder {

    /** The completed local backup, null when the backup went straight to S3. */
    Path finalDir();
}
