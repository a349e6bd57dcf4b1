package io.graphvault.restore;

import static io.graphvault.internal.CypherNames.labelExpression;
import static io.graphvault.internal.CypherNames.quote;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphvault.compare.GraphSnapshot;
import io.graphvault.format.BackupFiles;
import io.graphvault.format.BackupManifest.FileEntry;
import io.graphvault.format.BackupSchema.NodeKey;
import io.graphvault.format.TypedValueCodec;
import io.graphvault.internal.Sha256;
import io.graphvault.progress.Progress;
import io.graphvault.restore.NodeKeys.MergeKey;
import io.graphvault.storage.BackupReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
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
import java.util.function.Function;
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
 * <p>Keyed nodes are merged on their key (one property, or several for a label unique only on
 * several together). Nodes the backup's relationships cannot name by a key (keyless ones, and those
 * merged on a key the export did not record) get a helper label and id while the restore runs, so
 * relationships can find them through an index; on a database that already holds
 * keyless nodes (a second replay, a re-run after a crash, a live database) each keyless node first
 * claims an existing node with exactly its labels and properties, so nothing is duplicated.
 * Relationships likewise claim an existing relationship of the same type between the same two nodes
 * (same properties first, then one changed since the backup) before creating one, which keeps
 * parallel relationships apart. Every
 * helper label, property and index is removed by {@link #removeHelpers}.
 */
final class GraphImporter {

    static final String HELPER_LABEL = "_GraphVaultRestore";
    static final String HELPER_ID = "_graphvault_id";
    static final String HELPER_FP = "_graphvault_fp";
    static final String HELPER_REL_ID = "_graphvault_rid";
    private static final String ID_INDEX = "graphvault_restore_id";
    private static final String FP_INDEX = "graphvault_restore_fp";
    /** Indexes a restore creates for --key where nothing else serves the key; helpers like the two above. */
    static final String KEY_INDEX_PREFIX = "graphvault_restore_key_";
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
                job.claimNodes = markKeylessCandidates(s, mergeKeys, job.manifest() == null ? List.of()
                        : job.manifest().excludedProperties()) > 0;
            }
        }
    }

    /**
     * Gives every existing keyless node its content fingerprint, without the properties the backup
     * excluded, so keyless backup nodes can claim it.
     */
    private long markKeylessCandidates(Session s, NodeKeys mergeKeys, List<String> excluded) {
        long marked = 0;
        List<Map<String, Object>> batch = new ArrayList<>();
        try (Session reader = session()) {
            Result result = reader.run("MATCH (n) WHERE NOT any(k IN $keys WHERE k[0] IN labels(n)"
                    + " AND all(p IN k[1] WHERE n[p] IS NOT NULL)) RETURN elementId(n) AS id, labels(n) AS labels, properties(n) AS props",
                    Values.parameters("keys", mergeKeys.asLists()));
            while (result.hasNext()) {
                Record r = result.next();
                Map<String, Value> props = without(excluded, r.get("props").asMap(v -> v));
                batch.add(Map.of("id", r.get("id").asString(), "fp", fingerprint(r.get("labels").asList(Value::asString), props)));
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
        s.executeWriteWithoutResult(tx -> tx.run("UNWIND $rows AS row MATCH (n) WHERE elementId(n) = row.id SET n:"
                + quote(HELPER_LABEL) + ", n." + quote(HELPER_FP) + " = row.fp", Values.parameters("rows", batch)).consume());
        int n = batch.size();
        batch.clear();
        return n;
    }

    /** {@code props} without the properties a backup left out of every node (it was taken with them excluded). */
    static Map<String, Value> without(List<String> excluded, Map<String, Value> props) {
        if (excluded.isEmpty()) {
            return props;
        }
        Map<String, Value> kept = new HashMap<>(props);
        kept.keySet().removeAll(excluded);
        return kept;
    }

    /** A property map read from a backup file as driver values, for the canonical texts of {@link GraphSnapshot}. */
    static Map<String, Value> values(Map<String, Object> props) {
        Map<String, Value> out = new HashMap<>();
        props.forEach((k, v) -> out.put(k, Values.value(v)));
        return out;
    }

    static String fingerprint(List<String> labels, Map<String, Value> props) {
        return Sha256.hex(GraphSnapshot.node(labels, props).getBytes(StandardCharsets.UTF_8));
    }

    /** Removes every helper label, property and index, in batches. */
    void removeHelpers(Session s, boolean relationships) {
        s.run("MATCH (n:" + quote(HELPER_LABEL) + ") CALL (n) { REMOVE n:" + quote(HELPER_LABEL) + ", n."
                + quote(HELPER_ID) + ", n." + quote(HELPER_FP) + " } IN TRANSACTIONS OF 10000 ROWS").consume();
        if (relationships) {
            s.run("MATCH ()-[r]->() WHERE r." + quote(HELPER_REL_ID) + " IS NOT NULL CALL (r) { REMOVE r."
                    + quote(HELPER_REL_ID) + " } IN TRANSACTIONS OF 10000 ROWS").consume();
        }
        s.run("DROP INDEX " + quote(ID_INDEX) + " IF EXISTS").consume();
        s.run("DROP INDEX " + quote(FP_INDEX) + " IF EXISTS").consume();
        for (String index : s.run("SHOW INDEXES YIELD name WHERE name STARTS WITH $prefix RETURN name",
                Values.parameters("prefix", KEY_INDEX_PREFIX)).list(r -> r.get(0).asString())) {
            s.run("DROP INDEX " + quote(index) + " IF EXISTS").consume();
        }
    }

    // ---- nodes ---------------------------------------------------------------------------------

    record NodeRow(long id, List<String> labels, Map<String, Object> props, NodeKey exportKey, MergeKey mergeKey) {
    }

    /** {@code preclaimed}: keyless nodes of the backup that already claimed their twin ({@link KeylessTwins}). */
    void importNodes(RestoreJob job, List<FileEntry> files, NodeKeys exportKeys, NodeKeys mergeKeys, Set<Long> preclaimed,
            Progress progress) {
        try (NodeWriter batcher = nodeWriter(job, progress)) {
            for (FileEntry f : files) {
                BackupReader.forEachRecord(job.source(), f, (record, length, lineNo) -> {
                    if (!preclaimed.isEmpty() && preclaimed.contains(record.path("id").asLong())) {
                        job.countNodes(1); // the same labels and properties are there: nothing to write
                        progress.advance(1);
                        return;
                    }
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
            // a replay writes only what differs: an unchanged node costs a read, not a write. Cypher's =
            // holds between 1 and 1.0 (and [1] and [1.0]): a value whose type changed differs too
            q.append(" WITH n, row WHERE any(p IN keys(row.props) WHERE n[p] IS NULL OR NOT n[p] = row.props[p]"
                    + " OR valueType(n[p]) <> valueType(row.props[p]))");
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
            byFingerprint.computeIfAbsent(fingerprint(row.labels(), values(row.props())), f -> new ArrayList<>()).add(row);
        }
        List<Map<String, Object>> wanted = new ArrayList<>();
        byFingerprint.forEach((fp, list) -> wanted.add(Map.of("fp", fp, "n", (long) list.size())));
        List<Map<String, Object>> claims = new ArrayList<>();
        tx.run("UNWIND $wanted AS w MATCH (c:" + quote(HELPER_LABEL) + " {" + quote(HELPER_FP) + ": w.fp}) WHERE c."
                + quote(HELPER_ID) + " IS NULL WITH w, collect(elementId(c))[..w.n] AS ids RETURN w.fp AS fp, ids",
                Values.parameters("wanted", wanted)).forEachRemaining(r -> {
                    List<NodeRow> list = byFingerprint.get(r.get("fp").asString());
                    List<Object> ids = r.get("ids").asList(Value::asObject);
                    for (int i = 0; i < ids.size(); i++) {
                        claims.add(Map.of("node", ids.get(i), "id", list.get(0).id()));
                        list.remove(0);
                    }
                });
        if (!claims.isEmpty()) {
            tx.run("UNWIND $claims AS c MATCH (n) WHERE elementId(n) = c.node SET n." + quote(HELPER_ID) + " = c.id",
                    Values.parameters("claims", claims)).consume();
        }
        List<NodeRow> left = new ArrayList<>();
        byFingerprint.values().forEach(left::addAll);
        return left;
    }

    // ---- relationships -------------------------------------------------------------------------

    /** One relationship to write, and where it came from ({@code file}, {@code line} if above 0), to name it if it cannot be. */
    record RelRow(long id, String type, long start, long end, JsonNode startKey, JsonNode endKey,
            Map<String, Object> props, String file, long line) {

        /** For the report: where the relationship is and which endpoints were looked for. */
        String describe() {
            return file + (line > 0 ? " line " + line : "") + ": relationship " + id + " :" + type + " from " + endpoint(startKey, start)
                    + " to " + endpoint(endKey, end);
        }

        private static String endpoint(JsonNode key, long exportId) {
            if (key == null || key.isNull()) {
                return "node " + exportId + " (no key)";
            }
            return "(:" + key.path("label").asText() + " {" + key.path("property").asText() + ": " + key.path("value") + "})";
        }
    }

    void importRelationships(RestoreJob job, List<FileEntry> files, Progress progress) {
        try (Batcher<RelRow> batcher = relationshipBatcher(job, progress)) {
            for (FileEntry f : files) {
                BackupReader.forEachRecord(job.source(), f, (record, length, lineNo) -> batcher.add(new RelRow(
                        record.path("id").asLong(), record.path("type").asText(), record.path("start").asLong(),
                        record.path("end").asLong(), record.get("startKey"), record.get("endKey"),
                        TypedValueCodec.readProperties(record.get("props")), f.path(), lineNo), length));
            }
        }
    }

    /**
     * Writes each full batch of relationships in one transaction, on parallel writers. A backup
     * whose parallel relationships come in whole groups ({@code job.groups}) is claimed group by
     * group without marks: rows are partitioned by start node, so a group's rows go to one writer,
     * and a batch never ends inside a group, so each group is matched whole. Older backups are
     * claimed with marks, by one writer, since any row may claim any candidate. Writers that lock
     * the same node in a different order deadlock now and then; the driver retries such
     * transactions.
     */
    Batcher<RelRow> relationshipBatcher(RestoreJob job, Progress progress) {
        boolean marks = job.claimRelationships && !job.groups;
        ToIntFunction<RelRow> byStartNode = job.claimRelationships && job.groups ? row -> Long.hashCode(row.start()) : null;
        Function<RelRow, Object> group = job.claimRelationships && job.groups ? row -> List.of(row.start(), row.end(), row.type()) : null;
        // a group too large for one batch is split (Batcher.MAX_GROUP_FACTOR): the writer of its next batch
        // must not claim again what the last one claimed or created, so each writer carries that set along
        ThreadLocal<GroupCarry> carries = ThreadLocal.withInitial(GroupCarry::new);
        return new Batcher<>(this, job.request().batchSize(), marks ? 1 : WRITERS, byStartNode, group, (s, rows) -> {
            GroupCarry carry = carries.get();
            Set<String> carried = group != null && group.apply(rows.get(0)).equals(carry.group) ? carry.taken : Set.of();
            List<Set<String>> taken = new ArrayList<>(1);
            RelOutcome outcome = s.executeWrite(tx -> {
                Set<String> attempt = new HashSet<>(carried); // a retried transaction starts again from the carried set
                taken.clear();
                taken.add(attempt);
                return writeRelationships(tx, rows, job.claimRelationships, marks, attempt);
            });
            carry.group = group == null ? null : group.apply(rows.get(rows.size() - 1));
            carry.taken = taken.get(0);
            job.countRelationships(outcome.created(), outcome.claimed(), outcome.unresolved());
            progress.advance(rows.size());
        });
    }

    /** The last group a writer wrote and the relationships its batch claimed or created. */
    private static final class GroupCarry {
        Object group;
        Set<String> taken = Set.of();
    }

    /**
     * The rows of a batch that share one query: their endpoints' patterns and their type, kept
     * apart (names come from the backup file and may hold any character, so a joined string split
     * again could cut one in two and leave the rest of it unquoted in the query).
     */
    private record RelGroup(String match, String type) {
    }

    /** What a batch of relationships came to: the rows it created, those it matched, those whose endpoints it did not find. */
    record RelOutcome(long created, long claimed, List<RelRow> unresolved) {
    }

    /** {@code taken}: relationships no row may claim, to which it adds its own. */
    private RelOutcome writeRelationships(TransactionContext tx, List<RelRow> rows, boolean claim, boolean marks, Set<String> taken) {
        Map<RelGroup, List<Map<String, Object>>> groups = new LinkedHashMap<>();
        Map<Long, RelRow> open = new HashMap<>(); // rows neither created nor claimed yet, by their export id
        for (RelRow row : rows) {
            open.put(row.id(), row);
            Map<String, Object> p = new HashMap<>();
            p.put("id", row.id());
            p.put("s", row.startKey() == null ? row.start() : TypedValueCodec.readValue(row.startKey().get("value")));
            p.put("e", row.endKey() == null ? row.end() : TypedValueCodec.readValue(row.endKey().get("value")));
            p.put("props", row.props());
            String match = "UNWIND $rows AS row MATCH (a" + endpoint(row.startKey(), "row.s") + ") MATCH (b"
                    + endpoint(row.endKey(), "row.e") + ") ";
            groups.computeIfAbsent(new RelGroup(match, row.type()), q -> new ArrayList<>()).add(p);
        }
        long created = 0;
        long claimed = 0;
        for (Map.Entry<RelGroup, List<Map<String, Object>>> g : groups.entrySet()) {
            String match = g.getKey().match();
            String type = quote(g.getKey().type());
            List<Map<String, Object>> params = g.getValue();
            if (claim) {
                claimed += claimRelationships(tx, match, type, params, marks, taken);
                params.stream().filter(p -> Boolean.TRUE.equals(p.get("claimed"))).forEach(p -> open.remove((Long) p.get("id")));
                params = params.stream().filter(p -> !Boolean.TRUE.equals(p.get("claimed"))).toList();
            }
            if (!params.isEmpty()) {
                String create = match + "CREATE (a)-[r:" + type + "]->(b) SET r = row.props"
                        + (marks ? ", r." + quote(HELPER_REL_ID) + " = row.id" : "") + " RETURN row.id AS row, elementId(r) AS id";
                for (Record r : tx.run(create, Values.parameters("rows", params)).list()) {
                    open.remove(r.get(0).asLong());
                    taken.add(r.get(1).asString());
                    created++;
                }
            }
        }
        return new RelOutcome(created, claimed, List.copyOf(open.values()));
    }

    /**
     * Gives each row an existing relationship of its type between its endpoints: first one with
     * exactly its properties, then, for rows left, any other one (a relationship changed since the
     * backup, updated in place), in id order; rows left after that are created. Without marks the
     * candidates of a row are all the relationships of its group, which the batch holds whole; an
     * unchanged graph then costs reads only. With marks, claimed relationships carry the row's id
     * until the restore ends, so a later batch cannot claim them again. Marks {@code claimed=true}
     * on the rows it claims.
     *
     * <p>The rows of one pair of endpoints share their candidates, so they are looked up once per
     * pair and compared here by their canonical text. Looking them up per row and comparing on the
     * server grew with the square of a group: a replay of 3,340 parallel relationships of one pair
     * ran out of the server's transaction memory (1.2 GiB).
     */
    private long claimRelationships(TransactionContext tx, String match, String type, List<Map<String, Object>> params,
            boolean marks, Set<String> taken) {
        Map<List<Object>, List<Map<String, Object>>> rowsByPair = new LinkedHashMap<>();
        for (Map<String, Object> row : params) {
            rowsByPair.computeIfAbsent(Arrays.asList(row.get("s"), row.get("e")), k -> new ArrayList<>()).add(row);
        }
        List<Map<String, Object>> pairs = new ArrayList<>();
        List<List<Candidate>> candidates = new ArrayList<>();
        for (List<Object> pair : rowsByPair.keySet()) {
            Map<String, Object> p = new HashMap<>();
            p.put("k", pairs.size());
            p.put("s", pair.get(0));
            p.put("e", pair.get(1));
            pairs.add(p);
            candidates.add(new ArrayList<>());
        }
        tx.run(match + "MATCH (a)-[r:" + type + "]->(b)" + (marks ? " WHERE r." + quote(HELPER_REL_ID) + " IS NULL" : "")
                + " RETURN row.k AS k, elementId(r) AS id, properties(r) AS props ORDER BY k, size(id), id", Values.parameters("rows", pairs))
                .forEachRemaining(r -> candidates.get(r.get("k").asInt())
                        .add(new Candidate(r.get("id").asString(), GraphSnapshot.props(r.get("props").asMap(v -> v)))));
        List<Map<String, Object>> writes = new ArrayList<>();
        long claimed = 0;
        int pair = 0;
        for (List<Map<String, Object>> rows : rowsByPair.values()) {
            List<Candidate> of = candidates.get(pair++);
            if (of.isEmpty()) {
                continue;
            }
            Map<String, Deque<String>> byProps = new HashMap<>();
            for (Candidate c : of) {
                byProps.computeIfAbsent(c.props(), x -> new ArrayDeque<>()).add(c.id());
            }
            for (Map<String, Object> row : rows) {
                @SuppressWarnings("unchecked")
                Map<String, Object> props = (Map<String, Object>) row.get("props");
                String rel = untaken(byProps.get(GraphSnapshot.props(values(props))), taken);
                if (rel != null) {
                    row.put("claimed", true);
                    claimed++;
                    if (marks) {
                        writes.add(Map.of("rel", rel, "id", row.get("id"), "props", row.get("props")));
                    }
                }
            }
            Iterator<Candidate> any = of.iterator();
            for (Map<String, Object> row : rows) {
                String rel = Boolean.TRUE.equals(row.get("claimed")) ? null : untaken(any, taken);
                if (rel != null) {
                    row.put("claimed", true);
                    claimed++;
                    writes.add(Map.of("rel", rel, "id", row.get("id"), "props", row.get("props")));
                }
            }
        }
        if (!writes.isEmpty()) {
            tx.run("UNWIND $writes AS w MATCH ()-[r]->() WHERE elementId(r) = w.rel SET r += w.props"
                    + (marks ? ", r." + quote(HELPER_REL_ID) + " = w.id" : ""), Values.parameters("writes", writes)).consume();
        }
        return claimed;
    }

    /** An existing relationship that a row may claim, and its properties' canonical text. */
    private record Candidate(String id, String props) {
    }

    /** The first relationship of {@code ids} not yet taken, which it takes; null when none is left. */
    private static String untaken(Deque<String> ids, Set<String> taken) {
        while (ids != null && !ids.isEmpty()) {
            String id = ids.poll();
            if (taken.add(id)) {
                return id;
            }
        }
        return null;
    }

    /** The next candidate not yet taken, which it takes; null when none is left. */
    private static String untaken(Iterator<Candidate> candidates, Set<String> taken) {
        while (candidates.hasNext()) {
            String id = candidates.next().id();
            if (taken.add(id)) {
                return id;
            }
        }
        return null;
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
        /**
         * A batch waits for its group to end up to this many times its size in rows and bytes; a
         * larger group is split (memory comes first), and the next batch's writer carries on from it.
         */
        static final int MAX_GROUP_FACTOR = 4;

        private final int maxRows;
        private final ToIntFunction<T> partition;
        private final Function<T, Object> group;
        private final List<BlockingQueue<List<T>>> queues = new ArrayList<>();
        private final List<List<T>> rows = new ArrayList<>();
        private final long[] bytes;
        private final List<Thread> writers = new ArrayList<>();
        private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
        private boolean closed;

        Batcher(GraphImporter importer, int maxRows, int writerCount, BiConsumer<Session, List<T>> sink) {
            this(importer, maxRows, writerCount, null, sink);
        }

        Batcher(GraphImporter importer, int maxRows, int writerCount, ToIntFunction<T> partition,
                BiConsumer<Session, List<T>> sink) {
            this(importer, maxRows, writerCount, partition, null, sink);
        }

        /**
         * {@code partition}: null, or a row's partition; rows of equal partitions share a writer.
         * {@code group}: null, or a row's group; a full batch waits for its group to end (up to
         * {@link #MAX_GROUP_FACTOR} times its size), so consecutive rows of one group share a batch.
         */
        Batcher(GraphImporter importer, int maxRows, int writerCount, ToIntFunction<T> partition, Function<T, Object> group,
                BiConsumer<Session, List<T>> sink) {
            this.maxRows = maxRows;
            this.partition = partition;
            this.group = group;
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
            if (batch.size() >= maxRows || bytes[lane] >= MAX_BATCH_BYTES) {
                boolean sameGroup = group != null && !batch.isEmpty() && batch.size() < (long) maxRows * MAX_GROUP_FACTOR
                        && bytes[lane] < MAX_BATCH_BYTES * MAX_GROUP_FACTOR
                        && group.apply(row).equals(group.apply(batch.get(batch.size() - 1)));
                if (!sameGroup) {
                    flush(lane);
                    batch = rows.get(lane);
                }
            }
            batch.add(row);
            bytes[lane] += size;
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

        /** A writer's failure, raised where the rows are read: it is about an earlier batch, not the current record. */
        private void rethrow() {
            RuntimeException e = failure.get();
            if (e != null) {
                throw new BackupReader.SinkFailure(e);
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
