package io.graphvault.backup;

import com.fasterxml.jackson.core.JsonGenerator;
import io.graphvault.format.TypedValueCodec;
import io.graphvault.progress.Progress;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.neo4j.driver.Record;
import org.neo4j.driver.Result;
import org.neo4j.driver.Value;

/**
 * Node lines, read from one or more node queries in turn (the node pass; the late nodes, a query
 * per chunk of ids). Each node read is counted and remembered as exported as it goes by.
 */
final class NodeLines implements Iterator<ExportedBatch.Line> {

    // Columns by position: a lookup by name scans the record's keys, for every value of every record.
    private static final int NODE_ID = 0;
    private static final int NODE_LABELS = 1;
    private static final int NODE_PROPS = 2;

    private final Iterator<Result> results;
    private final List<String> excluded;
    private final ExportCounts counts;
    private final Progress progress;
    private final NodeIds exported;
    private final LiveChanges changes;
    private Result current;

    /** {@code results}: run lazily, one after the other, each read to its end before the next is asked for. */
    NodeLines(Iterator<Result> results, List<String> excluded, ExportCounts counts, Progress progress, NodeIds exported,
            LiveChanges changes) {
        this.results = results;
        this.excluded = excluded;
        this.counts = counts;
        this.progress = progress;
        this.exported = exported;
        this.changes = changes;
    }

    @Override
    public boolean hasNext() {
        while (current == null || !current.hasNext()) {
            if (!results.hasNext()) {
                return false;
            }
            current = results.next();
        }
        return true;
    }

    @Override
    public ExportedBatch.Line next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Record r = current.next();
        long id = exported.elementIds.of(r.get(NODE_ID).asString());
        Value labels = r.get(NODE_LABELS);
        Value props = r.get(NODE_PROPS);
        exported.add(id);
        changes.nodeRead(id, labels, props);
        counts.node(labels, props);
        progress.advance(1);
        return new NodeLine(id, labels, props, excluded);
    }

    private record NodeLine(long id, Value labels, Value props, List<String> excluded)
            implements ExportedBatch.Line {

        @Override
        public void write(JsonGenerator g) throws IOException {
            g.writeStartObject();
            g.writeNumberField("id", id);
            g.writeArrayFieldStart("labels");
            for (Value label : labels.values()) {
                g.writeString(label.asString());
            }
            g.writeEndArray();
            g.writeFieldName("props");
            TypedValueCodec.writeProperties(g, props, excluded);
            g.writeEndObject();
        }
    }
}
