package io.graphvault.backup;

import com.fasterxml.jackson.core.JsonGenerator;
import io.graphvault.format.BatchFileToWrite;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The message of the backup route's split: one batch file's records as JSON Lines, encoded as they
 * were read ({@link JsonLines}); the data format gzips (and encrypts) them on a worker thread while
 * the next batch is read. {@code json} is shared, not copied: nothing writes to it any more.
 */
record ExportedBatch(String path, long records, byte[] json, int length, int gzipLevel) implements BatchFileToWrite {

    /** One record, a node or a relationship, as read: written as one JSON object, without a line break. */
    interface Line {
        void write(JsonGenerator g) throws IOException;

        /** The record's export id. */
        long id();
    }

    @Override
    public void writeLines(OutputStream out) throws IOException {
        out.write(json, 0, length);
    }
}
