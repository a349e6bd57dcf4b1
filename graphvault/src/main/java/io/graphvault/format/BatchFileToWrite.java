package io.graphvault.format;

import java.io.IOException;
import java.io.OutputStream;

/**
 * One batch file's records on their way through the backup route, as JSON Lines (one record a line,
 * each through {@link TypedValueCodec}): {@link BatchDataFormat} gzips them when the path ends in
 * {@code .gz}, and encrypts them when it ends in {@code .enc}.
 */
public interface BatchFileToWrite extends BackupFileToWrite {

    /** Writes the records' JSON Lines, each line ended by a line break. */
    void writeLines(OutputStream out) throws IOException;

    /**
     * How hard gzip works: 1 (the fastest) for a full backup's files, where speed pays; an incremental backup's
     * few, scattered records, which gzip's window finds little to share between, gain about a sixth at 6.
     */
    default int gzipLevel() {
        return java.util.zip.Deflater.BEST_SPEED;
    }
}
