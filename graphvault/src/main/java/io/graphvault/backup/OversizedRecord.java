package io.graphvault.backup;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.graphvault.format.BackupJson;
import io.graphvault.format.TokenNames;
import io.graphvault.internal.GraphVaultException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The error for a record the backup encoded longer than RESTORE_MAX_RECORD_BYTES: verify and every restore
 * would refuse its line, so the backup fails, naming the node or relationship and the property that takes
 * most of it. Only called on that failure: it parses the line once more, skipping its strings unread.
 */
final class OversizedRecord {

    private OversizedRecord() {
    }

    static GraphVaultException explain(byte[] buf, int from, int length, int maxRecordBytes) {
        String id = "?";
        String type = null;
        List<String> labels = new ArrayList<>();
        String key = null;
        long keyBytes = 0;
        // the documents' reader, which has no limit below Neo4j's: this line is longer than the records' limit
        try (JsonParser p = BackupJson.DOCUMENTS.createParser(buf, from, length)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "id" -> id = p.getText();
                    case "type" -> type = p.getText();
                    case "labels" -> {
                        while (p.nextToken() == JsonToken.VALUE_STRING) {
                            labels.add(":" + TokenNames.shown(p.getText()));
                        }
                    }
                    case "props" -> {
                        JsonToken t = p.nextToken();
                        while (t == JsonToken.FIELD_NAME) {
                            long at = p.currentTokenLocation().getByteOffset();
                            String name = p.currentName();
                            p.nextToken();
                            p.skipChildren();
                            t = p.nextToken(); // skips a string's characters without making a String of them
                            long bytes = p.currentTokenLocation().getByteOffset() - at;
                            if (bytes > keyBytes) {
                                key = name;
                                keyBytes = bytes;
                            }
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            // the line was just written from the driver's values; failing to parse it only loses names for the message
        }
        String record = type == null ? "node " + (labels.isEmpty() ? "(no label)" : String.join("", labels)) + " with export id " + id
                : "relationship [:" + TokenNames.shown(type) + "] with export id " + id;
        String property = key == null ? "" : ", most of it property \"" + TokenNames.shown(unescaped(key)) + "\" ("
                + String.format("%,d", keyBytes) + " bytes)";
        return new GraphVaultException("the record of " + record + " is " + String.format("%,d", length)
                + " bytes of JSON" + property + ": longer than RESTORE_MAX_RECORD_BYTES (" + maxRecordBytes + "), the longest"
                + " record verify and every restore read, so this backup could not be restored and none was kept. Set"
                + " RESTORE_MAX_RECORD_BYTES to at least " + length + " for the backup and for every verify and restore of it"
                + " (each needs a heap of several times that; see README), or leave the property out with --exclude-properties");
    }

    /** The property key as in the database: the codec writes one that starts with $ with one more $. */
    private static String unescaped(String key) {
        return key.startsWith("$$") ? key.substring(1) : key;
    }
}
