package io.graphvault.backup;

import io.graphvault.format.BackupFileNames;
import io.graphvault.format.BackupFileToWrite;
import io.graphvault.format.BackupIdSets;
import io.graphvault.format.BackupManifest;
import io.graphvault.format.BackupSchema;
import java.io.Closeable;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import java.util.zip.Deflater;
import org.neo4j.driver.Result;
import org.neo4j.driver.Session;
import org.neo4j.driver.Transaction;
import org.neo4j.driver.Values;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backup route's split: the schema, then node batches, relationship batches and the late
 * nodes' batches, all read in one READ transaction. Each batch is handed out bounded in records
 * and bytes ({@link BatchFileLimits}) and encoded as JSON Lines as it is read ({@link JsonLines}); the
 * data format gzips it on a worker thread while the next batch is read. Only the split's thread calls {@link #hasNext()} and
 * {@link #next()}. The transaction and session are closed when the last batch is handed out, and
 * by {@link #close()} (which the split calls when it ends or fails, and the failure handler again).
 */
final class ExportBatches implements Iterator<BackupFileToWrite>, Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(ExportBatches.class);
    private static final int LATE_NODES_PER_QUERY = 10_000;

    private enum Phase { SCHEMA, NODES, RELATIONSHIPS, LATE_NODES, DONE }

    private final BackupJob job;
    private final Session session;
    private final Transaction tx;
    private final BackupSchema schema;
    private final BatchFileLimits bounds;
    private final ExportRead read;
    /** An incremental backup's comparison with its parent; null for a full backup. */
    private final RecordDelta delta;
    private final Supplier<TransactionMarks.Span> span;
    private Phase phase = Phase.SCHEMA;
    private Iterator<ExportedBatch.Line> lines;
    /** The encoded line that did not fit the batch before: the next one starts with it. */
    private byte[] carried;
    private RelationshipLines relationships;
    private int nodeFiles;
    private int relationshipFiles;
    private BackupFileToWrite next;
    private boolean closed;

    ExportBatches(BackupJob job, Session session, Transaction tx, BackupSchema schema, BatchFileLimits bounds, ExportRead read,
            RecordDelta delta, Supplier<TransactionMarks.Span> span) {
        this.delta = delta;
        this.job = job;
        this.session = session;
        this.tx = tx;
        this.schema = schema;
        this.bounds = bounds;
        this.read = read;
        this.span = span;
    }

    /**
     * Synchronized with {@link #close()}: the split's failure handling closes the read from a worker thread
     * while the split's thread may be reading the next batch, and the driver refuses two calls on one
     * transaction at once ("API calls to result cursor must be sequential"), which then hid the failure that
     * stopped the backup (seen once in BackupRouteIT). A close now waits for the batch being read.
     */
    @Override
    public synchronized boolean hasNext() {
        if (next == null && phase != Phase.DONE) {
            next = advance();
        }
        return next != null;
    }

    @Override
    public synchronized BackupFileToWrite next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        BackupFileToWrite out = next;
        next = null;
        return out;
    }

    private BackupFileToWrite advance() {
        while (true) {
            switch (phase) {
                case SCHEMA -> {
                    phase = Phase.NODES;
                    lines = read.nodes(List.of(tx.run(ExportQueries.NODES)).iterator());
                    return new BackupFileToWrite.Document(job.storedPath(BackupSchema.FILE_NAME),
                            schema.constraints().size() + schema.indexes().size(), schema);
                }
                case NODES, LATE_NODES -> {
                    ExportedBatch batch = moreLines() ? batch(BackupFileNames.NODES_DIR, nodeFiles + 1) : null;
                    if (batch != null) {
                        nodeFiles++;
                        return batch;
                    }
                    if (phase == Phase.NODES) {
                        phase = Phase.RELATIONSHIPS;
                        relationships = read.relationships(tx, schema.keys());
                        lines = relationships;
                    } else {
                        return finish();
                    }
                }
                case RELATIONSHIPS -> {
                    ExportedBatch batch = moreLines() ? batch(BackupFileNames.RELATIONSHIPS_DIR, relationshipFiles + 1) : null;
                    if (batch != null) {
                        relationshipFiles++;
                        return batch;
                    }
                    phase = Phase.LATE_NODES;
                    lines = read.nodes(lateNodeQueries());
                }
                default -> {
                    return null;
                }
            }
        }
    }

    private boolean moreLines() {
        return carried != null || lines.hasNext();
    }

    /**
     * The lines up to the bounds, encoded as they are read. A line that takes the batch over its
     * bytes is cut off and starts the next batch, unless it is the batch's only line. In an incremental
     * backup a line its parent holds as it is goes no further; null when no line is left to write.
     */
    private ExportedBatch batch(String dir, int sequence) {
        boolean nodes = BackupFileNames.NODES_DIR.equals(dir);
        JsonLines batch = new JsonLines(bounds.maxRecordBytes());
        if (carried != null) {
            batch.add(carried);
            carried = null;
        }
        while (bounds.roomFor(batch.lines()) && lines.hasNext()) {
            int mark = batch.size();
            ExportedBatch.Line line = lines.next();
            batch.add(line);
            if (!batch.keepLast(mark, delta, nodes, line.id())) {
                continue;
            }
            if (bounds.overflows(batch.lines(), batch.size())) {
                carried = batch.cutFrom(mark);
                break;
            }
        }
        return batch.lines() == 0 ? null : batch.batch(job.storedPath(BackupFileNames.batchPath(dir, sequence, job.gzip())),
                delta == null ? Deflater.BEST_SPEED : Deflater.DEFAULT_COMPRESSION);
    }

    /**
     * A database that is written to during the backup can gain a relationship to a node created
     * after the node pass went by (Neo4j's read transactions see committed writes). Such nodes are
     * read by id at the end, in the same transaction, and added to the node files, so that every
     * relationship of the backup has both its ends in it.
     */
    private Iterator<Result> lateNodeQueries() {
        List<Long> ids = read.lateIds();
        if (!ids.isEmpty()) {
            LOG.info("backup {}: {} node(s) were created while the backup ran and are added at the end", job.id(), ids.size());
        }
        return new Iterator<>() {
            private int from;

            @Override
            public boolean hasNext() {
                return from < ids.size();
            }

            @Override
            public Result next() {
                List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + LATE_NODES_PER_QUERY));
                from += chunk.size();
                return tx.run(ExportQueries.NODES_BY_ID, Values.parameters("ids", read.elementIds(chunk)));
            }
        };
    }

    /**
     * The read is done: what moved meanwhile is settled ({@link LiveChanges}: a node deleted before
     * the late pass could read it takes its relationships out of the backup) and said.
     */
    private BackupFileToWrite finish() {
        tx.commit();
        phase = Phase.DONE;
        BackupManifest.Consistency consistency = read.consistency(span.get());
        if (consistency.snapshot() == null || !consistency.snapshot()) {
            LOG.info("backup {}: {}", job.id(), consistency.describe());
        }
        job.exported(new BackupJob.Export(read.source(), read.counts(), relationships.ordinalsComplete(), consistency));
        read.finish();
        close();
        if (delta == null) {
            return null;
        }
        // an incremental backup's last file: which records it holds, and which its own files hold
        String ids = job.storedPath(BackupIdSets.FILE_NAME);
        job.incremental(delta.manifestEntry(ids));
        return new BackupFileToWrite.Document(ids, 0, delta.idSets());
    }

    synchronized boolean closed() {
        return closed;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        phase = Phase.DONE;
        try {
            tx.close(); // rolls back unless committed
        } catch (RuntimeException e) {
            LOG.debug("backup {}: closing the read transaction: {}", job.id(), e.getMessage());
        } finally {
            session.close();
            read.abandon();
            if (delta != null) {
                delta.close();
            }
        }
    }
}
