package io.graphvault.format;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * One batch file's records on their way through the backup route: {@link BatchDataFormat} writes
 * them as JSON Lines, one record a line, gzipped when the path ends in {@code .gz}.
 */
public interface RecordBatch extends BackupFileContent {

    /** Writes record {@code index} as one JSON object (no line break: the data format adds it). */
    void writeRecord(int index, JsonGenerator g) throws IOException;
}
