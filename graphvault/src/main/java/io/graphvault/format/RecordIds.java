package io.graphvault.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The export id of a record line, without decoding the rest of it: what an incremental backup's chain
 * skips records by, and what it hashes its parent's lines under. GraphVault writes {@code "id"} first, so it is
 * read by hand there; any other line goes through Jackson's streaming parser.
 */
final class RecordIds {

    private static final byte[] ID_FIRST = "{\"id\":".getBytes(StandardCharsets.US_ASCII);

    private RecordIds() {
    }

    /**
     * @throws IOException the line is not valid JSON before its id
     * @throws IllegalArgumentException it holds no numeric {@code "id"}
     */
    static long of(byte[] line, int length, int maxRecordBytes) throws IOException {
        if (length > ID_FIRST.length + 1 && Arrays.equals(line, 0, ID_FIRST.length, ID_FIRST, 0, ID_FIRST.length)) {
            int at = ID_FIRST.length;
            boolean negative = line[at] == '-';
            if (negative) {
                at++;
            }
            long id = 0;
            int digits = 0;
            while (at < length && line[at] >= '0' && line[at] <= '9' && digits < 18) {
                id = id * 10 + (line[at++] - '0');
                digits++;
            }
            if (digits > 0 && at < length && (line[at] == ',' || line[at] == '}')) {
                return negative ? -id : id;
            }
        }
        try (JsonParser p = BackupJson.records(maxRecordBytes).createParser(line, 0, length)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    boolean id = "id".equals(p.currentName());
                    p.nextToken();
                    if (id && p.currentToken().isNumeric()) {
                        return p.getLongValue();
                    }
                    p.skipChildren();
                }
            }
        }
        throw new IllegalArgumentException("the record has no numeric \"id\"");
    }
}
