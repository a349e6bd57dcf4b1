package io.graphvault.format;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * One record (line) of a batch file: its fields as written, its properties decoded by the
 * typed-value codec, the length of its line (write batches are bounded in bytes too) and its line
 * number (to name it in a message).
 */
public record DecodedRecord(JsonNode fields, Map<String, Object> props, int bytes, long line) {

    /** The export id of the node or relationship. */
    public long id() {
        return fields.path("id").asLong();
    }
}
