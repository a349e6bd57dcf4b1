package io.graphvault.backup;

import io.graphvault.format.BackupManifest;
import io.graphvault.format.BackupSchema;
import io.graphvault.format.BackupSchema.NodeKey;
import io.graphvault.internal.Failures;
import io.graphvault.internal.GraphVaultException;
import io.graphvault.internal.Neo4jSettings;
import io.graphvault.progress.Progress;
import io.graphvault.storage.catalog.BackupCatalog;
import java.util.Iterator;
import java.util.List;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams the whole graph out of Neo4j in one READ transaction as the backup route's batches:
 * schema first, then nodes, then relationships ({@link ExportBatches}). The driver fetches
 * {@code batchSize} records at a time and a batch holds at most BACKUP_BATCH_SIZE records and
 * BACKUP_BATCH_BYTES of JSON, so memory does not grow with the graph.
 */
public final class GraphExporter {

    private static final Logger LOG = LoggerFactory.getLogger(GraphExporter.class);

    private final Driver driver;
    private final Neo4jSettings neo4j;
    private final long batchBytes;
    private final int maxRecordBytes;
    private final BackupCatalog catalog;

    /**
     * {@code maxRecordBytes}: RESTORE_MAX_RECORD_BYTES; a record longer than that fails the backup, named.
     * {@code catalog}: where an incremental backup's parent is read.
     */
    public GraphExporter(Driver driver, Neo4jSettings neo4j, long batchBytes, int maxRecordBytes, BackupCatalog catalog) {
        this.driver = driver;
        this.neo4j = neo4j;
        this.batchBytes = batchBytes;
        this.maxRecordBytes = maxRecordBytes;
        this.catalog = catalog;
    }

    /** The split's expression: a closeable iterator over the job's files, its transaction open until the last one. */
    public Iterator<?> batches(BackupJob job) {
        SessionConfig config = SessionConfig.builder()
                .withDatabase(neo4j.database())
                .withDefaultAccessMode(AccessMode.READ)
                .withFetchSize(job.request().batchSize())
                .build();
        RecordDelta delta = parent(job);
        Session session = driver.session(config);
        try {
            BackupManifest.Source source = readSource(session);
            BackupSchema schema = SchemaReader.read(session);
            requireKeysKept(job, schema.keys());
            String database = database();
            TransactionMarks.Mark mark = TransactionMarks.mark(session, database);
            Transaction tx = session.beginTransaction();
            long nodeTotal = tx.run(ExportQueries.NODE_COUNT).single().get("c").asLong();
            long relTotal = tx.run(ExportQueries.RELATIONSHIP_COUNT).single().get("c").asLong();
            Progress progress = Progress.start("backup " + job.id(), "records", nodeTotal + relTotal);
            ExportRead read = new ExportRead(source, job.request(), job.id(), schema.keys(), progress);
            ExportBatches batches = new ExportBatches(job, session, tx, schema,
                    new BatchFileLimits(job.request().batchSize(), batchBytes, maxRecordBytes), read, delta, () -> {
                        try (Session after = driver.session(config)) {
                            return TransactionMarks.since(mark, after, database);
                        }
                    });
            job.reading(batches);
            return new Explained(batches, job.id());
        } catch (RuntimeException e) {
            session.close();
            if (delta != null) {
                delta.close();
            }
            throw explain(job.id(), e);
        }
    }

    /**
     * An incremental backup's parent, read before the read transaction begins. One that cannot be read whole
     * (damaged, its own chain broken, its key not set) makes this backup a full one, said in the log: a backup
     * is not refused for what an older one lacks.
     */
    private RecordDelta parent(BackupJob job) {
        if (job.parentLocation() == null) {
            if (job.request().incremental()) {
                LOG.info("backup {}: taken in full: there is no earlier backup for it to be incremental on", job.id());
            }
            return null;
        }
        try {
            RecordDelta delta = RecordDelta.against(catalog, job.parentLocation(), job.cipher());
            LOG.info("backup {}: incremental on backup {}", job.id(), delta.parentId());
            return delta;
        } catch (GraphVaultException e) {
            LOG.warn("backup {}: taken in full, not incremental: the newest backup, at {}, cannot be read whole: {}", job.id(),
                    job.parentLocation(), e.getMessage());
            return null;
        }
    }

    /** Read errors named as the user needs them (unreadable value types, the server gone). */
    GraphVaultException explain(String backup, RuntimeException e) {
        return UnreadableValues.explain(driver, neo4j, backup, e);
    }

    /**
     * A merge key cannot be excluded: the relationship lines name their endpoints by it, and the
     * restore merges the nodes on it, so a backup without it would not restore.
     */
    private static void requireKeysKept(BackupJob job, List<NodeKey> keys) {
        for (NodeKey key : keys) {
            if (job.request().excludedProperties().contains(key.property())) {
                throw new GraphVaultException("backup " + job.id() + ": --exclude-properties " + key.property()
                        + " would leave out the key of the :" + key.label() + " nodes (their uniqueness constraint),"
                        + " which the restore finds them and their relationships by; keep it in the backup");
            }
        }
    }

    private String database() {
        return neo4j.database() == null || neo4j.database().isBlank() ? "neo4j" : neo4j.database();
    }

    private BackupManifest.Source readSource(Session session) {
        Record r = session.run(ExportQueries.SOURCE).single();
        return new BackupManifest.Source(neo4j.safeUri(), database(), r.get("version").asString(), r.get("edition").asString());
    }

    /**
     * The query that streams every relationship with its endpoints' keys. Public for the bench,
     * whose "read limit + endpoint keys" step must run exactly this query: a copy would drift.
     */
    public static String relationshipQuery(List<NodeKey> keys) {
        return ExportQueries.relationships(keys);
    }

    /** The batches, with a failure to read turned into its explanation and the transaction closed. */
    private final class Explained implements Iterator<Object>, java.io.Closeable {
        private final ExportBatches batches;
        private final String backup;

        Explained(ExportBatches batches, String backup) {
            this.batches = batches;
            this.backup = backup;
        }

        /**
         * A read closed under it ends the split quietly: the split closes it when a batch failed on
         * a worker, while this thread may be reading the next, and that failure is the one to report.
         */
        @Override
        public boolean hasNext() {
            try {
                return batches.hasNext();
            } catch (RuntimeException e) {
                if (batches.closed()) {
                    return false;
                }
                batches.close();
                throw explain(backup, e);
            } catch (Error e) { // out of memory: the split would lose it and wait for a batch that never comes
                batches.close();
                throw Failures.unchecked(e);
            }
        }

        @Override
        public Object next() {
            try {
                return batches.next();
            } catch (RuntimeException e) {
                batches.close();
                throw explain(backup, e);
            } catch (Error e) {
                batches.close();
                throw Failures.unchecked(e);
            }
        }

        @Override
        public void close() {
            batches.close();
        }
    }
}
