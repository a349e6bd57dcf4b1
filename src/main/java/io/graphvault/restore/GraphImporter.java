package io.graphvault.restore;

import static io.graphvault.internal.CypherNames.labelExpression;
import static io.graphvault.internal.CypherNames.quote;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphvault.compare.GraphSnapshot;
import io.graphvault.format.BackupFiles;
import io.graphvault.format.BackupManifest.FileEntry;
import io.graphvault.format.BackupSchema.NodeKey;
import io.graphvault.restore.NodeKeys.MergeKey;
import io.graphvault.format.TypedValueCodec;
import io.graphvault.internal.Sha256;
import io.graphvault.progress.Progress;
import io.graphvault.storage.BackupReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.ToIntFunction;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Result;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;
import org.neo4j.driver.Values;

/**
 * Writes the nodes and relationships of a backup into a database with MERGE semantics.
 *
 * <p>Keyed nodes are merged on their key. Nodes without a key get a helper label and id while the
 * restore runs, so relationships can find them through an index; on a database that already holds
 * keyless nodes (a second replay, a re-run after a crash, a live database) each keyless node first
 * claims an existing node with exactly its labels and properties, so nothing is duplicated.
 * Relationships likewise claim an existing relationship of the same type between the same two nodes
 * (same properties first) before creating one, which keeps parallel relationships apart. Every
 * helper label, property and index is removed by {@link #removeHelpers}.
 */
final class GraphImporter {

    static final String HELPER_LABEL = "_GraphVaultRestore";
    static final String HELPER_ID = "_graphvault_id";
    static final String HELPER_FP = "_graphvault_fp";
    static final String HELPER_REL_ID = "_graphvault_rid";
    private static final String ID_INDEX = "graphvault_restore_id";
    private static final String FP_INDEX = "graphvault_restore_fp";
    private static final long MAX_BATCH_BYTES = 4L << 20;
    private static final int WRITERS = 2;

    private final Driver driver;
    private final String database;

    GraphImporter(Driver driver, String database) {
        this.driver = driver;
        this.database = database;
    }

    Session session() {
        return driver.session(SessionConfig.forDatabase(database));
    }

    // ---- before and after ----------------------------------------------------------------------

    /** Clears helpers a crashed restore left behind and creates the helper indexes. */
    void prepare(RestoreJob job, NodeKeys mergeKeys) {
        try (Session s = session()) {
            long nodes = s.run("MATCH (n) RETURN count(n) AS c").single().get(0).asLong();
            long rels = s.run("MATCH ()-[r]->() RETURN count(r) AS c").single().get(0).asLong();
            job.databaseWasEmpty = nodes == 0 && rels == 0;
            job.claimRelationships = rels > 0;
            removeHelpers(s, rels > 0);
            s.run("CREATE INDEX " + quote(ID_INDEX) + " IF NOT EXISTS FOR (n:" + quote(HELPER_LABEL) + ") ON (n."
                    + quote(HELPER_ID) + ")").consume();
            s.run("CREATE INDEX " + quote(FP_INDEX) + " IF NOT EXISTS FOR (n:" + quote(HELPER_LABEL) + ") ON (n."
                    + quote(HELPER_FP) + ")").consume();
            s.run("CALL db.awaitIndex($name, 300)", Values.parameters("name", ID_INDEX)).consume();
            s.run("CALL db.awaitIndex($name, 300)", Values.parameters("name", FP_INDEX)).consume();
            if (nodes > 0) {
                job.claimNodes = markKeylessCandidates(s, mergeKeys) > 0;
            }
        }
    }

    /** Gives every existing keyless node its content fingerprint, so keyless backup nodes can claim it. */
    private long markKeylessCandidates(Session s, NodeKeys mergeKeys) {
        long marked = 0;
        List<Map<String, Object>> batch = new ArrayList<>();
        try (Session reader = session()) {
            Result result = reader.run("MATCH (n) WHERE NOT any(k IN $keys WHERE k[0] IN labels(n)"
                    + " AND all(p IN k[1] WHERE n[p] IS NOT NULL)) RETURN id(n) AS id, labels(n) AS labels, properties(n) AS props",
                    Values.parameters("keys", mergeKeys.asLists()));
            while (result.hasNext()) {
                Record r = result.next();
                batch.add(Map.of("id", r.get("id").asLong(),
                        "fp", fingerprint(r.get("labels").asList(Value::asString), r.get("props").asMap(v -> v))));
                if (batch.size() == 10_000) {
                    marked += markBatch(s, batch);
                }
            }
        }
        return marked + markBatch(s, batch);
    }

    private static long markBatch(Session s, List<Map<String, Object>> batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        s.executeWriteWithoutResult(tx -> tx.run("UNWIND $rows AS row MATCH (n) WHERE id(n) = row.id SET n:"
                + quote(HELPER_LABEL) + ", n." + quote(HELPER_FP) + " = row.fp", Values.parameters("rows", batch)).consume());
        int n = batch.size();
        batch.clear();
        return n;
    }

    static String fingerprint(List<String> labels, Map<String, Value> props) {
        return Sha256.hex(GraphSnapshot.node(labels, props).getBytes(StandardCharsets.UTF_8));
    }

    /** Removes every helper label, property and index, in batches. */
    void removeHelpers(Session s, boolean relationships) {
        s.run("MATCH (n:" + quote(HELPER_LABEL) + ") CALL { WITH n REMOVE n:" + quote(HELPER_LABEL) + ", n."
                + quote(HELPER_ID) + ", n." + quote(HELPER_FP) + " } IN TRANSACTIONS OF 10000 ROWS").consume();
        if (relationships) {
            s.run("MATCH ()-[r]->() WHERE r." + quote(HELPER_REL_ID) + " IS NOT NULL CALL { WITH r REMOVE r."
                    + quote(HELPER_REL_ID) + " } IN TRANSACTIONS OF 10000 ROWS").consume();
        }
        s.run("DROP INDEX " + quote(ID_INDEX) + " IF EXISTS").consume();
        s.run("DROP INDEX " + quote(FP_INDEX) + " IF EXISTS").consume();
    }

    // ---- nodes ---------------------------------------------------------------------------------

    record NodeRow(long id, List<String> labels, Map<String, Object> props, NodeKey exportKey, MergeKey mergeKey) {
    }

    void importNodes(RestoreJob job, List<FileEntry> files, NodeKeys exportKeys, NodeKeys mergeKeys, Progress progress) {
        try (NodeWriter batcher = nodeWriter(job, progress)) {
            for (FileEntry f : files) {
                BackupReader.forEachRecord(job.source(), f, (record, length) -> {
                    List<String> labels = new ArrayList<>();
                    record.path("labels").forEach(l -> labels.add(l.asText()));
                    Map<String, Object> props = TypedValueCodec.readProperties(record.get("props"));
                    batcher.add(new NodeRow(record.path("id").asLong(), labels, props,
                            exportKeys.keyOf(labels, props), mergeKeys.mergeKeyOf(labels, props)), length);
                });
            }
        }
    }

    /**
     * Writes each full batch of nodes in one transaction. Keyed nodes go to parallel writers; so do
     * keyless ones, unless they must claim existing nodes (two writers could claim the same one).
     */
    NodeWriter nodeWriter(RestoreJob job, Progress progress) {
        return new NodeWriter(nodeBatcher(job, progress, WRITERS), nodeBatcher(job, progress, job.claimNodes ? 1 : WRITERS));
    }

    private Batcher<NodeRow> nodeBatcher(RestoreJob job, Progress progress, int writers) {
        return new Batcher<>(this, job.request().batchSize(), writers, (s, rows) -> {
            s.executeWriteWithoutResult(tx -> writeNodes(tx, rows, job.claimNodes));
            job.countNodes(rows.size());
            progress.advance(rows.size());
        });
    }

    /** Sends keyed and keyless nodes to their own batchers. */
    static final class NodeWriter implements AutoCloseable {
        private final Batcher<NodeRow> keyed;
        private final Batcher<NodeRow> keyless;

        NodeWriter(Batcher<NodeRow> keyed, Batcher<NodeRow> keyless) {
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
    }

    private void writeNodes(TransactionContext tx, List<NodeRow> rows, boolean claim) {
        Map<String, List<Map<String, Object>>> groups = new LinkedHashMap<>();
        List<NodeRow> keyless = new ArrayList<>();
        for (NodeRow row : rows) {
            if (row.mergeKey() == null) {
                keyless.add(row);
                continue;
            }
            Map<String, Object> p = new HashMap<>();
            List<Object> key = new ArrayList<>(row.mergeKey().properties().size());
            row.mergeKey().properties().forEach(property -> key.add(row.props().get(property)));
            p.put("key", key);
            p.put("props", row.props());
            p.put("id", row.id());
            groups.computeIfAbsent(mergeQuery(row), q -> new ArrayList<>()).add(p);
        }
        groups.forEach((query, params) -> tx.run(query, Values.parameters("rows", params)).consume());
        if (!keyless.isEmpty()) {
            writeKeyless(tx, keyless, claim);
        }
    }

    private static String mergeQuery(NodeRow row) {
        MergeKey key = row.mergeKey();
        Set<String> others = new TreeSet<>(row.labels());
        others.remove(key.label());
        StringBuilder q = new StringBuilder("UNWIND $rows AS row MERGE (n:").append(quote(key.label())).append(" {");
        for (int i = 0; i < key.properties().size(); i++) {
            q.append(i == 0 ? "" : ", ").append(quote(key.properties().get(i))).append(": row.key[").append(i).append(']');
        }
        q.append("})");
        if (row.exportKey() != null) {
            // a replay writes only what differs: an unchanged node costs a read, not a write
            q.append(" WITH n, row WHERE any(p IN keys(row.props) WHERE n[p] IS NULL OR NOT n[p] = row.props[p])");
            if (!others.isEmpty()) {
                q.append(" OR NOT n").append(labelExpression(others));
            }
        }
        q.append(" SET n += row.props");
        if (!others.isEmpty()) {
            q.append(" SET n").append(labelExpression(others));
        }
        if (row.exportKey() == null) {
            // the backup's relationships name this node by its export id: give it the helper id
            q.append(" SET n:").append(quote(HELPER_LABEL)).append(", n.").append(quote(HELPER_ID)).append(" = row.id");
        }
        return q.toString();
    }

    private void writeKeyless(TransactionContext tx, List<NodeRow> rows, boolean claim) {
        List<NodeRow> toCreate = rows;
        if (claim) {
            toCreate = claimKeyless(tx, rows);
        }
        Map<String, List<Map<String, Object>>> groups = new LinkedHashMap<>();
        for (NodeRow row : toCreate) {
            String query = "UNWIND $rows AS row CREATE (n" + labelExpression(new TreeSet<>(row.labels())) + ":"
                    + quote(HELPER_LABEL) + " {" + quote(HELPER_ID) + ": row.id}) SET n += row.props";
            groups.computeIfAbsent(query, q -> new ArrayList<>()).add(Map.of("id", row.id(), "props", row.props()));
        }
        groups.forEach((query, params) -> tx.run(query, Values.parameters("rows", params)).consume());
    }

    /** Matches keyless rows to unclaimed existing nodes with the same content; returns the rows left to create. */
    private List<NodeRow> claimKeyless(TransactionContext tx, List<NodeRow> rows) {
        Map<String, List<NodeRow>> byFingerprint = new LinkedHashMap<>();
        for (NodeRow row : rows) {
            Map<String, Value> props = new HashMap<>();
            row.props().forEach((k, v) -> props.put(k, Values.value(v)));
            byFingerprint.computeIfAbsent(fingerprint(row.labels(), props), f -> new ArrayList<>()).add(row);
        }
        List<Map<String, Object>> wanted = new ArrayList<>();
        byFingerprint.forEach((fp, list) -> wanted.add(Map.of("fp", fp, "n", (long) list.size())));
        List<Map<String, Object>> claims = new ArrayList<>();
        tx.run("UNWIND $wanted AS w MATCH (c:" + quote(HELPER_LABEL) + " {" + quote(HELPER_FP) + ": w.fp}) WHERE c."
                + quote(HELPER_ID) + " IS NULL WITH w, collect(id(c))[..w.n] AS ids RETURN w.fp AS fp, ids",
                Values.parameters("wanted", wanted)).forEachRemaining(r -> {
                    List<NodeRow> list = byFingerprint.get(r.get("fp").asString());
                    List<Object> ids = r.get("ids").asList(Value::asObject);
                    for (int i = 0; i < ids.size(); i++) {
                        claims.add(Map.of("node", ids.get(i), "id", list.get(0).id()));
                        list.remove(0);
                    }
                });
        if (!claims.isEmpty()) {
            tx.run("UNWIND $claims AS c MATCH (n) WHERE id(n) = c.node SET n." + quote(HELPER_ID) + " = c.id",
                    Values.parameters("claims", claims)).consume();
        }
        List<NodeRow> left = new ArrayList<>();
        byFingerprint.values().forEach(left::addAll);
        return left;
    }

    // ---- relationships -------------------------------------------------------------------------

    /** {@code ordinal}: this is the k-th relationship of its type between the same two nodes (1 for most). */
    record RelRow(long id, String type, long start, long end, int ordinal, JsonNode startKey, JsonNode endKey,
            Map<String, Object> props) {
    }

    void importRelationships(RestoreJob job, List<FileEntry> files, Progress progress) {
        try (Batcher<RelRow> batcher = relationshipBatcher(job, progress)) {
            for (FileEntry f : files) {
                BackupReader.forEachRecord(job.source(), f, (record, length) -> batcher.add(new RelRow(
                        record.path("id").asLong(), record.path("type").asText(), record.path("start").asLong(),
                        record.path("end").asLong(), record.path("n").asInt(1), record.get("startKey"), record.get("endKey"),
                        TypedValueCodec.readProperties(record.get("props"))), length));
            }
        }
    }

    /**
     * Writes each full batch of relationships in one transaction, on parallel writers. Claiming
     * by ordinal, the rows of one pair of nodes must be written in order by one writer (two could
     * each create "the missing k-th" one), so rows are partitioned by start node, which keeps a
     * pair's rows together; claiming without ordinals any row may claim any candidate, so one
     * writer does it all. Writers that lock the same node in a different order deadlock now and
     * then; the driver retries such transactions.
     */
    Batcher<RelRow> relationshipBatcher(RestoreJob job, Progress progress) {
        ToIntFunction<RelRow> byStartNode = job.claimRelationships && job.ordinals ? row -> Long.hashCode(row.start()) : null;
        int writers = job.claimRelationships && !job.ordinals ? 1 : WRITERS;
        return new Batcher<>(this, job.request().batchSize(), writers, byStartNode, (s, rows) -> {
            long[] outcome = s.executeWrite(tx -> writeRelationships(tx, rows, job.claimRelationships, job.ordinals));
            job.countRelationships(outcome[0], outcome[1], rows.size() - outcome[0] - outcome[1]);
            progress.advance(rows.size());
        });
    }

    /** Returns {created, claimed}. */
    private long[] writeRelationships(TransactionContext tx, List<RelRow> rows, boolean claim, boolean ordinals) {
        Map<String, List<Map<String, Object>>> groups = new LinkedHashMap<>();
        for (RelRow row : rows) {
            Map<String, Object> p = new HashMap<>();
            p.put("id", row.id());
            p.put("s", row.startKey() == null ? row.start() : TypedValueCodec.readValue(row.startKey().get("value")));
            p.put("e", row.endKey() == null ? row.end() : TypedValueCodec.readValue(row.endKey().get("value")));
            p.put("props", row.props());
            p.put("n", (long) row.ordinal());
            String match = "UNWIND $rows AS row MATCH (a" + endpoint(row.startKey(), "row.s") + ") MATCH (b"
                    + endpoint(row.endKey(), "row.e") + ") ";
            groups.computeIfAbsent(match + "\u0000" + row.type(), q -> new ArrayList<>()).add(p);
        }
        long created = 0;
        long claimed = 0;
        for (Map.Entry<String, List<Map<String, Object>>> g : groups.entrySet()) {
            String[] parts = g.getKey().split("\u0000", 2);
            String match = parts[0];
            String type = quote(parts[1]);
            List<Map<String, Object>> params = g.getValue();
            if (claim && ordinals) {
                claimed += claimByOrdinal(tx, match, type, params);
                params = params.stream().filter(p -> !Boolean.TRUE.equals(p.get("claimed"))).toList();
            } else if (claim) {
                long[] c = claimRelationships(tx, match, type, params);
                claimed += c[0];
                params = params.stream().filter(p -> !Boolean.TRUE.equals(p.get("claimed"))).toList();
            }
            if (!params.isEmpty()) {
                String create = match + "CREATE (a)-[r:" + type + "]->(b) SET r = row.props"
                        + (claim && !ordinals ? ", r." + quote(HELPER_REL_ID) + " = row.id" : "") + " RETURN count(r) AS c";
                created += tx.run(create, Values.parameters("rows", params)).single().get(0).asLong();
            }
        }
        return new long[] {created, claimed};
    }

    /**
     * The k-th relationship of a type between two nodes (ordinal k, from the backup) is the k-th
     * existing one in id order: it is updated in place when its properties differ, and created when
     * fewer than k exist. Nothing is marked, so an unchanged graph costs reads only. Rows of one pair
     * come in ordinal order and one writer writes them ({@link #relationshipBatcher}), in that order.
     */
    private long claimByOrdinal(TransactionContext tx, String match, String type, List<Map<String, Object>> params) {
        Map<Object, Map<String, Object>> byId = new HashMap<>();
        params.forEach(p -> byId.put(p.get("id"), p));
        List<Map<String, Object>> updates = new ArrayList<>();
        long[] claimed = new long[1];
        tx.run(match + "OPTIONAL MATCH (a)-[r:" + type + "]->(b) WITH row, r ORDER BY id(r) "
                + "WITH row, collect([id(r), properties(r) = row.props]) AS rels "
                + "RETURN row.id AS id, CASE WHEN size(rels) >= row.n THEN rels[row.n - 1] END AS target",
                Values.parameters("rows", params)).forEachRemaining(r -> {
                    Value target = r.get("target");
                    if (target.isNull() || target.get(0).isNull()) {
                        return;
                    }
                    Map<String, Object> row = byId.get(r.get("id").asObject());
                    row.put("claimed", true);
                    claimed[0]++;
                    if (!target.get(1).asBoolean(false)) {
                        updates.add(Map.of("rel", target.get(0).asLong(), "props", row.get("props")));
                    }
                });
        if (!updates.isEmpty()) {
            tx.run("UNWIND $updates AS u MATCH ()-[r]->() WHERE id(r) = u.rel SET r += u.props",
                    Values.parameters("updates", updates)).consume();
        }
        return claimed[0];
    }

    /**
     * Assigns each row an existing unclaimed relationship between its endpoints, one with the same
     * properties first, any other next; marks claimed rows with {@code claimed=true}.
     */
    private long[] claimRelationships(TransactionContext tx, String match, String type, List<Map<String, Object>> params) {
        Map<Object, Map<String, Object>> byId = new HashMap<>();
        params.forEach(p -> byId.put(p.get("id"), p));
        Map<Object, List<Long>> exact = new LinkedHashMap<>();
        Map<Object, List<Long>> other = new LinkedHashMap<>();
        tx.run(match + "OPTIONAL MATCH (a)-[r:" + type + "]->(b) WHERE r." + quote(HELPER_REL_ID) + " IS NULL "
                + "RETURN row.id AS id, collect(CASE WHEN properties(r) = row.props THEN id(r) END) AS exact, "
                + "collect(id(r)) AS any", Values.parameters("rows", params)).forEachRemaining(r -> {
                    exact.put(r.get("id").asObject(), r.get("exact").asList(Value::asLong));
                    other.put(r.get("id").asObject(), r.get("any").asList(Value::asLong));
                });
        Set<Long> taken = new HashSet<>();
        List<Map<String, Object>> claims = new ArrayList<>();
        for (Map<Object, List<Long>> pass : List.of(exact, other)) {
            pass.forEach((id, candidates) -> {
                Map<String, Object> row = byId.get(id);
                if (Boolean.TRUE.equals(row.get("claimed"))) {
                    return;
                }
                for (Long rel : candidates) {
                    if (taken.add(rel)) {
                        row.put("claimed", true);
                        claims.add(Map.of("rel", rel, "id", id, "props", row.get("props")));
                        return;
                    }
                }
            });
        }
        if (!claims.isEmpty()) {
            tx.run("UNWIND $claims AS c MATCH ()-[r]->() WHERE id(r) = c.rel SET r += c.props, r."
                    + quote(HELPER_REL_ID) + " = c.id", Values.parameters("claims", claims)).consume();
        }
        return new long[] {claims.size()};
    }

    private static String endpoint(JsonNode key, String param) {
        if (key == null || key.isNull()) {
            return ":" + quote(HELPER_LABEL) + " {" + quote(HELPER_ID) + ": " + param + "}";
        }
        return ":" + quote(key.path("label").asText()) + " {" + quote(key.path("property").asText()) + ": " + param + "}";
    }

    static boolean isNodeFile(FileEntry f) {
        return f.path().startsWith(BackupFiles.NODES_DIR + "/");
    }

    static boolean isRelationshipFile(FileEntry f) {
        return f.path().startsWith(BackupFiles.RELATIONSHIPS_DIR + "/");
    }

    /**
     * Collects rows into batches (full by count or by bytes) and hands them to writer threads,
     * each with its own session, through short queues: reading and decoding the next batch
     * overlaps with the database writing the last one, and memory holds a few batches at most.
     * Without a partition any writer takes the next batch; with one, each row goes to the writer
     * its partition names, so rows of one partition are written by one writer, in order.
     * {@link #close()} waits for every batch to be written and rethrows the first failure.
     */
    static final class Batcher<T> implements AutoCloseable {
        private final int maxRows;
        private final ToIntFunction<T> partition;
        private final List<BlockingQueue<List<T>>> queues = new ArrayList<>();
        private final List<List<T>> rows = new ArrayList<>();
        private final long[] bytes;
        private final List<Thread> writers = new ArrayList<>();
        private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
        private boolean closed;

        Batcher(GraphImporter importer, int maxRows, int writerCount, BiConsumer<Session, List<T>> sink) {
            this(importer, maxRows, writerCount, null, sink);
        }

        /** {@code partition}: null, or a row's partition; rows of equal partitions share a writer. */
        Batcher(GraphImporter importer, int maxRows, int writerCount, ToIntFunction<T> partition,
                BiConsumer<Session, List<T>> sink) {
            this.maxRows = maxRows;
            this.partition = partition;
            int lanes = partition == null ? 1 : writerCount;
            // as many batches waiting either way: writerCount + 1 in one shared queue, or one per writer
            int waiting = partition == null ? writerCount + 1 : 1;
            for (int i = 0; i < lanes; i++) {
                queues.add(new ArrayBlockingQueue<>(waiting));
                rows.add(new ArrayList<>());
            }
            this.bytes = new long[lanes];
            for (int i = 0; i < writerCount; i++) {
                BlockingQueue<List<T>> queue = queues.get(i % lanes);
                Thread t = new Thread(() -> drain(importer, queue, sink), "graphvault-writer-" + i);
                t.setDaemon(true);
                t.start();
                writers.add(t);
            }
        }

        /** Runs until its end-of-work marker; after a failure it skips the remaining batches. */
        private void drain(GraphImporter importer, BlockingQueue<List<T>> queue, BiConsumer<Session, List<T>> sink) {
            try (Session s = importer.session()) {
                while (true) {
                    List<T> batch = queue.take();
                    if (batch.isEmpty()) {
                        return;
                    }
                    if (failure.get() == null) {
                        try {
                            sink.accept(s, batch);
                        } catch (RuntimeException e) {
                            failure.compareAndSet(null, e);
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void add(T row, int size) {
            int lane = partition == null ? 0 : Math.floorMod(partition.applyAsInt(row), queues.size());
            List<T> batch = rows.get(lane);
            batch.add(row);
            bytes[lane] += size;
            if (batch.size() >= maxRows || bytes[lane] >= MAX_BATCH_BYTES) {
                flush(lane);
            }
        }

        void flush() {
            for (int lane = 0; lane < queues.size(); lane++) {
                flush(lane);
            }
        }

        private void flush(int lane) {
            rethrow();
            if (!rows.get(lane).isEmpty()) {
                put(queues.get(lane), rows.get(lane));
                rows.set(lane, new ArrayList<>());
                bytes[lane] = 0;
            }
        }

        private void put(BlockingQueue<List<T>> queue, List<T> batch) {
            try {
                while (!queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
                    if (writers.stream().noneMatch(Thread::isAlive)) {
                        rethrow();
                        throw new IllegalStateException("every restore writer has stopped");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while handing a batch to a writer", e);
            }
        }

        private void rethrow() {
            RuntimeException e = failure.get();
            if (e != null) {
                throw e;
            }
        }

        /** Writes what is left, waits for the writers and rethrows the first failure. */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (failure.get() == null) {
                    flush();
                }
            } finally {
                for (int i = 0; i < writers.size(); i++) {
                    put(queues.get(i % queues.size()), List.of());
                }
                for (Thread t : writers) {
                    try {
                        t.join();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
            rethrow();
        }
    }
}
