package io.graphvault.restore;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphvault.format.BackupFileNames;
import io.graphvault.format.BackupManifest.FileEntry;
import io.graphvault.format.BackupSchema.NodeKey;
import io.graphvault.format.BatchFileReader;
import io.graphvault.format.DecodedRecord;
import io.graphvault.internal.GraphVaultHeaders;
import io.graphvault.internal.Neo4jSettings;
import io.graphvault.restore.NodeMerge.NodeRow;
import io.graphvault.restore.RelationshipClaims.RelRow;
import io.graphvault.storage.CheckedBatchFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The importer steps of the restore route: the node and relationship writers of one restore, and
 * one call per batch file that turns its records into rows for them. The writers write in
 * parallel ({@link #WRITERS}) while the route reads the next file ({@link ParallelBatchWriter} says why they are
 * threads of a bean and not of the route); a phase's last step waits for all of its writes, so
 * every node is written before the first relationship is read.
 */
public final class GraphImporter {

    private static final Logger LOG = LoggerFactory.getLogger(GraphImporter.class);

    /** The writer count the bench limits were measured with (restore / write limit 1.00 on 200k/400k). */
    static final int WRITERS = 2;

    private final Supplier<Session> sessions;

    public GraphImporter(Driver driver, Neo4jSettings neo4j) {
        this.sessions = () -> driver.session(SessionConfig.forDatabase(neo4j.database()));
    }

    Session session() {
        return sessions.get();
    }

    Supplier<Session> sessions() {
        return sessions;
    }

    // ---- nodes ---------------------------------------------------------------------------------

    /** The node files, for the route's first split. */
    public List<CheckedBatchFile> nodeFiles(@ExchangeProperty(GraphVaultHeaders.RESTORE_PLAN) RestorePlan plan) {
        return plan.nodeBatches();
    }

    /**
     * Keyed nodes go to parallel writers; so do keyless ones, unless they must claim existing nodes
     * (two writers could claim the same one).
     */
    public NodeWriter nodeWriter(@ExchangeProperty(GraphVaultHeaders.RESTORE_PLAN) RestorePlan plan) {
        return new NodeWriter(nodeBatcher(plan, WRITERS), nodeBatcher(plan, plan.claimNodes() ? 1 : WRITERS));
    }

    private ParallelBatchWriter<NodeRow> nodeBatcher(RestorePlan plan, int writers) {
        return new ParallelBatchWriter<>(sessions, plan.batchSize(), writers, (s, rows) -> {
            String batch = BatchReceipts.name("nodes", rows, NodeRow::id);
            s.executeWriteWithoutResult(tx -> {
                if (BatchReceipts.find(tx, batch) == null) { // else a retry of a batch that was committed
                    NodeMerge.write(tx, rows, plan.claimNodes());
                    BatchReceipts.write(tx, batch, Map.of());
                }
            });
            plan.tally().nodes(rows.size());
            plan.progress().advance(rows.size());
        });
    }

    /** One node file: each record becomes a row of the node writers, but those that already claimed their twin. */
    public void writeNodes(@Body BatchFileReader records, @ExchangeProperty(GraphVaultHeaders.NODE_WRITER) NodeWriter writer,
            @ExchangeProperty(GraphVaultHeaders.RESTORE_PLAN) RestorePlan plan) {
        try (records) {
            while (records.hasNext()) {
                DecodedRecord r = records.next();
                if (!plan.preclaimed().isEmpty() && plan.preclaimed().contains(r.id())) {
                    plan.tally().nodes(1); // the same labels and properties are there: nothing to write
                    plan.progress().advance(1);
                    continue;
                }
                List<String> labels = labels(r);
                // a moved node is merged on its key but found by export id, as a node without one is
                NodeKey exportKey = plan.moved().contains(r.id()) ? null : plan.exportKeys().keyOf(labels, r.props());
                writer.add(new NodeRow(r.id(), labels, r.props(), exportKey, plan.mergeKeys().mergeKeyOf(labels, r.props())), r.bytes());
            }
        }
    }

    /** Waits until every node is written; rethrows the first write that failed. */
    public void nodesWritten(@ExchangeProperty(GraphVaultHeaders.NODE_WRITER) NodeWriter writer) {
        writer.close();
    }

    static List<String> labels(DecodedRecord r) {
        List<String> labels = new ArrayList<>();
        r.fields().path("labels").forEach(l -> labels.add(l.asText()));
        return labels;
    }

    /** Sends keyed and keyless nodes to their own batchers. */
    static final class NodeWriter implements AutoCloseable {
        private final ParallelBatchWriter<NodeRow> keyed;
        private final ParallelBatchWriter<NodeRow> keyless;

        NodeWriter(ParallelBatchWriter<NodeRow> keyed, ParallelBatchWriter<NodeRow> keyless) {
            this.keyed = keyed;
            this.keyless = keyless;
        }

        void add(NodeRow row, int size) {
            (row.mergeKey() == null ? keyless : keyed).add(row, size);
        }

        @Override
        public void close() {
            try {
                keyed.close();
            } finally {
                keyless.close();
            }
        }

        void abort() {
            keyed.abort();
            keyless.abort();
        }
    }

    // ---- relationships -------------------------------------------------------------------------

    /** The relationship files, for the route's second split. */
    public List<CheckedBatchFile> relationshipFiles(@ExchangeProperty(GraphVaultHeaders.RESTORE_PLAN) RestorePlan plan) {
        return plan.relationshipBatches();
    }

    public ParallelBatchWriter<RelRow> relationshipWriter(@ExchangeProperty(GraphVaultHeaders.RESTORE_PLAN) RestorePlan plan) {
        return RelationshipLanes.writer(plan, sessions, WRITERS);
    }

    /** One relationship file: each record becomes a row of the relationship writers. */
    public void writeRelationships(@Body BatchFileReader records,
            @ExchangeProperty(GraphVaultHeaders.RELATIONSHIP_WRITER) ParallelBatchWriter<RelRow> writer,
            @ExchangeProperty(GraphVaultHeaders.RESTORE_PLAN) RestorePlan plan) {
        try (records) {
            while (records.hasNext()) {
                DecodedRecord r = records.next();
                if (plan.dropped().contains(r.id())) {
                    continue;
                }
                var f = r.fields();
                long start = f.path("start").asLong();
                long end = f.path("end").asLong();
                writer.add(new RelRow(r.id(), f.path("type").asText(), start, end, endpointKey(plan, start, f.get("startKey")),
                        endpointKey(plan, end, f.get("endKey")), r.props(), records.path(), r.line()), r.bytes());
            }
        }
    }

    /** A moved endpoint is found by its export id: the key the relationship names is not the one its node was merged on. */
    private static JsonNode endpointKey(RestorePlan plan, long node, JsonNode key) {
        return plan.moved().contains(node) ? null : key;
    }

    /** Waits until every relationship is written; rethrows the first write that failed. */
    public void relationshipsWritten(@ExchangeProperty(GraphVaultHeaders.RELATIONSHIP_WRITER) ParallelBatchWriter<RelRow> writer,
            @ExchangeProperty(GraphVaultHeaders.RESTORE_PLAN) RestorePlan plan) {
        writer.close();
        plan.progress().finish();
    }

    /**
     * After a failure: the writers still open stop, and what they did not take is dropped (the restore
     * is run again). The batch receipts go if the database still answers, so that a user who looks finds
     * only the data (a re-run removes what is left of them in any case).
     */
    public void release(@ExchangeProperty(GraphVaultHeaders.NODE_WRITER) NodeWriter nodes,
            @ExchangeProperty(GraphVaultHeaders.RELATIONSHIP_WRITER) ParallelBatchWriter<RelRow> relationships) {
        try {
            if (nodes != null) {
                nodes.abort();
            }
        } finally {
            if (relationships != null) {
                relationships.abort();
            }
            try (Session s = session()) {
                BatchReceipts.removeAll(s);
            } catch (RuntimeException e) {
                LOG.debug("the batch receipts stay until the restore is run again: {}", e.getMessage());
            }
        }
    }

    static boolean isNodeFile(FileEntry f) {
        return f.path().startsWith(BackupFileNames.NODES_DIR + "/");
    }

    static boolean isRelationshipFile(FileEntry f) {
        return f.path().startsWith(BackupFileNames.RELATIONSHIPS_DIR + "/");
    }
}
