package io.graphvault.backup;

import com.fasterxml.jackson.core.JsonGenerator;
import io.graphvault.format.BackupSchema.NodeKey;
import io.graphvault.format.TypedValueCodec;
import io.graphvault.progress.Progress;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.neo4j.driver.Result;
import org.neo4j.driver.Transaction;
import org.neo4j.driver.Value;
import org.neo4j.driver.Values;

/**
 * Relationship lines in the order the format promises: each start node's relationships together,
 * sorted by end node, type and id ({@link StartNodeBuffer}), in ascending start id; then the hubs,
 * each read again sorted by the server. Lines are numbered within a group of parallel ones
 * ({@link SiblingCounter}) as they are handed out, and each endpoint is shown to {@link LiveChanges}:
 * one not exported yet is read in the late-node pass, one whose key moved is found by export id.
 */
final class RelationshipLines implements Iterator<ExportedBatch.Line> {

    /** Relationships of one start node held for sorting, at least: a hub above it is read again sorted by the server. */
    private static final int MIN_HELD_RELATIONSHIPS = 10_000;

    private final Transaction tx;
    private final List<NodeKey> keys;
    private final ExportCounts counts;
    private final Progress progress;
    private final NodeIds exported;
    private final LiveChanges changes;
    private final ExportIds relationshipIds;
    private final SiblingCounter siblings = new SiblingCounter();
    private final ArrayDeque<RelationshipRow> pending = new ArrayDeque<>();
    private final StartNodeBuffer buffer;
    private final Result scan;
    private Iterator<Long> hubs;
    private Result hub;

    RelationshipLines(Transaction tx, List<NodeKey> keys, int batchSize, ExportCounts counts, Progress progress,
            NodeIds exported, LiveChanges changes, ExportIds relationshipIds) {
        this.tx = tx;
        this.keys = keys;
        this.counts = counts;
        this.progress = progress;
        this.exported = exported;
        this.changes = changes;
        this.relationshipIds = relationshipIds;
        this.buffer = new StartNodeBuffer(Math.max(batchSize, MIN_HELD_RELATIONSHIPS), pending::add);
        this.scan = tx.run(ExportQueries.relationships(keys));
    }

    @Override
    public boolean hasNext() {
        while (pending.isEmpty()) {
            if (hubs == null) {
                if (scan.hasNext()) {
                    buffer.add(row(scan.next()));
                } else {
                    buffer.flush();
                    hubs = buffer.deferred().iterator();
                }
            } else if (hub != null && hub.hasNext()) {
                pending.add(row(hub.next()));
            } else if (hubs.hasNext()) {
                if (hub == null) {
                    // The hubs come after every other start node, each whole, in ascending id as the scan met
                    // them. Restarted only now: the flushed lines of the last start node were numbered first
                    // (pending is empty here, so next() has handed all of them out).
                    siblings.restart();
                }
                hub = tx.run(ExportQueries.relationshipsOf(keys), Values.parameters("start", exported.elementIds.elementId(hubs.next())));
            } else {
                return false;
            }
        }
        return true;
    }

    @Override
    public ExportedBatch.Line next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        RelationshipRow r = pending.poll();
        changes.endpointRead(r.start(), r.startKey(), exported.contains(r.start()), r.id(), r.type());
        changes.endpointRead(r.end(), r.endKey(), exported.contains(r.end()), r.id(), r.type());
        int ordinal = siblings.next(r.start(), r.end(), r.type());
        counts.relationship(r.type());
        progress.advance(1);
        return new RelationshipLine(r, ordinal, keys);
    }

    /** Whether every group of parallel relationships was met whole (what the manifest records). */
    boolean ordinalsComplete() {
        return siblings.complete();
    }

    private RelationshipRow row(org.neo4j.driver.Record record) {
        return RelationshipRow.of(record, exported.elementIds, relationshipIds);
    }

    private record RelationshipLine(RelationshipRow r, int ordinal, List<NodeKey> keys)
            implements ExportedBatch.Line {

        @Override
        public long id() {
            return r.id();
        }

        @Override
        public void write(JsonGenerator g) throws IOException {
            g.writeStartObject();
            g.writeNumberField("id", r.id());
            g.writeStringField("type", r.type());
            g.writeNumberField("start", r.start());
            g.writeNumberField("end", r.end());
            if (ordinal > 1) {
                g.writeNumberField("n", ordinal);
            }
            writeEndpointKey(g, "startKey", r.startKey());
            writeEndpointKey(g, "endKey", r.endKey());
            g.writeFieldName("props");
            TypedValueCodec.writeProperties(g, r.props(), List.of());
            g.writeEndObject();
        }

        private void writeEndpointKey(JsonGenerator g, String field, Value key) throws IOException {
            if (key.isNull()) {
                return;
            }
            NodeKey nodeKey = keys.get(key.get(0).asInt());
            g.writeObjectFieldStart(field);
            g.writeStringField("label", nodeKey.label());
            g.writeStringField("property", nodeKey.property());
            g.writeFieldName("value");
            TypedValueCodec.writeValue(g, key.get(1));
            g.writeEndObject();
        }
    }
}
