package io.graphvault.backup;

import com.fasterxml.jackson.core.JsonGenerator;
import io.graphvault.format.RecordBatch;
import java.io.IOException;
import java.util.List;

/**
 * The message of the backup route's split: one batch file's lines, read from the database and not
 * yet encoded (the data format encodes them on a worker thread while the next batch is read).
 */
record GraphBatch(String path, List<Line> lines, long estimatedBytes) implements RecordBatch {

    /** One record: a node or a relationship, as read; how big its JSON is at most. */
    interface Line {
        void write(JsonGenerator g) throws IOException;

        long estimatedBytes();
    }

    @Override
    public long records() {
        return lines.size();
    }

    @Override
    public void writeRecord(int index, JsonGenerator g) throws IOException {
        lines.get(index).write(g);
    }
}
