package io.graphvault.storage.verify;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphvault.format.BatchFileReader;
import io.graphvault.format.DecodedRecord;
import io.graphvault.format.TokenNames;
import io.graphvault.format.TypedValueReader;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.function.Predicate;
import org.roaringbitmap.longlong.Roaring64Bitmap;

/**
 * Reads each record of a data file as the restore will (fields, value types, names), so that one
 * the restore could not write is found before anything is written, and counts the labels and
 * relationship types it meets for the comparison with the manifest.
 */
final class RecordCheck implements RecordLines.LineSink {

    private final boolean nodes;
    private final Map<String, Long> labels;
    private final Map<String, Long> types;
    private final Roaring64Bitmap nodeIds;
    private final Set<Long> dropped;
    private final int maxRecordBytes;
    private final LongPredicate keeps;
    private final long[] kept;

    /**
     * Counts into {@code labels} (node files) or {@code types} (relationship files), and adds each node's export
     * id to {@code nodeIds}, the ids of every node file checked before (all of them, for a relationship
     * file: its endpoints must be among them). {@code dropped}: relationships in the files that are
     * not part of the backup (see BackupManifest.Consistency), neither counted nor checked for ends.
     * {@code maxRecordBytes}: RESTORE_MAX_RECORD_BYTES. {@code keeps}: whether a record is part of the backup (an
     * ancestor's record in a view over an incremental backup's chain may not be): the others are read and checked, not
     * counted. {@code kept}: the nodes, and relationships but the dropped ones, that are, counted up.
     */
    RecordCheck(boolean nodes, Map<String, Long> labels, Map<String, Long> types, Roaring64Bitmap nodeIds, Set<Long> dropped,
            int maxRecordBytes, LongPredicate keeps, long[] kept) {
        this.keeps = keeps;
        this.kept = kept;
        this.nodes = nodes;
        this.labels = labels;
        this.types = types;
        this.nodeIds = nodeIds;
        this.dropped = dropped;
        this.maxRecordBytes = maxRecordBytes;
    }

    @Override
    public void accept(byte[] line, int length, long lineNo) {
        if (BatchFileReader.isBlank(line, length)) {
            return;
        }
        try {
            DecodedRecord record = BatchFileReader.read(line, length, lineNo, maxRecordBytes);
            if (!keeps.test(record.id())) {
                checkPropertyKeys(record.props());
                return;
            }
            if (nodes) {
                checkNode(record.fields());
            } else {
                checkRelationship(record.fields());
            }
            checkPropertyKeys(record.props());
        } catch (IOException e) {
            throw new BadRecord(lineNo, "not valid JSON: " + BackupReader.firstLine(e.getMessage()));
        } catch (RuntimeException e) {
            throw new BadRecord(lineNo, BackupReader.firstLine(e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }

    private void checkNode(JsonNode record) {
        require(record, "id", RecordCheck::isExportId, "a 64-bit integer");
        long id = record.get("id").longValue();
        if (nodeIds.contains(id)) {
            throw new IllegalArgumentException("node id " + id + " is the id of an earlier node record too: relationships"
                    + " name their endpoints by these ids, so each node has its own, and a restore would tie a relationship"
                    + " to both");
        }
        nodeIds.addLong(id);
        kept[0]++;
        require(record, "labels", JsonNode::isArray, "a list of labels");
        for (JsonNode l : record.get("labels")) {
            if (!l.isTextual()) {
                throw new IllegalArgumentException("\"labels\" must hold strings, found " + l.getNodeType());
            }
            TokenNames.require("the label in \"labels\"", l.textValue());
            labels.merge(l.textValue(), 1L, Long::sum);
        }
    }

    private void checkRelationship(JsonNode record) {
        require(record, "id", RecordCheck::isExportId, "a 64-bit integer");
        require(record, "type", JsonNode::isTextual, "a relationship type");
        TokenNames.require("the relationship type in \"type\"", record.get("type").textValue());
        require(record, "start", RecordCheck::isExportId, "a 64-bit integer");
        require(record, "end", RecordCheck::isExportId, "a 64-bit integer");
        for (String end : List.of("startKey", "endKey")) {
            JsonNode key = record.get(end);
            if (key != null && !key.isNull()) {
                require(key, "label", JsonNode::isTextual, "a label (in \"" + end + "\")");
                require(key, "property", JsonNode::isTextual, "a property key (in \"" + end + "\")");
                TokenNames.require("the label in \"" + end + "\"", key.get("label").textValue());
                TokenNames.require("the property key in \"" + end + "\"", key.get("property").textValue());
                TypedValueReader.readValue(key.path("value"));
            }
        }
        if (dropped.contains(record.get("id").longValue())) {
            return;
        }
        for (String end : List.of("start", "end")) {
            long node = record.get(end).longValue();
            if (!nodeIds.contains(node)) {
                throw new IllegalArgumentException("the relationship's " + end + " node " + node + " is in no node file of the"
                        + " backup: the restore could not connect it");
            }
        }
        types.merge(record.get("type").textValue(), 1L, Long::sum);
        kept[1]++;
    }

    private static void checkPropertyKeys(Map<String, Object> props) {
        for (String key : props.keySet()) {
            TokenNames.require("the property key in \"props\"", key);
        }
    }

    /** An export id: past 64 bits, {@code longValue()} would wrap it round onto another node's. */
    private static boolean isExportId(JsonNode v) {
        return v.isIntegralNumber() && v.canConvertToLong();
    }

    private static void require(JsonNode record, String field, Predicate<JsonNode> valid, String what) {
        JsonNode v = record.get(field);
        if (v == null || !valid.test(v)) {
            throw new IllegalArgumentException("\"" + field + "\" must be " + what + ", found "
                    + (v == null ? "nothing" : v.getNodeType().toString()));
        }
    }
}
